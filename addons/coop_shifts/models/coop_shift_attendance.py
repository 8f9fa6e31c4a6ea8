"""The attendance sheet at the shop door, and what the printed sheets and wall chart read."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import LEADER, OFF_SHEET_STATES
from ..kernels import cycle

# Registrations still waiting for a mark.
PENDING_STATES = ("planned", "offered")
# Who may be added at the door: members and the members of their household.
WALK_IN_MEMBERSHIP_STATES = ("member", "associated")
# How long before its start a shift's sheet opens at the door.
SHEET_OPENS_BEFORE = timedelta(hours=1)
KIND_ORDER = {"team": 0, "makeup": 1, "flying": 2}


class CoopShift(models.Model):
    _inherit = "coop.shift"

    # ------------------------------------------------------------ which sheets

    def _coop_local_day_bounds(self, moment, company):
        """The shop's local day around `moment`, as naive UTC datetimes."""
        zone = pytz.timezone(company._coop_tz())
        local_day = pytz.utc.localize(moment).astimezone(zone).date()
        start = zone.localize(datetime.combine(local_day, time.min))
        end = zone.localize(datetime.combine(local_day + timedelta(days=1), time.min))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    @api.model
    def _coop_sheet_domain(self):
        """Sheets this user may run now.

        Leaders: the open shifts they lead that started today or start within the hour.
        The members' office: any open shift of today.
        """
        now = fields.Datetime.now()
        day_start, day_end = self._coop_local_day_bounds(now, self.env.company)
        domain = [
            ("state", "=", "open"),
            ("company_id", "in", self.env.companies.ids),
            ("date_start", ">=", day_start),
        ]
        if self.env.user.has_group("coop_shifts.group_coop_shift_user"):
            return domain + [("date_start", "<", day_end)]
        return domain + [
            ("leader_ids", "in", self.env.user.partner_id.ids),
            ("date_start", "<=", now + SHEET_OPENS_BEFORE),
        ]

    @api.model
    def coop_sheet_shifts(self):
        """The shifts offered at the door, for the tablet to choose from."""
        if not self.env["res.users"]._coop_acts_as(LEADER):
            raise AccessError(
                self.env._("Only shift leaders and the members' office run door sheets.")
            )
        return [shift._coop_sheet_header() for shift in self.search(self._coop_sheet_domain())]

    def _coop_sheet_header(self):
        self.ensure_one()
        states = dict(self._fields["state"]._description_selection(self.env))
        return {
            "id": self.id,
            "name": self.display_name,
            "hours": self._local_hours(),
            "task": self.shift_type_id.name or "",
            "leaders": self.leader_ids.mapped("name"),
            "seats": self.seats,
            "seats_taken": self.seats_taken,
            "state": self.state,
            "state_label": states.get(self.state, ""),
            "started": self.date_start <= fields.Datetime.now(),
        }

    def _coop_local_date_label(self):
        """The shift's day in the shop's time zone, written out for printed sheets."""
        self.ensure_one()
        zone = pytz.timezone(self.company_id._coop_tz())
        local = pytz.utc.localize(self.date_start).astimezone(zone)
        return format_date(self.env, local.date(), date_format="full")

    # ------------------------------------------------------------ checks

    def _coop_sheet_check(self, open_only=True):
        """Only the shift's leaders and the members' office run its sheet, and only at the door."""
        self.ensure_one()
        self._coop_check_runs_sheet()
        if not open_only:
            return
        if self.state == "done":
            raise UserError(self.env._("The sheet of %s is already validated.", self.display_name))
        if self.state != "open":
            raise UserError(self.env._("%s was cancelled.", self.display_name))
        if self.date_start > fields.Datetime.now() + SHEET_OPENS_BEFORE:
            raise UserError(
                self.env._(
                    "The sheet of %s opens an hour before the shift starts.", self.display_name
                )
            )

    def _coop_sheet_registration_of(self, partner):
        """The live registration of `partner` on this shift, if any."""
        return self.env["coop.shift.registration"]._coop_on_shift(self, partner)

    # ------------------------------------------------------------ the sheet

    def _coop_sheet_registrations(self):
        """Who is on the sheet: own team first, then make-ups and flying members, by name."""
        self.ensure_one()
        registrations = self.registration_ids.filtered(lambda r: r.state not in OFF_SHEET_STATES)
        return registrations.sorted(
            lambda r: (KIND_ORDER.get(r.kind, 9), (r.partner_id.name or "").lower(), r.id)
        )

    def coop_sheet_data(self):
        """Everything the door tablet shows for one shift."""
        self.ensure_one()
        self._coop_sheet_check(open_only=False)
        registrations = self._coop_sheet_registrations()
        return {
            **self._coop_sheet_header(),
            "lines": registrations._coop_sheet_lines(),
        }

    def coop_sheet_scan(self, barcode):
        """A card was scanned: mark its holder attended, or offer to add them as a walk-in."""
        self.ensure_one()
        self._coop_sheet_check()
        code = (barcode or "").strip()
        if not code:
            raise UserError(self.env._("Scan a member card or type a member number."))
        partner = self.env["res.partner"]._coop_search_card(code)
        if not partner:
            raise UserError(self.env._("Unknown card: no member has the card %s.", code))
        registration = self._coop_sheet_registration_of(partner)
        if registration:
            registration._coop_sheet_mark("attended")
            return {
                "action": "marked",
                "line": registration._coop_sheet_lines()[0],
                "message": self.env._("%s is marked attended.", partner.name),
            }
        Registration = self.env["coop.shift.registration"]
        Registration._coop_check_walk_in(self, partner)
        kind = Registration._coop_booking_kind(partner)
        kinds = dict(Registration._fields["kind"]._description_selection(self.env))
        return {
            "action": "walk_in",
            "partner": {
                "id": partner.id,
                "name": partner.name,
                "number": partner.coop_member_number or "",
                "kind": kind,
                "kind_label": kinds[kind],
            },
            "message": self.env._(
                "%(name)s is not on this sheet: add them as %(kind)s?",
                name=partner.name,
                kind=kinds[kind],
            ),
        }

    def coop_sheet_mark(self, registration_id, state):
        """Mark one person on the sheet attended, absent or excused."""
        self.ensure_one()
        self._coop_sheet_check()
        if state not in ("attended", "absent", "excused"):
            raise UserError(self.env._("Mark people attended, absent or excused."))
        registration = self.env["coop.shift.registration"].browse(registration_id)
        if not registration.exists() or registration.shift_id != self:
            raise UserError(self.env._("This person is not on the sheet of %s.", self.display_name))
        registration._coop_sheet_mark(state)
        return {"action": "marked", "line": registration._coop_sheet_lines()[0]}

    def coop_sheet_add_walk_in(self, partner_id):
        """Someone not on the sheet came to work: a make-up, or a flying member's shift."""
        self.ensure_one()
        self._coop_sheet_check()
        partner = self.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise UserError(self.env._("This person no longer exists."))
        registration = self.env["coop.shift.registration"]._coop_book_walk_in(self, partner)
        registration._mark("attended")
        kinds = dict(registration._fields["kind"]._description_selection(self.env))
        return {
            "action": "added",
            "line": registration._coop_sheet_lines()[0],
            "message": self.env._(
                "%(name)s is added as %(kind)s and marked attended.",
                name=partner.name,
                kind=kinds[registration.kind],
            ),
        }

    def coop_sheet_search_members(self, query, limit=8):
        """Members to add as walk-ins, by name, member number or card."""
        self.ensure_one()
        self._coop_sheet_check()
        query = (query or "").strip()
        if len(query) < 2:
            return []
        on_sheet = self.registration_ids.filtered(lambda r: r.state not in OFF_SHEET_STATES)
        partners = self.env["res.partner"].search(
            [
                ("coop_membership_state", "in", WALK_IN_MEMBERSHIP_STATES),
                ("id", "not in", on_sheet.partner_id.ids),
                "|",
                "|",
                ("name", "ilike", query),
                ("coop_member_number", "=", query),
                ("barcode", "=", query),
            ],
            limit=limit,
            order="name, id",
        )
        Registration = self.env["coop.shift.registration"]
        kinds = dict(Registration._fields["kind"]._description_selection(self.env))
        results = []
        for partner in partners:
            kind = Registration._coop_booking_kind(partner)
            results.append(
                {
                    "id": partner.id,
                    "name": partner.name,
                    "number": partner.coop_member_number or "",
                    "kind": kind,
                    "kind_label": kinds[kind],
                }
            )
        return results

    def coop_sheet_mark_rest(self, state):
        """Everyone still waiting for a mark is absent (or excused), in one batch."""
        self.ensure_one()
        self._coop_sheet_check()
        if state not in ("absent", "excused"):
            raise UserError(self.env._("The rest of the sheet is marked absent or excused."))
        pending = self.registration_ids.filtered(lambda r: r.state in PENDING_STATES)
        if not pending:
            raise UserError(self.env._("Everyone on the sheet of %s is marked.", self.display_name))
        pending._mark(state)
        return self.coop_sheet_data()

    def coop_sheet_validate(self):
        """The leader's validation from the door; the shift must have started."""
        self.ensure_one()
        self._coop_sheet_check()
        self.action_validate_sheet()
        return self.coop_sheet_data()


