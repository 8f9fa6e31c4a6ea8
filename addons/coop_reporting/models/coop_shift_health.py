from psycopg2 import sql

from odoo import fields, models, tools

from odoo.addons.coop_shifts.const import OFF_SHEET_STATES


class CoopShiftHealth(models.Model):
    """One row per shift: its seats, how many were taken, who came, who did not, how many
    came to make a shift up. A view over the shifts and their sheets, so it is never behind
    them; the fill rate is the shift's own seat count (`seats_taken`), not a second one."""

    _name = "coop.shift.health"
    _description = "Shift Health"
    _auto = False
    _order = "day desc, shift_id"
    _rec_name = "shift_id"

    shift_id = fields.Many2one("coop.shift", readonly=True)
    day = fields.Date(readonly=True, help="The shop's day of the shift.")
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("coop.shift.template", string="Team", readonly=True)
    shift_type_id = fields.Many2one("coop.shift.type", string="Task", readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Validated"), ("cancelled", "Cancelled")], readonly=True
    )
    is_past = fields.Boolean(string="Past", readonly=True)
    shifts = fields.Integer(readonly=True, aggregator="sum")
    seats = fields.Integer(readonly=True, aggregator="sum")
    seats_taken = fields.Integer(string="Seats Taken", readonly=True, aggregator="sum")
    seats_empty = fields.Integer(string="Empty Seats", readonly=True, aggregator="sum")
    fill_rate = fields.Float(
        string="Fill Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Seats taken out of seats, in percent; added up, the average of the shifts.",
    )
    attended = fields.Integer(readonly=True, aggregator="sum")
    absent = fields.Integer(readonly=True, aggregator="sum")
    excused = fields.Integer(readonly=True, aggregator="sum")
    makeups = fields.Integer(
        string="Make-ups",
        readonly=True,
        aggregator="sum",
        help="Seats taken by members making up a missed shift.",
    )
    attendance_rate = fields.Float(
        string="Attendance (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Members who came out of those marked (came or absent), in percent.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            sql.SQL(
                """
            CREATE VIEW {table} AS (
                SELECT s.id AS id, s.id AS shift_id, s.local_day AS day, s.company_id,
                       s.template_id AS team_id, s.shift_type_id, s.state,
                       s.date_start < (now() AT TIME ZONE 'UTC') AS is_past,
                       1 AS shifts, s.seats, s.seats_taken,
                       GREATEST(s.seats - s.seats_taken, 0) AS seats_empty,
                       CASE WHEN s.seats > 0
                            THEN round(100.0 * s.seats_taken / s.seats, 1) END AS fill_rate,
                       COALESCE(r.attended, 0) AS attended, COALESCE(r.absent, 0) AS absent,
                       COALESCE(r.excused, 0) AS excused, COALESCE(r.makeups, 0) AS makeups,
                       CASE WHEN r.attended + r.absent > 0
                            THEN round(100.0 * r.attended / (r.attended + r.absent), 1)
                       END AS attendance_rate
                  FROM coop_shift s
                  LEFT JOIN (
                      SELECT shift_id,
                             count(*) FILTER (WHERE state = 'attended') AS attended,
                             count(*) FILTER (WHERE state = 'absent') AS absent,
                             count(*) FILTER (WHERE state = 'excused') AS excused,
                             count(*) FILTER (
                                 WHERE kind = 'makeup' AND state NOT IN %s) AS makeups
                        FROM coop_shift_registration
                       GROUP BY shift_id
                  ) r ON r.shift_id = s.id
            )"""
            ).format(table=sql.Identifier(self._table)),
            (OFF_SHEET_STATES,),
        )
