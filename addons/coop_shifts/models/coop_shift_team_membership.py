from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.coop_membership.models.res_company import shop_today


class CoopShiftTeamMembership(models.Model):
    """A member belongs to a team (a template slot) for a dated period."""

    _name = "coop.shift.team.membership"
    _description = "Team Membership"
    _order = "date_start desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    template_id = fields.Many2one(
        "coop.shift.template", string="Team", required=True, index=True, ondelete="restrict"
    )
    date_start = fields.Date(required=True, default=shop_today)
    date_end = fields.Date(help="Last day in the team; empty while the member stays.")
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    note = fields.Char()

    @api.constrains("partner_id", "date_start", "date_end")
    def _check_no_overlap(self):
        for membership in self:
            if membership.date_end and membership.date_end < membership.date_start:
                raise ValidationError(self.env._("A team membership cannot end before it starts."))
            domain = [
                ("partner_id", "=", membership.partner_id.id),
                ("id", "!=", membership.id),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", membership.date_start),
            ]
            if membership.date_end:
                domain.append(("date_start", "<=", membership.date_end))
            clash = self.search(domain, limit=1)
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is already in team %(team)s from %(date)s: "
                        "one team at a time. Use Change Team to move them.",
                        partner=membership.partner_id.display_name,
                        team=clash.template_id.display_name,
                        date=clash.date_start,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        memberships = super().create(vals_list)
        memberships.partner_id.sudo().write({"coop_shift_unsubscribed": False})
        memberships._sync_future_registrations()
        return memberships

    def write(self, vals):
        res = super().write(vals)
        if {"date_start", "date_end", "template_id"} & set(vals):
            self._sync_future_registrations()
        return res

    def _sync_future_registrations(self):
        """Future team registrations follow membership changes; the past never moves."""
        self.template_id._generate_registrations(partners=self.partner_id)
        now = fields.Datetime.now()
        Registration = self.env["coop.shift.registration"]
        stale = Registration.search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("kind", "=", "team"),
                ("state", "=", "planned"),
                ("date_start", ">", now),
            ]
        )
        # A team shift taken over through a swap is a promise to cover it, not a team slot.
        swapped_in = self.env["coop.shift.swap"].search(
            [
                "|",
                ("taker_registration_id", "in", stale.ids),
                ("giver_registration_id", "in", stale.ids),
            ]
        )
        stale -= swapped_in.taker_registration_id | swapped_in.giver_registration_id
        active = self.env["coop.shift.team.membership"].search(
            [("partner_id", "in", self.partner_id.ids)]
        )
        for registration in stale:
            day = registration.shift_id._coop_local_day()
            if not active.filtered(
                lambda m, reg=registration, day=day: (
                    m.partner_id == reg.partner_id
                    and m.template_id == reg.shift_id.template_id
                    and m.date_start <= day
                    and (not m.date_end or m.date_end >= day)
                )
            ):
                registration.state = "cancelled"
