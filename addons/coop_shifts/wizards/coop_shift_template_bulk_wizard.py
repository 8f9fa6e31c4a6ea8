from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import MANAGER


class CoopShiftTemplateBulkWizard(models.TransientModel):
    """Change several teams at once, then bring their future shifts in line."""

    _name = "coop.shift.template.bulk.wizard"
    _description = "Change Several Teams"

    template_ids = fields.Many2many(
        "coop.shift.template",
        string="Teams",
        required=True,
        default=lambda self: self._default_templates(),
    )
    change_seats = fields.Boolean(string="Change Seats")
    seats = fields.Integer()
    leader_action = fields.Selection(
        [
            ("keep", "Keep"),
            ("add", "Add"),
            ("remove", "Remove"),
            ("set", "Replace With"),
        ],
        string="Leaders",
        required=True,
        default="keep",
    )
    leader_ids = fields.Many2many("res.partner", string="Shift Leaders")
    change_date_end = fields.Boolean(string="Set an End Date")
    date_end = fields.Date(
        string="Active Until",
        help="Last day of these teams: later shifts are cancelled and memberships end then.",
    )
    update_future_shifts = fields.Boolean(
        string="Update Future Shifts",
        default=True,
        help="Apply the seats and leaders to the shifts already generated after now.",
    )

    @api.model
    def _default_templates(self):
        if self.env.context.get("active_model") == "coop.shift.template":
            return [Command.set(self.env.context.get("active_ids") or [])]
        return []

    def action_apply(self):
        if not self.env["res.users"]._coop_acts_as(MANAGER):
            raise AccessError(self.env._("Only a shifts manager changes several teams at once."))
        self._apply()
        return {"type": "ir.actions.act_window_close"}

    def _leader_commands(self):
        if self.leader_action == "add":
            return [Command.link(pid) for pid in self.leader_ids.ids]
        if self.leader_action == "remove":
            return [Command.unlink(pid) for pid in self.leader_ids.ids]
        if self.leader_action == "set":
            return [Command.set(self.leader_ids.ids)]
        return []

    def _apply(self):
        self.ensure_one()
        templates = self.template_ids
        if not templates:
            raise UserError(self.env._("Choose the teams to change."))
        if self.leader_action in ("add", "remove") and not self.leader_ids:
            raise UserError(self.env._("Choose the leaders to add or remove."))
        leader_commands = self._leader_commands()
        if not (self.change_seats or leader_commands or self.change_date_end):
            raise UserError(self.env._("Choose something to change."))
        today = shop_today(self)
        if self.change_seats and self.seats < 1:
            raise UserError(self.env._("A shift needs at least one seat."))
        if self.change_date_end and (not self.date_end or self.date_end < today):
            raise UserError(self.env._("The end date is today or later: the past stays as it was."))

        now = fields.Datetime.now()
        future = self.env["coop.shift"].search(
            [("template_id", "in", templates.ids), ("state", "=", "open"), ("date_start", ">", now)]
        )
        beyond = self.env["coop.shift"]
        if self.change_date_end:
            beyond = future.filtered(lambda s: s._coop_local_day() > self.date_end)
            future -= beyond
        if self.change_seats and self.update_future_shifts:
            crowded = future.filtered(lambda s: s.seats_taken > self.seats)
            if crowded:
                raise UserError(
                    self.env._(
                        "%(shift)s already has %(count)s people: free seats before going down "
                        "to %(seats)s.",
                        shift=crowded[0].display_name,
                        count=crowded[0].seats_taken,
                        seats=self.seats,
                    )
                )

        vals = {}
        if self.change_seats:
            vals["seats"] = self.seats
        if leader_commands:
            vals["leader_ids"] = leader_commands
        if self.change_date_end:
            vals["date_end"] = self.date_end
        templates.write(vals)

        if self.update_future_shifts:
            shift_vals = {k: v for k, v in vals.items() if k in ("seats", "leader_ids")}
            if shift_vals and future:
                future.write(shift_vals)
        if beyond:
            pending = beyond.registration_ids.filtered(lambda r: r.state in ("planned", "offered"))
            pending.write({"state": "cancelled"})
            beyond.write({"state": "cancelled"})
        if self.change_date_end:
            self._end_memberships(templates)
        templates.action_generate_shifts()
        return templates

    def _end_memberships(self, templates):
        """Nobody stays in a team after its last day."""
        memberships = self.env["coop.shift.team.membership"].search(
            [
                ("template_id", "in", templates.ids),
                "|",
                ("date_end", "=", False),
                ("date_end", ">", self.date_end),
            ]
        )
        never_started = memberships.filtered(lambda m: m.date_start > self.date_end)
        never_started.unlink()
        (memberships - never_started).write({"date_end": self.date_end})
