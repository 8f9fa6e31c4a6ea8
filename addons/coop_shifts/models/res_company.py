from datetime import date

from odoo import fields, models

from ..kernels import cycle
from ..kernels.rules import PointRules

# How members read a day or a moment: res.company._coop_format_day and
# _coop_format_moment (coop_membership).


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_shift_cycle_weeks = fields.Integer(string="Weeks per Cycle", default=4)
    coop_shift_anchor_date = fields.Date(
        string="A Week A Monday",
        default=date(2026, 1, 5),
        help="Any Monday of a week A; the cycle repeats from it.",
    )
    coop_shift_generate_days = fields.Integer(string="Generate Shifts Ahead (days)", default=90)
    coop_shift_max_per_day = fields.Integer(string="Bookings per Day", default=2)
    coop_shift_max_per_period = fields.Integer(string="Bookings per Period", default=5)
    coop_shift_period_days = fields.Integer(string="Booking Period (days)", default=28)
    coop_shift_cancel_hours = fields.Integer(
        string="Cancel or Swap Deadline (hours)",
        default=24,
        help="Members may cancel a booking or offer a swap until this long before the shift.",
    )
    coop_shift_points_team_absent = fields.Integer(string="Team: Absent", default=-2)
    coop_shift_points_team_excused = fields.Integer(string="Team: Excused", default=-1)
    coop_shift_points_makeup = fields.Integer(string="Make-up Attended", default=1)
    coop_shift_points_flying_attended = fields.Integer(string="Flying: Attended", default=1)
    coop_shift_points_flying_absent = fields.Integer(string="Flying: Absent", default=-1)
    coop_shift_points_flying_cycle = fields.Integer(string="Flying: Each Cycle", default=-1)
    coop_shift_alert_days = fields.Integer(string="Alert Lasts (days)", default=28)
    coop_shift_unsubscribe_threshold = fields.Integer(string="Unsubscribe At or Below", default=-4)
    coop_shift_grace_days = fields.Integer(
        string="Self-service Grace (days)",
        default=10,
        help="Once, a member in alert may give themselves this many extra days.",
    )
    coop_shift_on_leave_may_shop = fields.Boolean(string="Members on Leave May Shop")
    coop_shift_autoclose_hours = fields.Integer(
        string="Close Unvalidated Shifts After (hours)", default=24
    )
    coop_shift_autoclose_mark = fields.Selection(
        [("attended", "Attended"), ("absent", "Absent")],
        string="Unmarked People Count As",
        default="attended",
        help="When nobody validated a sheet, the people still planned get this mark.",
    )

    def _coop_point_rules(self):
        self.ensure_one()
        return PointRules(
            team_absent=self.coop_shift_points_team_absent,
            team_excused=self.coop_shift_points_team_excused,
            makeup_attended=self.coop_shift_points_makeup,
            flying_attended=self.coop_shift_points_flying_attended,
            flying_absent=self.coop_shift_points_flying_absent,
            flying_per_cycle=self.coop_shift_points_flying_cycle,
            alert_days=self.coop_shift_alert_days,
            unsubscribe_threshold=self.coop_shift_unsubscribe_threshold,
        )

    def _coop_shift_may_shop_statuses(self):
        self.ensure_one()
        statuses = {"up_to_date", "alert", "delay", "exempted"}
        if self.coop_shift_on_leave_may_shop:
            statuses.add("on_leave")
        return statuses

    # ------------------------------------------------------------ the shop's clock, for people

    def _coop_shift_today(self):
        """The shop's today (its own time zone, never the reader's)."""
        self.ensure_one()
        return cycle.local_day(fields.Datetime.now(), self._coop_tz())
