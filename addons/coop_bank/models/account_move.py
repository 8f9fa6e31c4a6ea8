from odoo import models

from .res_partner import REFERENCE_MAX_LENGTH


class AccountMove(models.Model):
    _inherit = "account.move"

    def _get_invoice_computed_reference(self):
        reference = self._coop_member_payment_reference()
        return reference or super()._get_invoice_computed_reference()

    def _coop_member_payment_reference(self):
        """The structured reference of a member's invoice, "<member key>-<invoice id>"
        (42-1537): who pays and for what, within a UK bank reference's 18 characters.
        Capital invoices carry it from the first one, before the member has a number.
        Empty for anyone else's documents, which keep Odoo's own reference."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if self.move_type != "out_invoice" or not self.id or not partner:
            return ""
        if not (partner.coop_member_number or self.journal_id.coop_is_share_capital):
            return ""
        reference = f"{partner._coop_reference_key()}-{self.id}"
        return reference if len(reference) <= REFERENCE_MAX_LENGTH else ""

    def _coop_bank_transfer_details(self):
        """{"holder", "number", "bank"} of the co-op's account members pay this invoice
        into (public: it is printed on the invoice), or {}."""
        self.ensure_one()
        account = self.sudo().partner_bank_id
        if account:
            return account._coop_transfer_details()
        return self.company_id._coop_transfer_bank_details()
