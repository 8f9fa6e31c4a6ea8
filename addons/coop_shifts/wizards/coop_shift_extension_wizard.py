from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import OFFICE

# Statuses in which more time before suspension means something.
OWING_STATUSES = ("alert", "delay", "suspended")


class CoopShiftExtensionWizard(models.TransientModel):
    """Staff give a member who owes shifts more time before (or out of) suspension."""

    _name = "coop.shift.extension.wizard"
    _description = "Grant an Extension"

    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        default=lambda self: self._default_partner(),
        domain=[("coop_is_working", "=", True)],
    )
    shift_status = fields.Selection(related="partner_id.coop_shift_status")
    alert_end = fields.Date(related="partner_id.coop_shift_alert_end")
    extension_until = fields.Date(related="partner_id.coop_shift_extension_until")
    date_end = fields.Date(string="Until", required=True)
    reason = fields.Char(required=True)

    @api.model
    def _default_partner(self):
        if self.env.context.get("active_model") == "res.partner":
            return self.env.context.get("active_id")
        return False

    def action_apply(self):
        if not self.env["res.users"]._coop_acts_as(OFFICE):
            raise AccessError(self.env._("Only the members' office grants extensions."))
        self._apply()
        return {"type": "ir.actions.act_window_close"}

    def _apply(self):
        self.ensure_one()
        partner = self.partner_id
        today = shop_today(self)
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say why the extension is granted."))
        if self.date_end <= today:
            raise UserError(self.env._("An extension ends after today."))
        if partner.coop_shift_status not in OWING_STATUSES:
            raise UserError(
                self.env._(
                    "%s owes no shift: extensions are for members in alert or suspended.",
                    partner.name,
                )
            )
        current_end = partner.coop_shift_extension_until
        if current_end and self.date_end <= current_end:
            raise UserError(
                self.env._(
                    "%(member)s already has an extension until %(date)s.",
                    member=partner.name,
                    date=fields.Date.to_string(current_end),
                )
            )
        extension = self.env["coop.shift.extension"].create(
            {
                "partner_id": partner.id,
                "kind": "staff",
                "date_start": today,
                "date_end": self.date_end,
                "reason": self.reason.strip(),
                "company_id": (partner.company_id or self.env.company).id,
            }
        )
        # Logged on the member for everyone to see, even by staff who may not edit contacts.
        partner.sudo().message_post(
            author_id=self.env.user.partner_id.id,
            body=self.env._(
                "Extension granted until %(date)s: %(reason)s",
                date=fields.Date.to_string(self.date_end),
                reason=extension.reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return extension
