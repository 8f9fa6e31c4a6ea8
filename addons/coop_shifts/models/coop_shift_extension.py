from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import OFFICE


class CoopShiftExtension(models.Model):
    """Extra time (délai) before a member in alert is suspended."""

    _name = "coop.shift.extension"
    _description = "Shift Extension"
    _order = "date_end desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    date_start = fields.Date(required=True, default=shop_today)
    date_end = fields.Date(required=True)
    kind = fields.Selection(
        [("staff", "Granted by Staff"), ("grace", "Self-service Grace")],
        required=True,
        default="staff",
    )
    # Why staff gave more time often tells of someone's health or family: the office's only.
    reason = fields.Char(groups=OFFICE)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.constrains("date_start", "date_end", "kind", "reason")
    def _check_extension(self):
        for extension in self:
            if extension.date_end < extension.date_start:
                raise ValidationError(self.env._("An extension cannot end before it starts."))
            if extension.kind == "staff" and not (extension.reason or "").strip():
                raise ValidationError(self.env._("Say why the extension is granted."))

    @api.model
    def _grace_refusal(self, partner):
        """Why `partner` may not take the one-off self-service grace; None if they may."""
        if partner.coop_shift_status != "alert":
            return self.env._("A grace period is only for members in alert.")
        if self.sudo().search_count(
            [("partner_id", "=", partner.id), ("kind", "=", "grace")], limit=1
        ):
            return self.env._("The self-service grace can be taken only once.")
        return None

    @api.model
    def _take_grace(self, partner):
        """The one-off self-service grace: only once, and only in alert."""
        refusal = self._grace_refusal(partner)
        if refusal:
            raise UserError(refusal)
        company = partner.company_id or self.env.company
        start = partner.coop_shift_alert_end or shop_today(self)
        return self.sudo().create(
            {
                "partner_id": partner.id,
                "kind": "grace",
                "date_start": start,
                "date_end": start + timedelta(days=company.coop_shift_grace_days),
                "reason": self.env._("Self-service grace"),
                "company_id": company.id,
            }
        )
