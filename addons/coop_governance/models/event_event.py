from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.coop_shifts.const import LEADER, OFFICE

# Who takes attendance at the door: as at the shifts' door sheets, shift leaders and the
# members' office (which implies leader); and the Events app's own registration desk.
DOOR_GROUPS = (LEADER, "event.group_event_registration_desk")
# Bookings that stand: who is expected at the door.
BOOKED_STATES = ("draft", "open", "done")


class EventEvent(models.Model):
    _inherit = "event.event"

    coop_is_info_session = fields.Boolean(
        string="Information Meeting",
        compute="_compute_coop_is_info_session",
        store=True,
        readonly=False,
        index=True,
        help="An information meeting for people who want to join the co-op.",
    )

    @api.depends("event_type_id")
    def _compute_coop_is_info_session(self):
        for event in self:
            if event.event_type_id:
                event.coop_is_info_session = event.event_type_id.coop_is_info_session

    @api.model
    def _coop_info_sessions_open(self, company):
        """The information meetings of `company` still to come that take bookings (a seat
        left), soonest first: what the join form offers."""
        events = self.sudo().search(
            [
                ("coop_is_info_session", "=", True),
                ("company_id", "in", [company.id, False]),
                ("date_begin", ">", fields.Datetime.now()),
            ],
            order="date_begin, id",
        )
        return events.filtered("event_registrations_open")

    # ------------------------------------------------------------ the door screen

    @api.model
    def _coop_check_takes_attendance(self):
        """Only shift leaders, the members' office and the registration desk take attendance
        at the door; they do it through these methods, which then read and write as the
        system (a shift leader has no rights on events)."""
        if not self.env["res.users"]._coop_acts_as(*DOOR_GROUPS):
            raise AccessError(
                self.env._(
                    "Only shift leaders and the members' office take attendance at "
                    "information meetings."
                )
            )
        # Like a shift's door sheet for its leaders: a meeting's door opens on its day.
        office = self.env["res.users"]._coop_acts_as(OFFICE, "event.group_event_registration_desk")
        today = self.sudo().filtered_domain(self._coop_info_door_today_domain())
        for event in self.sudo():
            if not event.coop_is_info_session:
                raise UserError(self.env._("%s is not an information meeting.", event.name))
            if event.company_id and event.company_id not in self.env.companies:
                raise AccessError(
                    self.env._("%s is another company's information meeting.", event.name)
                )
            if not office and event not in today:
                raise UserError(
                    self.env._("The door screen of %s opens on the day of the meeting.", event.name)
                )

    @api.model
    def _coop_info_door_today_domain(self):
        """Information meetings that take place on the shop's today."""
        day_start, day_end = self.env["coop.shift"]._coop_local_day_bounds(
            fields.Datetime.now(), self.env.company
        )
        return [
            ("coop_is_info_session", "=", True),
            ("company_id", "in", [*self.env.companies.ids, False]),
            ("date_begin", "<", day_end),
            ("date_end", ">=", day_start),
        ]

    @api.model
    def coop_info_door_meetings(self):
        """The information meetings of the shop's today, for the door screen to choose from."""
        self._coop_check_takes_attendance()
        meetings = self.sudo().search(self._coop_info_door_today_domain(), order="date_begin, id")
        return [meeting._coop_info_door_header() for meeting in meetings]

    def _coop_info_door_booked(self):
        self.ensure_one()
        return self.sudo().registration_ids.filtered(lambda r: r.state in BOOKED_STATES)

    def _coop_info_door_header(self):
        self.ensure_one()
        event = self.sudo()
        booked = event._coop_info_door_booked()
        company = event.company_id or self.env.company
        return {
            "id": event.id,
            "name": event.name,
            "when": company._coop_format_moment(event.date_begin),
            "place": event.address_id.display_name or "",
            "registered": len(booked),
            "attended": len(booked.filtered(lambda r: r.state == "done")),
        }

    def coop_info_door_data(self):
        """Everything the door screen shows for one information meeting: who booked, who came."""
        self.ensure_one()
        self._coop_check_takes_attendance()
        booked = self._coop_info_door_booked().sorted(lambda r: ((r.name or "").lower(), r.id))
        return {
            **self._coop_info_door_header(),
            "lines": [
                {
                    "id": reg.id,
                    "name": reg.name or reg.partner_id.name,
                    "attended": reg.state == "done",
                }
                for reg in booked
            ],
        }

    def coop_info_mark_attended(self, card_or_name):
        """Mark at the door that someone booked on this information meeting came: found by
        their member card's barcode or by the name they booked under (any case). Only who
        takes attendance may (see _coop_check_takes_attendance). Returns what the door
        screen shows: who was marked, and the meeting's list and counts."""
        self.ensure_one()
        self._coop_check_takes_attendance()
        key = (card_or_name or "").strip()
        if not key:
            raise UserError(self.env._("Scan a card or type the name they booked under."))
        booked = self._coop_info_door_booked()
        found = booked.filtered(lambda r: r.partner_id.barcode == key)
        if not found:
            found = booked.filtered(lambda r: (r.name or "").strip().lower() == key.lower())
        if not found:
            raise UserError(
                self.env._(
                    "Nobody booked on %(meeting)s answers to %(key)s.",
                    meeting=self.sudo().name,
                    key=key,
                )
            )
        if len(found) > 1:
            raise UserError(
                self.env._(
                    "Several people booked under %s: mark the right one on the attendee list.", key
                )
            )
        name = found.name or found.partner_id.name
        if found.state == "done":
            message = self.env._("%s was already marked attended.", name)
        else:
            found.action_set_done()
            message = self.env._("%s is marked attended.", name)
        return {"marked_id": found.id, "message": message, **self.coop_info_door_data()}
