import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..const import LEADER, OFF_SHEET_STATES, OFFICE
from ..kernels import cycle


class CoopShift(models.Model):
    """One dated occurrence of a template, or a one-off shift."""

    _name = "coop.shift"
    _description = "Shift"
    _order = "date_start, id"
    _check_company_auto = True

    # A technical key, searchable and the same in every language ("B 2026-03-03 18:00", the
    # shop's local time); people read display_name, in their own language.
    name = fields.Char(compute="_compute_name", store=True)
    template_id = fields.Many2one("coop.shift.template", index=True, ondelete="restrict")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date_start = fields.Datetime(required=True, index=True)
    date_end = fields.Datetime(required=True)
    local_day = fields.Date(
        string="Day",
        compute="_compute_local_day",
        store=True,
        index=True,
        help="The shop's day of the shift, in the company's time zone: what reports group by.",
    )
    seats = fields.Integer(required=True, default=12)
    seats_taken = fields.Integer(compute="_compute_seats", store=True)
    seats_available = fields.Integer(compute="_compute_seats", store=True)
    shift_type_id = fields.Many2one("coop.shift.type", string="Task")
    leader_ids = fields.Many2many("res.partner", string="Shift Leaders")
    registration_ids = fields.One2many("coop.shift.registration", "shift_id")
    state = fields.Selection(
        [("open", "Open"), ("done", "Validated"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
        index=True,
    )
    validated_by_id = fields.Many2one("res.users", readonly=True)
    week_letter = fields.Char(related="template_id.week_letter")

    _sql_constraints = [
        (
            "template_start_uniq",
            "unique(template_id, date_start)",
            "A template has one shift at a given time.",
        ),
    ]

    @api.depends("template_id.week_letter", "date_start", "company_id")
    def _compute_name(self):
        for shift in self:
            if not shift.date_start:
                shift.name = False
                continue
            tz = pytz.timezone(shift.company_id._coop_tz())
            local = pytz.utc.localize(shift.date_start).astimezone(tz)
            prefix = shift.template_id.week_letter
            shift.name = f"{prefix} {local:%Y-%m-%d %H:%M}" if prefix else f"{local:%Y-%m-%d %H:%M}"

    @api.depends("date_start", "company_id")
    def _compute_local_day(self):
        for shift in self:
            shift.local_day = shift._coop_local_day() if shift.date_start else False

    @api.depends("name", "template_id.week_letter", "date_start", "company_id")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """ "B-Thu 3 Dec, 18:00" in the reader's language, at the shop's time."""
        for shift in self:
            if not shift.date_start:
                shift.display_name = shift.name or ""
                continue
            when = shift.company_id._coop_format_moment(shift.date_start)
            letter = shift.template_id.week_letter
            shift.display_name = f"{letter}-{when}" if letter else when

    @api.depends("seats", "registration_ids.state")
    def _compute_seats(self):
        counts = dict(
            self.env["coop.shift.registration"]._read_group(
                [("shift_id", "in", self.ids), ("state", "not in", OFF_SHEET_STATES)],
                ["shift_id"],
                ["__count"],
            )
        )
        for shift in self:
            shift.seats_taken = counts.get(shift, 0)
            shift.seats_available = shift.seats - shift.seats_taken

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for shift in self:
            if shift.date_end <= shift.date_start:
                raise UserError(self.env._("A shift must end after it starts."))

    def _lock_for_booking(self):
        """Serialise bookings of one shift so that two people never take the last seat.

        Touching the row (not only locking it) matters: under Odoo's REPEATABLE READ a
        concurrent booking then fails with a serialization error instead of counting
        seats in its stale snapshot, and Odoo retries it against the fresh data.
        """
        self.flush_recordset()
        self.env.cr.execute(
            "UPDATE coop_shift SET write_date = write_date WHERE id IN %s", [tuple(self.ids)]
        )
        self.invalidate_recordset(["seats_taken", "seats_available"])

    def _free_seats_now(self, at_the_door=False):
        """Seats left, counted from the registrations themselves once the shift is locked.

        At the door, people marked absent or excused no longer hold a seat.
        """
        self.ensure_one()
        self.env["coop.shift.registration"].flush_model(["shift_id", "state"])
        freed = (*OFF_SHEET_STATES, "absent", "excused") if at_the_door else OFF_SHEET_STATES
        self.env.cr.execute(
            """SELECT count(*) FROM coop_shift_registration
                WHERE shift_id = %s AND state NOT IN %s""",
            [self.id, freed],
        )
        return self.seats - self.env.cr.fetchone()[0]

    def _check_task_seat(self, shift_type):
        """Refuse a booking for a task whose reserved seats are all taken."""
        self.ensure_one()
        quota = self.template_id.seat_ids.filtered(lambda line: line.shift_type_id == shift_type)
        if not quota:
            return
        taken = self.env["coop.shift.registration"].search_count(
            [
                ("shift_id", "=", self.id),
                ("shift_type_id", "=", shift_type.id),
                ("state", "not in", OFF_SHEET_STATES),
            ]
        )
        if taken >= quota.seats:
            raise UserError(
                self.env._(
                    "No seat left for %(task)s on %(shift)s.", task=shift_type.name, shift=self.name
                )
            )

    def _coop_local_day(self):
        """The shop's local day of this shift (the company's time zone, never the user's)."""
        self.ensure_one()
        return cycle.local_day(self.date_start, self.company_id._coop_tz())

    def _coop_day_label(self):
        """The shift's day as members read it: "Thu 3 Dec"."""
        self.ensure_one()
        return self.company_id._coop_format_day(self._coop_local_day())

    def _local_hours(self):
        self.ensure_one()
        tz = pytz.timezone(self.company_id._coop_tz())
        start = pytz.utc.localize(self.date_start).astimezone(tz)
        end = pytz.utc.localize(self.date_end).astimezone(tz)
        begin = cycle.format_hour(start.hour + start.minute / 60)
        return f"{begin}–{cycle.format_hour(end.hour + end.minute / 60)}"

    def _coop_check_runs_sheet(self):
        """Only the leaders of these shifts and the members' office run their sheets.

        Leaders change nothing else on a shift (their access is read-only): what they do at
        the door goes through the sheet's methods, which ask this first.
        """
        if self.env["res.users"]._coop_acts_as(OFFICE):
            return
        user = self.env.user
        if user.has_group(LEADER):
            foreign = self.filtered(lambda shift: user.partner_id not in shift.leader_ids)
        else:
            foreign = self
        if foreign:
            raise AccessError(
                self.env._(
                    "Only the leaders of %s and the members' office may run its sheet.",
                    foreign[0].display_name,
                )
            )

    def action_validate_sheet(self):
        """The leader's validation: every mark is final, nobody stays planned."""
        self._coop_check_runs_sheet()
        now = fields.Datetime.now()
        for shift in self:
            if shift.state != "open":
                raise UserError(self.env._("%s is not open.", shift.display_name))
            if shift.date_start > now:
                raise UserError(
                    self.env._(
                        "The sheet of %s can be validated once the shift has started.",
                        shift.display_name,
                    )
                )
            if shift.registration_ids.filtered(lambda r: r.state in ("planned", "offered")):
                raise UserError(
                    self.env._(
                        "Mark everyone on the sheet of %s before validating it.", shift.display_name
                    )
                )
        self.sudo().write({"state": "done", "validated_by_id": self.env.user.id})
        return True

    @api.model
    def _cron_close_forgotten_sheets(self):
        """Close sheets nobody validated, with each company's default mark."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([]):
            limit = fields.Datetime.subtract(now, hours=company.coop_shift_autoclose_hours)
            shifts = self.search(
                [("company_id", "=", company.id), ("state", "=", "open"), ("date_end", "<", limit)]
            )
            pending = shifts.registration_ids.filtered(lambda r: r.state in ("planned", "offered"))
            if company.coop_shift_autoclose_mark == "absent":
                pending.action_absent()
            else:
                pending.action_attend()
            shifts.write({"state": "done"})
