from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.coop_membership.cron import in_batches

from ..const import AUDIENCES


class MailingList(models.Model):
    """A mailing list whose members are those the co-op's own rules name (who may shop, a
    team, a working group...). Kept in step when someone joins or leaves, every hour, and
    always right before a mailing goes out. A person who opted out of the list stays out;
    Odoo's blacklist is applied by mass mailing itself when sending."""

    _inherit = "mailing.list"

    coop_audience = fields.Selection(
        AUDIENCES,
        string="Kept by the Co-op's Rule",
        help="Leave empty for a list kept by hand. With a rule, the list's contacts are the "
        "people the rule names, and nobody else.",
    )
    coop_company_id = fields.Many2one(
        "res.company", string="Co-op", default=lambda self: self.env.company
    )
    coop_team_id = fields.Many2one("coop.shift.template", string="Team")
    coop_working_group_id = fields.Many2one("coop.working.group", string="Working Group")
    coop_synced_at = fields.Datetime(string="Brought up to Date", readonly=True, copy=False)

    @api.constrains("coop_audience", "coop_team_id", "coop_working_group_id")
    def _check_coop_audience(self):
        for mailing_list in self:
            if mailing_list.coop_audience == "team" and not mailing_list.coop_team_id:
                raise ValidationError(self.env._("Choose the team whose members get this list."))
            if (
                mailing_list.coop_audience == "working_group"
                and not mailing_list.coop_working_group_id
            ):
                raise ValidationError(
                    self.env._("Choose the working group whose members get this list.")
                )

    def _coop_audience_domain(self):
        """The co-op's rule for this list, as a domain on contacts. Each rule is asked of
        the addon that owns it (the shopping rule, the shift status, the team, the group)."""
        self.ensure_one()
        audience = self.coop_audience
        if audience == "may_shop":
            return [("coop_can_shop", "=", True)]
        if audience == "suspended":
            return [("coop_status", "=", "suspended")]
        if audience == "former_consenting":
            return [("coop_membership_state", "=", "former"), ("coop_news_consent", "=", True)]
        if audience == "team":
            today = self.coop_company_id._coop_shift_today()
            stays = self.env["coop.shift.team.membership"].search(
                [
                    ("template_id", "=", self.coop_team_id.id),
                    ("date_start", "<=", today),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", today),
                ]
            )
            return [("id", "in", stays.partner_id.ids)]
        if audience == "working_group":
            return [("id", "in", self.coop_working_group_id.member_ids.ids)]
        raise ValueError(f"no rule for {audience!r}")

    def _coop_audience(self, partners=None):
        """The people on this list by its rule (among `partners` when given), with an
        address to write to."""
        self.ensure_one()
        domain = [*self._coop_audience_domain(), ("email", "!=", False)]
        if partners is not None:
            domain.append(("id", "in", partners.ids))
        Partner = self.env["res.partner"].sudo().with_company(self.coop_company_id)
        return Partner.search(domain)

    def _coop_sync(self, partners=None):
        """Make the list's contacts the rule's people: add who came in, take off who left
        (unless they opted out: their opt-out is kept, so they never come back on by
        themselves), and follow name and address changes. With `partners`, only those."""
        Contact = self.env["mailing.contact"].sudo()
        for mailing_list in self.sudo().filtered("coop_audience"):
            wanted = mailing_list._coop_audience(partners)
            subscriptions = mailing_list.subscription_ids.filtered("contact_id.coop_partner_id")
            if partners is not None:
                subscriptions = subscriptions.filtered(
                    lambda s, p=partners: s.contact_id.coop_partner_id in p
                )
            on_list = subscriptions.contact_id.coop_partner_id
            gone = subscriptions.filtered(
                lambda s, w=wanted: s.contact_id.coop_partner_id not in w and not s.opt_out
            )
            gone.unlink()
            newcomers = wanted - on_list
            contacts = {
                contact.coop_partner_id: contact
                for contact in Contact.search([("coop_partner_id", "in", wanted.ids)])
            }
            for partner in wanted & on_list:
                contact = contacts[partner]
                if (contact.email, contact.name) != (partner.email, partner.name):
                    contact.write({"email": partner.email, "name": partner.name})
            missing = newcomers.filtered(lambda p, c=contacts: p not in c)
            created = Contact.create(
                [{"name": p.name, "email": p.email, "coop_partner_id": p.id} for p in missing]
            )
            contacts.update({contact.coop_partner_id: contact for contact in created})
            mailing_list.write(
                {
                    "subscription_ids": [
                        Command.create({"contact_id": contacts[p].id}) for p in newcomers
                    ],
                    "coop_synced_at": fields.Datetime.now(),
                }
            )
        return True

    def action_coop_sync(self):
        """Bring the list up to date now (the same as before each mailing)."""
        self.check_access("write")
        return self._coop_sync()

    @api.model
    def _cron_coop_sync(self):
        for mailing_list in in_batches(self.sudo().search([("coop_audience", "!=", False)]), 1):
            mailing_list._coop_sync()
