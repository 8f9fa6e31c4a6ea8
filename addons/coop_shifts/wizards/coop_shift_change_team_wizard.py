from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import OFFICE


class CoopShiftChangeTeamWizard(models.TransientModel):
    """Move a member to another team from a date, keeping the old membership as history."""

    _name = "coop.shift.change.team.wizard"
    _description = "Change Team"

    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        default=lambda self: self._default_partner(),
        domain=[("coop_is_working", "=", True)],
    )
    current_template_id = fields.Many2one(
        "coop.shift.template", string="Current Team", compute="_compute_current_template"
    )
    template_id = fields.Many2one("coop.shift.template", string="New Team", required=True)
    date = fields.Date(
        string="From",
        required=True,
        default=shop_today,
        help="First day in the new team. The current membership ends the day before.",
    )
    note = fields.Char()

    @api.model
    def _default_partner(self):
        if self.env.context.get("active_model") == "res.partner":
            return self.env.context.get("active_id")
        return False

    @api.depends("partner_id", "date")
    def _compute_current_template(self):
        for wizard in self:
            wizard.current_template_id = wizard._current_membership().template_id

    def _live_memberships(self):
        """Memberships still running on the change date, or starting after it."""
        self.ensure_one()
        if not (self.partner_id and self.date):
            return self.env["coop.shift.team.membership"]
        return self.env["coop.shift.team.membership"].search(
            [
                ("partner_id", "=", self.partner_id.id),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", self.date),
            ]
        )

    def _current_membership(self):
        return self._live_memberships().filtered(lambda m: m.date_start <= self.date)[:1]

    def action_apply(self):
        if not self.env["res.users"]._coop_acts_as(OFFICE):
            raise AccessError(
                self.env._("Only the members' office moves a member to another team.")
            )
        self._apply()
        return {"type": "ir.actions.act_window_close"}

    def _apply(self):
        self.ensure_one()
        today = shop_today(self)
        if self.date < today:
            raise UserError(
                self.env._(
                    "A team change takes effect today or later: the shifts already worked "
                    "stay with the old team."
                )
            )
        live = self._live_memberships()
        current = live.filtered(lambda m: m.date_start <= self.date)
        if current.template_id == self.template_id:
            raise UserError(
                self.env._(
                    "%(member)s is already in team %(team)s.",
                    member=self.partner_id.name,
                    team=self.template_id.display_name,
                )
            )
        # Memberships that would only begin on or after the change never ran: the new team
        # replaces them. Staff may not delete memberships, only this controlled change does.
        replaced = (live - current) | current.filtered(lambda m: m.date_start >= self.date)
        ended = current - replaced
        if replaced:
            replaced.sudo().unlink()
        if ended:
            ended.write({"date_end": self.date - timedelta(days=1)})
        membership = self.env["coop.shift.team.membership"].create(
            {
                "partner_id": self.partner_id.id,
                "template_id": self.template_id.id,
                "date_start": self.date,
                "note": self.note,
            }
        )
        # Logged on the member for everyone to see, even by staff who may not edit contacts.
        self.partner_id.sudo().message_post(
            author_id=self.env.user.partner_id.id,
            body=self.env._(
                "Team changed from %(old)s to %(new)s on %(date)s.",
                old=ended.template_id.display_name or self.env._("no team"),
                new=self.template_id.display_name,
                date=fields.Date.to_string(self.date),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return membership