class CoopShiftRegistration(models.Model):
    _inherit = "coop.shift.registration"

    def _coop_sheet_lines(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        return [
            {
                "id": registration.id,
                "partner_id": registration.partner_id.id,
                "name": registration.partner_id.name,
                "number": registration.partner_id.coop_member_number or "",
                "kind": registration.kind,
                "kind_label": kinds.get(registration.kind, ""),
                "state": registration.state,
                "state_label": states.get(registration.state, ""),
            }
            for registration in self
        ]

    def _coop_sheet_mark(self, state):
        self.ensure_one()
        name = self.partner_id.name
        if self.state == "waived":
            raise UserError(
                self.env._("%s is on leave for this shift: see the members' office.", name)
            )
        if self.state == state:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._("%(name)s is already marked %(state)s.", name=name, state=states[state])
            )
        return self._mark(state)

    @api.model
    def _coop_check_walk_in(self, shift, partner):
        """Why `partner` may not be added at the door, as a UserError."""
        if partner.coop_membership_state not in WALK_IN_MEMBERSHIP_STATES:
            raise UserError(
                self.env._("%s is not a member: only members work shifts.", partner.name)
            )
        if partner.coop_shift_unsubscribed:
            raise UserError(
                self.env._("%s is unsubscribed from shifts: see the members' office.", partner.name)
            )
        self._check_not_on_shift(shift, partner)

    @api.model
    def _coop_book_walk_in(self, shift, partner):
        """Book someone at the door of a shift under way, with every booking rule.

        Leaders may not create registrations themselves; the caller has checked that the
        user runs this shift's sheet, so the booking itself is made with superuser rights.
        """
        self._coop_check_walk_in(shift, partner)
        return self.sudo()._book(shift, partner, walk_in=True).sudo(False)


class CoopShiftTemplate(models.Model):
    _inherit = "coop.shift.template"

    def _coop_members_on(self, day):
        """Team memberships of these templates that cover `day`."""
        return self.membership_ids.filtered(
            lambda m: m.date_start <= day and (not m.date_end or m.date_end >= day)
        ).sorted(lambda m: ((m.partner_id.name or "").lower(), m.id))

    def _coop_wall_chart(self, day=None):
        """The wall chart's content: the day it is true on, and the teams by week of the cycle.

        {"day": date, "weeks": [(week letter, [(template, memberships)])]}
        """
        day = day or shop_today(self)
        weeks = {}
        for template in self.sorted(lambda t: (t.week_index, t.weekday, t.start_hour, t.id)):
            weeks.setdefault(template.week_letter, []).append(
                (template, template._coop_members_on(day))
            )
        return {"day": day, "weeks": list(weeks.items())}

    def _coop_hours(self):
        self.ensure_one()
        return f"{cycle.format_hour(self.start_hour)}–{cycle.format_hour(self.end_hour)}"
