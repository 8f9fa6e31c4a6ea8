from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.coop_membership.cron import in_batches

from ..const import OFF_SHEET_STATES, OFFICE

# Members book their own shifts this far ahead; the portal lists the same ones.
BOOKING_HORIZON_DAYS = 28
MARKED_STATES = ("attended", "absent", "excused")


class CoopShiftRegistration(models.Model):
    """A person on a shift: their own team's, a make-up, or a flying member's."""

    _name = "coop.shift.registration"
    _description = "Shift Registration"
    _order = "date_start, id"
    _check_company_auto = True

    shift_id = fields.Many2one("coop.shift", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="shift_id.company_id", store=True)
    date_start = fields.Datetime(related="shift_id.date_start", store=True, index=True)
    kind = fields.Selection(
        [("team", "Team"), ("makeup", "Make-up"), ("flying", "Flying")],
        required=True,
        default="makeup",
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("offered", "Offered for Swap"),
            ("swapped", "Swapped Away"),
            ("attended", "Attended"),
            ("absent", "Absent"),
            ("excused", "Excused"),
            ("waived", "Waived"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        index=True,
    )
    shift_type_id = fields.Many2one("coop.shift.type", string="Task")
    leave_id = fields.Many2one("coop.shift.leave", readonly=True, groups=OFFICE)
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    event_ids = fields.One2many("coop.shift.counter.event", "registration_id", readonly=True)

    _sql_constraints = []

    def init(self):
        # One live registration per person per shift; cancelled ones stay as history.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS coop_shift_registration_one_per_person
                ON coop_shift_registration (shift_id, partner_id)
             WHERE state NOT IN %s
            """,
            [OFF_SHEET_STATES],
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_one_per_person(vals_list)
        return super().create(vals_list)

    @api.model
    def _check_one_per_person(self, vals_list):
        """Refuse a second live registration before writing; the unique index guards races."""
        pairs = [
            (vals.get("shift_id"), vals.get("partner_id"))
            for vals in vals_list
            if vals.get("state", "planned") not in OFF_SHEET_STATES
        ]
        if not pairs:
            return
        if len(pairs) != len(set(pairs)):
            raise ValidationError(self.env._("The same person is registered twice on one shift."))
        existing = self.search(
            [
                ("shift_id", "in", list({shift for shift, _partner in pairs})),
                ("partner_id", "in", list({partner for _shift, partner in pairs})),
                ("state", "not in", OFF_SHEET_STATES),
            ]
        )
        taken = {(reg.shift_id.id, reg.partner_id.id): reg for reg in existing}
        for pair in pairs:
            if pair in taken:
                reg = taken[pair]
                raise ValidationError(
                    self.env._(
                        "%(partner)s is already on %(shift)s.",
                        partner=reg.partner_id.name,
                        shift=reg.shift_id.display_name,
                    )
                )

    # ------------------------------------------------------------ booking

    @api.model
    def _coop_booking_kind(self, partner):
        return "flying" if partner.coop_shift_mode == "flying" else "makeup"

    @api.model
    def _book(self, shift, partner, kind=None, walk_in=False, shift_type=None):
        """Book a make-up (team member) or a flying shift, checking every limit.

        A walk-in is booked at the door of a shift under way: it may have started, and
        people marked absent or excused have freed their seats.
        """
        kind = kind or self._coop_booking_kind(partner)
        now = fields.Datetime.now()
        if shift.state != "open" or (not walk_in and shift.date_start <= now):
            raise UserError(
                self.env._("%s is past or closed: choose a future shift.", shift.display_name)
            )
        if partner.coop_shift_unsubscribed:
            raise UserError(
                self.env._("%s is unsubscribed from shifts: see the members' office.", partner.name)
            )
        shift._lock_for_booking()
        self._check_not_on_shift(shift, partner)
        if shift._free_seats_now(at_the_door=walk_in) <= 0:
            raise UserError(self.env._("%s is full.", shift.display_name))
        if shift_type:
            shift._check_task_seat(shift_type)
        self._check_booking_limits(shift, partner)
        return self.create(
            {
                "shift_id": shift.id,
                "partner_id": partner.id,
                "kind": kind,
                "shift_type_id": shift_type.id if shift_type else False,
            }
        )

    @api.model
    def _check_booking_limits(self, shift, partner):
        company = shift.company_id
        day_start = shift.date_start.replace(hour=0, minute=0, second=0)
        same_day = self.search_count(
            [
                ("partner_id", "=", partner.id),
                ("kind", "in", ("makeup", "flying")),
                ("state", "not in", OFF_SHEET_STATES),
                ("date_start", ">=", day_start),
                ("date_start", "<", day_start + timedelta(days=1)),
            ]
        )
        if same_day >= company.coop_shift_max_per_day:
            raise UserError(
                self.env._("At most %s booked shifts a day.", company.coop_shift_max_per_day)
            )
        half = timedelta(days=company.coop_shift_period_days)
        in_period = self.search_count(
            [
                ("partner_id", "=", partner.id),
                ("kind", "in", ("makeup", "flying")),
                ("state", "not in", OFF_SHEET_STATES),
                ("date_start", ">", shift.date_start - half),
                ("date_start", "<", shift.date_start + half),
            ]
        )
        if in_period >= company.coop_shift_max_per_period:
            raise UserError(
                self.env._(
                    "At most %(count)s booked shifts in %(days)s days.",
                    count=company.coop_shift_max_per_period,
                    days=company.coop_shift_period_days,
                )
            )

    # ------------------------------------------------------------ members booking themselves

    @api.model
    def _coop_booking_horizon(self):
        """The last moment a member may book a shift for themselves, from now."""
        return fields.Datetime.now() + timedelta(days=BOOKING_HORIZON_DAYS)

    @api.model
    def _coop_bookable_domain(self, partner):
        """Shifts `partner` may book for themselves, as far as the shift is concerned."""
        company = partner.company_id or self.env.company
        return [
            ("company_id", "=", company.id),
            ("state", "=", "open"),
            ("date_start", ">", fields.Datetime.now()),
            ("date_start", "<=", self._coop_booking_horizon()),
        ]

    @api.model
    def _coop_booking_refusal(self, partner, shift=None):
        """Why `partner` may not book (`shift`, or any shift) for themselves; None if they may.

        Only people who owe shifts book them: working members (holders of a working share
        class) who are neither exempt nor unsubscribed, and not on leave on that day.
        """
        partner = partner.sudo()
        if not partner.coop_is_working:
            return self.env._(
                "Only working members book shifts: your shares do not include shift work."
            )
        if partner.coop_shift_mode == "exempt":
            return self.env._("You are exempt from shifts: there is no shift for you to book.")
        if partner.coop_shift_unsubscribed:
            return self.env._(
                "You are unsubscribed from shifts: see the members' office to join a team again."
            )
        if shift is None:
            return None
        if not shift.sudo().filtered_domain(self._coop_bookable_domain(partner)):
            return self.env._(
                "%(shift)s cannot be booked: members book open shifts of the next %(days)s days.",
                shift=shift.sudo().display_name,
                days=BOOKING_HORIZON_DAYS,
            )
        day = shift.sudo()._coop_local_day()
        on_leave = (
            self.env["coop.shift.leave"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", partner.id),
                    ("state", "=", "approved"),
                    ("date_start", "<=", day),
                    ("date_end", ">=", day),
                ],
                limit=1,
            )
        )
        if on_leave:
            return self.env._(
                "You are on leave on %s: see the members' office to end your leave first.",
                shift.sudo().display_name,
            )
        return None

    @api.model
    def _coop_book_for_self(self, shift, partner):
        """`partner` books `shift` themselves (the portal): the rules above, then every limit."""
        refusal = self._coop_booking_refusal(partner, shift)
        if refusal:
            raise UserError(refusal)
        return self._book(shift, partner)

    def action_cancel_booking(self):
        """Cancel a make-up or flying booking before the deadline: the members' office, or a
        member through the portal (which checks the booking is theirs)."""
        if not self.env["res.users"]._coop_acts_as(OFFICE):
            raise AccessError(self.env._("Only the members' office cancels bookings."))
        for registration in self:
            refusal = registration._cancel_booking_refusal()
            if refusal:
                raise UserError(refusal)
        self.write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------ what may change, and until when

    @api.model
    def _coop_change_notice(self, company):
        """How long before a shift its bookings may still be cancelled, or it swapped."""
        return timedelta(hours=company.coop_shift_cancel_hours)

    def _cancel_deadline(self):
        """The last moment to cancel this booking or swap this shift: the one deadline."""
        self.ensure_one()
        return self.date_start - self._coop_change_notice(self.company_id)

    @api.model
    def _coop_in_time_domain(self, company):
        """The same deadline for a list: records whose `date_start` is still in time."""
        return [("date_start", ">=", fields.Datetime.now() + self._coop_change_notice(company))]

    def _cancel_booking_refusal(self):
        """Why this booking may not be cancelled now; None if it may."""
        self.ensure_one()
        if self.kind == "team":
            return self.env._("A team shift is not cancelled: offer a swap or ask for a leave.")
        if self.state != "planned" or self.shift_id.state != "open":
            return self.env._("Only a planned booking can be cancelled.")
        if fields.Datetime.now() > self._cancel_deadline():
            return self.env._(
                "Too late to cancel: bookings can be cancelled until %s hours before.",
                self.company_id.coop_shift_cancel_hours,
            )
        return None

    def _can_cancel_booking(self):
        self.ensure_one()
        return not self._cancel_booking_refusal()

    def _in_time_refusal(self):
        """Why this shift may no longer change hands; None while it may."""
        self.ensure_one()
        shift = self.shift_id
        if shift.state != "open":
            return self.env._(
                "%s is closed or cancelled: it cannot be swapped.", shift.display_name
            )
        if fields.Datetime.now() > self._cancel_deadline():
            return self.env._(
                "Too late to swap %(shift)s: swaps close %(hours)s hours before the shift.",
                shift=shift.display_name,
                hours=self.company_id.coop_shift_cancel_hours,
            )
        return None

    def _swap_refusal(self, states=("planned",)):
        """Why this registration may not be given away now; None if it may. Whose it is,
        the swap asks first."""
        self.ensure_one()
        if self.state not in states:
            labels = dict(self._fields["state"]._description_selection(self.env))
            return self.env._(
                "Only a planned shift can be swapped; %(shift)s is %(state)s.",
                shift=self.shift_id.display_name,
                state=labels.get(self.state),
            )
        return self._in_time_refusal()

    def _can_offer(self):
        """Whether its person may offer this shift for a swap, or give it in an exchange."""
        self.ensure_one()
        return not self._swap_refusal()

    # ------------------------------------------------------------ already on this shift

    @api.model
    def _coop_on_shift_domain(self, partner):
        """Registrations that put `partner` on their shift."""
        return [("partner_id", "=", partner.id), ("state", "not in", OFF_SHEET_STATES)]

    @api.model
    def _coop_on_shift(self, shift, partner):
        """`partner`'s registration on `shift`, if they are on it already."""
        return self.search(
            [("shift_id", "=", shift.id), *self._coop_on_shift_domain(partner)], limit=1
        )

    @api.model
    def _check_not_on_shift(self, shift, partner, anonymous=False):
        """Refuse to put `partner` on `shift` twice; `anonymous` keeps another member's name
        out of a message their swap partner may read on the portal."""
        if not self._coop_on_shift(shift, partner):
            return
        if anonymous:
            raise UserError(
                self.env._(
                    "The other member is already on %s: the exchange cannot happen.",
                    shift.display_name,
                )
            )
        raise UserError(
            self.env._(
                "%(name)s is already on %(shift)s.", name=partner.name, shift=shift.display_name
            )
        )

    # ------------------------------------------------------------ marking

    def action_attend(self):
        return self._mark("attended")

    def action_absent(self):
        return self._mark("absent")

    def action_excuse(self):
        return self._mark("excused")

    def _mark(self, state):
        """Set the mark and write the points it is worth, compensating any earlier mark.

        Only the shift's leaders, the members' office and the jobs mark; the marks and
        their points are then written as the system.
        """
        self.shift_id._coop_check_runs_sheet()
        for registration in self:
            if registration.state in (*OFF_SHEET_STATES, "waived"):
                raise UserError(
                    self.env._("%s is not on this shift any more.", registration.partner_id.name)
                )
            if registration.shift_id.state == "cancelled":
                raise UserError(self.env._("%s was cancelled.", registration.shift_id.display_name))
        if not self:
            return True
        events = self.env["coop.shift.counter.event"]
        previous = self.filtered(lambda r: r.state in MARKED_STATES and r.state != state)
        events._reverse_for(
            previous.event_ids.filtered(lambda e: not e.reversal_of_id and not e.reversed_by_ids)
        )
        to_score = self.filtered(lambda r: r.state != state)
        to_score.sudo().write({"state": state})
        events._record_marks(to_score)
        to_score.partner_id.sudo()._coop_shift_apply_unsubscribe_rules()
        if state == "absent":
            to_score._send_mail("coop_shifts.mail_template_shift_absence")
        return True

    def _send_mail(self, template_xmlid):
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        recipients = self.filtered("partner_id.email")
        if recipients:
            template.sudo().send_mail_batch(
                recipients.ids, email_layout_xmlid="mail.mail_notification_light"
            )

    @api.model
    def _cron_send_reminders(self, hours_ahead=48, batch_size=200):
        """Remind each person once, about two days before their shift."""
        now = fields.Datetime.now()
        due = self.search(
            [
                ("state", "=", "planned"),
                ("reminder_sent", "=", False),
                ("date_start", ">", now),
                ("date_start", "<=", now + timedelta(hours=hours_ahead)),
            ]
        )
        # Marked sent in the batch that queues the mails: a job cut off half-way keeps the
        # batches it finished, and its next run reminds only the others.
        for batch in in_batches(due, batch_size):
            batch._send_mail("coop_shifts.mail_template_shift_reminder")
            batch.write({"reminder_sent": True})
