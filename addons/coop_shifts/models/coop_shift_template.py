from collections import defaultdict
from datetime import timedelta

from babel.dates import get_day_names

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse, get_lang

from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import MANAGER
from ..kernels import cycle

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class CoopShiftTemplate(models.Model):
    """A recurring slot of the cycle, and the team that works it."""

    _name = "coop.shift.template"
    _description = "Shift Template (Team)"
    _order = "week_index, weekday, start_hour"

    # In the reader's language ("B-Tue 18:00", "B-mar. 18:00"), so never stored.
    name = fields.Char(compute="_compute_name", search="_search_name")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    week_index = fields.Integer(
        string="Week", required=True, default=0, help="0 for week A, 1 for week B…"
    )
    week_letter = fields.Char(compute="_compute_week_letter", store=True)
    weekday = fields.Selection(WEEKDAYS, required=True, default="0")
    start_hour = fields.Float(string="Starts At", required=True, default=9.0)
    end_hour = fields.Float(string="Ends At", required=True, default=12.0)
    seats = fields.Integer(required=True, default=12)
    seat_ids = fields.One2many(
        "coop.shift.template.seat",
        "template_id",
        string="Seats per Task",
        help="Optional: seats reserved for given tasks, within the total.",
    )
    shift_type_id = fields.Many2one("coop.shift.type", string="Task")
    leader_ids = fields.Many2many("res.partner", string="Shift Leaders")
    date_start = fields.Date(string="Active From")
    date_end = fields.Date(string="Active Until")
    membership_ids = fields.One2many("coop.shift.team.membership", "template_id")
    member_count = fields.Integer(compute="_compute_member_count")
    shift_ids = fields.One2many("coop.shift", "template_id")

    @api.depends("week_index")
    def _compute_week_letter(self):
        for template in self:
            template.week_letter = cycle.week_letter(template.week_index or 0)

    @api.depends("week_index", "weekday", "start_hour")
    @api.depends_context("lang")
    def _compute_name(self):
        locale = babel_locale_parse(get_lang(self.env).code)
        weekdays = get_day_names("abbreviated", locale=locale)
        for template in self:
            template.name = cycle.template_name(
                template.week_index or 0,
                weekdays[int(template.weekday or 0)],
                template.start_hour or 0.0,
            )

    def _search_name(self, operator, value):
        # A co-op has tens or hundreds of teams: their names are compared as they read.
        templates = self.with_context(active_test=False).search([])
        return [("id", "in", templates.filtered_domain([("name", operator, value)]).ids)]

    @api.constrains("week_index", "start_hour", "end_hour", "seats", "date_start", "date_end")
    def _check_template(self):
        for template in self:
            weeks = template.company_id.coop_shift_cycle_weeks
            if not 0 <= template.week_index < weeks:
                raise ValidationError(
                    self.env._("The week must be within the %s-week cycle.", weeks)
                )
            if not 0 <= template.start_hour < template.end_hour <= 24:
                raise ValidationError(
                    self.env._("A shift must end after it starts, on the same day.")
                )
            if template.seats < 1:
                raise ValidationError(self.env._("A shift needs at least one seat."))
            if sum(template.seat_ids.mapped("seats")) > template.seats:
                raise ValidationError(
                    self.env._("%s reserves more seats for tasks than it has.", template.name)
                )
            if (
                template.date_start
                and template.date_end
                and template.date_end < template.date_start
            ):
                raise ValidationError(self.env._("A template cannot end before it starts."))

    def _compute_member_count(self):
        today = shop_today(self)
        counts = dict(
            self.env["coop.shift.team.membership"]._read_group(
                [
                    ("template_id", "in", self.ids),
                    ("date_start", "<=", today),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", today),
                ],
                ["template_id"],
                ["__count"],
            )
        )
        for template in self:
            template.member_count = counts.get(template, 0)

    # ------------------------------------------------------------ generation

    def action_generate_shifts(self, date_to=None):
        """Create the dated shifts and team registrations up to the horizon.

        Idempotent: what exists is looked up in one query per model and never made twice.
        """
        if not self.env["res.users"]._coop_acts_as(MANAGER):
            raise AccessError(self.env._("Only a shifts manager generates shifts."))
        templates = self or self.search([])
        today = shop_today(self)
        for company in templates.company_id:
            company_templates = templates.filtered(lambda t, c=company: t.company_id == c)
            horizon = date_to or today + timedelta(days=company.coop_shift_generate_days)
            company_templates._generate_shifts(today, horizon)
            company_templates._generate_registrations(date_from=today, date_to=horizon)
        return True

    def _planned_spans(self, date_from, date_to):
        """(template, local day, start, end in UTC) for every occurrence in the range."""
        spans = []
        for template in self:
            company = template.company_id
            tz = company._coop_tz()
            for day in cycle.occurrences(
                company.coop_shift_anchor_date,
                company.coop_shift_cycle_weeks,
                template.week_index,
                int(template.weekday),
                date_from,
                date_to,
                template.date_start,
                template.date_end,
            ):
                start, end = cycle.local_span_to_utc(
                    day, template.start_hour, template.end_hour, tz
                )
                spans.append((template, day, start, end))
        return spans

    def _generate_shifts(self, date_from, date_to):
        spans = self._planned_spans(date_from, date_to)
        if not spans:
            return self.env["coop.shift"]
        existing = {
            (shift.template_id.id, shift.date_start)
            for shift in self.env["coop.shift"]
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("template_id", "in", self.ids),
                    ("date_start", ">=", min(s[2] for s in spans)),
                    ("date_start", "<=", max(s[2] for s in spans)),
                ],
                ["template_id", "date_start"],
            )
        }
        closures = self.env["coop.shift.closure"].search(
            [("date_end", ">=", date_from), ("date_start", "<=", date_to)]
        )
        vals_list = []
        for template, day, start, end in spans:
            if (template.id, start) in existing:
                continue
            vals_list.append(
                {
                    "template_id": template.id,
                    "date_start": start,
                    "date_end": end,
                    "seats": template.seats,
                    "shift_type_id": template.shift_type_id.id,
                    "leader_ids": [(6, 0, template.leader_ids.ids)],
                    "company_id": template.company_id.id,
                    "state": "cancelled" if closures._covers(day) else "open",
                }
            )
        return self.env["coop.shift"].create(vals_list)

    def _generate_registrations(self, partners=None, date_from=None, date_to=None):
        """Team registrations for every open future shift of these templates."""
        now = fields.Datetime.now()
        domain = [
            ("template_id", "in", self.ids),
            ("state", "=", "open"),
            ("date_start", ">", now),
        ]
        if date_to:
            domain.append(
                ("date_start", "<=", fields.Datetime.to_datetime(date_to) + timedelta(days=1))
            )
        shifts = self.env["coop.shift"].search(domain)
        if not shifts:
            return self.env["coop.shift.registration"]
        membership_domain = [("template_id", "in", self.ids)]
        if partners is not None:
            membership_domain.append(("partner_id", "in", partners.ids))
        memberships = self.env["coop.shift.team.membership"].search(membership_domain)
        if not memberships:
            return self.env["coop.shift.registration"]
        existing = {
            (reg.shift_id.id, reg.partner_id.id)
            for reg in self.env["coop.shift.registration"].search_fetch(
                [("shift_id", "in", shifts.ids), ("partner_id", "in", memberships.partner_id.ids)],
                ["shift_id", "partner_id"],
            )
        }
        # Leaves are the members' office's to read; generation only needs their dates.
        leaves = (
            self.env["coop.shift.leave"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", memberships.partner_id.ids),
                    ("state", "=", "approved"),
                    ("date_end", ">=", shop_today(self)),
                ],
                ["partner_id", "date_start", "date_end"],
            )
        )
        # Plain values, looked up per person: filtering every leave for every seat of every
        # shift grew with shifts x members x leaves (36 s of 46 at 20,000 members).
        leaves_of = defaultdict(list)
        for leave in leaves:
            leaves_of[leave.partner_id.id].append((leave.date_start, leave.date_end, leave.id))
        by_template = defaultdict(list)
        for membership in memberships:
            by_template[membership.template_id.id].append(
                (membership.partner_id.id, membership.date_start, membership.date_end)
            )
        rows = []
        for shift in shifts:
            day = shift._coop_local_day()
            for partner_id, date_start, date_end in by_template.get(shift.template_id.id, []):
                if date_start > day or (date_end and date_end < day):
                    continue
                if (shift.id, partner_id) in existing:
                    continue
                leave_id = next(
                    (lid for start, end, lid in leaves_of[partner_id] if start <= day <= end),
                    None,
                )
                rows.append(
                    (
                        shift.id,
                        partner_id,
                        shift.company_id.id,
                        shift.date_start,
                        "waived" if leave_id else "planned",
                        leave_id,
                    )
                )
        return self._insert_team_registrations(rows)

    def _insert_team_registrations(self, rows):
        """Write generated team registrations in one statement, then let the ORM catch up.

        Through create() each row cost about 0.1 ms in defaults and related fields: most of
        the 5.6 s that 12 weeks took for 20,000 members. These rows are plain (nothing in
        create() applies to team registrations but the duplicate check, done above against
        what exists, with the unique index as the last guard).
        rows: (shift id, partner id, company id, start, state, leave id).
        """
        Registration = self.env["coop.shift.registration"]
        if not rows:
            return Registration
        Registration.flush_model()
        columns = list(zip(*rows, strict=True))
        self.env.cr.execute(
            SQL(
                """INSERT INTO coop_shift_registration
                       (shift_id, partner_id, company_id, date_start, state, leave_id, kind,
                        reminder_sent, create_uid, write_uid, create_date, write_date)
                   SELECT shift_id, partner_id, company_id, date_start, state, leave_id,
                          'team', false, %(uid)s, %(uid)s, %(now)s, %(now)s
                     FROM unnest(%(shifts)s::int[], %(partners)s::int[], %(companies)s::int[],
                                 %(starts)s::timestamp[], %(states)s::varchar[],
                                 %(leaves)s::int[])
                          AS r(shift_id, partner_id, company_id, date_start, state, leave_id)
                RETURNING id""",
                uid=self.env.uid,
                now=fields.Datetime.now(),
                shifts=list(columns[0]),
                partners=list(columns[1]),
                companies=list(columns[2]),
                starts=list(columns[3]),
                states=list(columns[4]),
                leaves=list(columns[5]),
            )
        )
        registrations = Registration.browse(sorted(row[0] for row in self.env.cr.fetchall()))
        # What the ORM would have done: forget cached lists of registrations, and recount the
        # seats of the shifts they fill.
        self.env["coop.shift"].invalidate_model(["registration_ids"])
        self.env["res.partner"].invalidate_model(["coop_shift_registration_ids"])
        registrations.modified(["shift_id", "state"], create=True)
        return registrations

    # ------------------------------------------------------------ a member's shifts to come

    @api.model
    def _forecast(self, partner, date_from, date_to):
        """`partner`'s team shifts from `date_from` to `date_to` not generated yet, by start.

        They follow the rules generation will apply (the cycle, the team's and the member's
        dates, closures, approved leaves), so members see months ahead what they will work.
        [{"template", "day" (the shop's local day), "start", "end" (naive UTC), "on_leave"}]
        """
        partner = partner.sudo()
        memberships = partner.coop_shift_membership_ids.filtered(
            lambda m: not m.date_end or m.date_end >= date_from
        )
        if not memberships:
            return []
        templates = memberships.template_id.sudo()
        generated_until = dict(
            self.env["coop.shift"]
            .sudo()
            ._read_group(
                [("template_id", "in", templates.ids)], ["template_id"], ["date_start:max"]
            )
        )
        closures = (
            self.env["coop.shift.closure"]
            .sudo()
            .search(
                [
                    ("company_id", "in", templates.company_id.ids),
                    ("date_end", ">=", date_from),
                    ("date_start", "<=", date_to),
                ]
            )
        )
        leaves = partner.coop_shift_leave_ids.filtered(
            lambda leave: leave.state == "approved" and leave.date_end >= date_from
        )
        occurrences = []
        for membership in memberships:
            template = membership.template_id.sudo()
            company = template.company_id
            tz = company._coop_tz()
            closed = closures.filtered(lambda c, company=company: c.company_id == company)
            start = max(filter(None, (date_from, membership.date_start)))
            last = generated_until.get(template)
            if last:
                start = max(start, cycle.local_day(last, tz) + timedelta(days=1))
            for day in cycle.occurrences(
                company.coop_shift_anchor_date,
                company.coop_shift_cycle_weeks,
                template.week_index,
                int(template.weekday),
                start,
                min(filter(None, (date_to, membership.date_end))),
                template.date_start,
                template.date_end,
            ):
                if closed._covers(day):
                    continue
                begin, end = cycle.local_span_to_utc(
                    day, template.start_hour, template.end_hour, tz
                )
                occurrences.append(
                    {
                        "template": template,
                        "day": day,
                        "start": begin,
                        "end": end,
                        "on_leave": bool(leaves._covering(partner, day)),
                    }
                )
        return sorted(occurrences, key=lambda occurrence: occurrence["start"])

    @api.model
    def _cron_generate_shifts(self):
        self.search([]).action_generate_shifts()
