from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.coop_shifts.kernels import cycle


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_group_hours_cap = fields.Float(
        string="Working Group Hours Credited per Cycle",
        default=3.0,
        help="At most this many hours in working groups count as shift work for a member in "
        "one cycle; hours over it are recorded but not credited.",
    )
    coop_group_hours_per_shift = fields.Float(
        string="Hours per Shift",
        default=3.0,
        help="The shift counters count shifts, not hours: this many hours in a working group "
        "are worth one shift (one point).",
    )

    coop_info_session_on_join = fields.Boolean(
        string="Information Meetings on the Join Form",
        default=True,
        help="The join form lists the coming information meetings with seats left, and the "
        "person may book one with their request.",
    )
    coop_info_session_required = fields.Boolean(
        string="Information Meeting Required",
        help="A subscription request is validated only once its person has attended an "
        "information meeting.",
    )

    @api.constrains("coop_group_hours_cap", "coop_group_hours_per_shift")
    def _check_coop_group_hours(self):
        for company in self:
            if company.coop_group_hours_cap < 0 or company.coop_group_hours_per_shift <= 0:
                raise ValidationError(
                    self.env._(
                        "The hours credited per cycle may not be negative, and a shift lasts "
                        "more than zero hours."
                    )
                )

    def _coop_group_cycle(self, day):
        """(first day, last day) of the work cycle `day` falls in."""
        self.ensure_one()
        start = cycle.cycle_start(day, self.coop_shift_anchor_date, self.coop_shift_cycle_weeks)
        return start, start + timedelta(weeks=self.coop_shift_cycle_weeks, days=-1)
