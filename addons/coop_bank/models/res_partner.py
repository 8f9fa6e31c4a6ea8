import re

from odoo import api, models

# What a member writes on a transfer: "<member key>-<invoice number>" for an invoice, or
# "<member key>-TOPUP" to top up. The key is the member number, or P<contact id> for
# someone without one yet (a newcomer paying their first capital invoice). Banks may add
# text around it, change case, or put spaces around the hyphen.
REFERENCE_PATTERN = re.compile(
    r"(?<![A-Z0-9])(P?\d{1,9}) ?- ?(TOPUP|\d{1,9})(?![A-Z0-9])", re.IGNORECASE
)
TOP_UP = "TOPUP"
# UK bank references (Faster Payments, Bacs) hold 18 characters.
REFERENCE_MAX_LENGTH = 18


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_reference_key(self):
        """The part of this person's payment references that says who pays: the same as in
        the top-up reference of coop_membership, which stays the one place that decides it."""
        self.ensure_one()
        return self._coop_payment_reference().rsplit("-", 1)[0]

    @api.model
    def _coop_from_reference_key(self, key):
        """The person a reference key names, or an empty recordset."""
        key = (key or "").strip().upper()
        if key.startswith("P"):
            partner = self.sudo().browse(int(key[1:])).exists() if key[1:].isdigit() else None
            # Any person of the co-op: a newcomer keeps the reference of their first
            # capital invoice after a payment gives them a number.
            commercial = partner.commercial_partner_id if partner else None
            if commercial and (commercial.coop_member_number or commercial.coop_membership_state):
                return self.browse(commercial.id)
            return self.browse()
        partner = self.sudo().search([("coop_member_number", "=", key)], limit=1)
        return self.browse(partner.commercial_partner_id.id)

    @api.model
    def _coop_parse_payment_references(self, *texts):
        """[(key, what)] of every co-op reference in `texts`, in order, `what` being an
        invoice's number or TOPUP. Bank text may hold other digit-hyphen-digit groups (a
        sort code, a date): the caller keeps the first one that names something."""
        found = []
        for text in texts:
            for match in REFERENCE_PATTERN.finditer(text or ""):
                candidate = (match.group(1).upper(), match.group(2).upper())
                if candidate not in found:
                    found.append(candidate)
        return found
