"""What a member's "My Shifts" page shows, prepared from the models' own rules."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.coop_membership.models.res_company import shop_today

# How far ahead the page tells a team member their shifts, and how many of those not
# generated yet it shows before folding the rest away (a phone's screen).
FORECAST_MONTHS = 6
FORECAST_SHOWN = 3
LEDGER_LIMIT = 60
OFFERS_LIMIT = 20
HISTORY_LIMIT = 10
# A member's registrations still to come: planned, offered for a swap, or on leave.
UPCOMING_STATES = ("planned", "offered", "waived")


class CoopShiftPortal(models.AbstractModel):
    """The values of the member's page, like a report's: the portal controller finds the
    member, renders these and posts their actions to the models.

    Every method runs as the system on `partner`, the caller's own commercial partner that
    the controller found; of other members, only first names and shifts leave here.
    """

    _name = "coop.shift.portal"
    _description = "My Shifts Page"

    @api.model
    def _has_shifts(self, partner):
        return bool(partner.coop_is_working or partner.coop_shift_registration_ids)

    @api.model
    def _done_message(self, done):
        """What the page says after an action went through."""
        return {
            "booked": self.env._("Booked. See you there!"),
            "cancelled": self.env._("Your booking is cancelled."),
            "offered": self.env._("Your shift is offered. You stay on it until somebody takes it."),
            "withdrawn": self.env._("Your offer is withdrawn: the shift is yours again."),
            "taken": self.env._("The shift is yours now. Thank you!"),
            "proposed": self.env._("Exchange proposed: it happens once the other member accepts."),
            "accepted": self.env._("Exchange done: your shifts have changed hands."),
            "declined": self.env._("Exchange declined."),
            "leave": self.env._("Your leave request was sent to the members' office."),
            "leave_cancelled": self.env._("Your leave request is withdrawn."),
            "grace": self.env._("Grace taken: you have a few more days to catch up."),
            "certificate": self.env._("Your certificate was sent to the members' office."),
        }.get(done)

    @api.model
    def _first_name(self, partner):
        """The only personal detail other members see of each other."""
        return (partner.name or "").split(" ")[0]

    @api.model
    def _next_step(self, partner):
        """What the member should do now, in one sentence."""
        if not partner.coop_is_working:
            return self.env._("Your shares do not include shift work: there is nothing to do.")
        status = partner.coop_shift_status
        flying = partner.coop_shift_mode == "flying"
        if status == "up_to_date":
            if flying:
                return self.env._("Nothing to do now; book your shift of the cycle below.")
            return self.env._("Nothing to do: see you at your next shift.")
        if status in ("alert", "delay", "suspended"):
            book = (
                self.env._("book a shift below") if flying else self.env._("book a make-up below")
            )
            return self.env._("Next step: %s.", book)
        if status in ("on_leave", "exempted"):
            return self.env._("Nothing to do until your leave ends.")
        if status == "unsubscribed":
            return self.env._("Next step: contact the members' office to join a team again.")
        return ""

    @api.model
    def _bookable_domain(self, partner):
        """Shifts with a free seat that `partner` may book, on none of which they are."""
        Registration = self.env["coop.shift.registration"]
        return [
            *Registration._coop_bookable_domain(partner),
            ("seats_available", ">", 0),
            ("registration_ids", "not any", Registration._coop_on_shift_domain(partner)),
        ]

    @api.model
    def _page_values(self, partner):
        """Everything the page shows but the list of shifts to book, which the controller
        pages through with `_bookable_domain` unless `booking_refusal` says why not."""
        company = partner.company_id or self.env.company
        Registration = self.env["coop.shift.registration"]
        Swap = self.env["coop.shift.swap"]
        now = fields.Datetime.now()
        registrations = Registration.search(
            [
                ("partner_id", "=", partner.id),
                ("date_start", ">", now),
                ("state", "in", UPCOMING_STATES),
            ]
        )
        swaps = Swap.search(["|", ("partner_id", "=", partner.id), ("taker_id", "=", partner.id)])
        open_swaps = swaps.filtered(lambda s: s.state == "open")
        upcoming, upcoming_later = self._upcoming(
            partner, registrations, open_swaps.filtered(lambda s: s.partner_id == partner)
        )
        leave_types = self.env["coop.shift.leave"]._fields["leave_type"]
        return {
            "page_name": "coop_shifts",
            "partner": partner,
            "company": company,
            "upcoming": upcoming,
            "upcoming_later": upcoming_later,
            "forecast_months": FORECAST_MONTHS,
            "ledger": self._ledger(partner),
            "next_step": self._next_step(partner),
            "can_take_grace": not self.env["coop.shift.extension"]._grace_refusal(partner),
            "booking_refusal": Registration._coop_booking_refusal(partner),
            "offers": Swap.search(
                Swap._coop_takeable_domain(partner), order="date_start, id", limit=OFFERS_LIMIT
            ),
            "exchangeable": registrations.filtered(lambda r: r._can_offer()),
            "proposals": open_swaps.filtered(
                lambda s: s.kind == "exchange" and s.taker_id == partner
            ),
            "history": (swaps - open_swaps)[:HISTORY_LIMIT],
            "led_shifts": self.env["coop.shift"].search(
                [
                    ("leader_ids", "in", partner.id),
                    ("state", "=", "open"),
                    ("date_end", ">", now),
                    ("date_start", "<=", Registration._coop_booking_horizon()),
                ]
            ),
            "leaves": partner.coop_shift_leave_ids.sorted(
                lambda leave: (leave.date_start, leave.id), reverse=True
            )[:HISTORY_LIMIT],
            "leave_types": leave_types._description_selection(self.env),
            "first_name": self._first_name,
            "cancel_hours": company.coop_shift_cancel_hours,
        }

    @api.model
    def _upcoming(self, partner, registrations, given):
        """The member's registrations to come, then their team's shifts not generated yet;
        on a phone a few of those are enough, the rest fold away: (shown, folded)."""
        kinds = dict(registrations._fields["kind"]._description_selection(self.env))
        swap_of = {swap.registration_id: swap for swap in given}
        items = [
            self._registration_item(registration, swap_of.get(registration), kinds)
            for registration in registrations
        ]
        today = shop_today(partner)
        until = today + relativedelta(months=FORECAST_MONTHS)
        items += [
            self._forecast_item(occurrence, kinds)
            for occurrence in self.env["coop.shift.template"]._forecast(partner, today, until)
        ]
        items.sort(key=lambda item: item["start"])
        shown, folded = [], []
        for item in items:
            if item["generated"] or sum(not i["generated"] for i in shown) < FORECAST_SHOWN:
                shown.append(item)
            else:
                folded.append(item)
        return shown, folded

    @api.model
    def _registration_item(self, registration, swap, kinds):
        shift = registration.shift_id
        return {
            "key": f"r{registration.id}",
            "start": registration.date_start,
            "day": shift._coop_day_label(),
            "hours": shift._local_hours(),
            "name": shift.template_id.name or "",
            "task": shift.shift_type_id.name or "",
            "kind": registration.kind,
            "kind_label": kinds.get(registration.kind),
            "state": registration.state,
            "generated": True,
            "registration": registration,
            "seats": f"{shift.seats_taken}/{shift.seats}",
            "deadline": registration.company_id._coop_format_moment(
                registration._cancel_deadline()
            ),
            "can_cancel": registration._can_cancel_booking(),
            "can_offer": registration._can_offer(),
            "swap": swap,
            "on_leave": registration.state == "waived",
        }

    @api.model
    def _forecast_item(self, occurrence, kinds):
        template = occurrence["template"]
        return {
            "key": f"t{template.id}-{occurrence['day']}",
            "start": occurrence["start"],
            "day": template.company_id._coop_format_day(occurrence["day"]),
            "hours": template._coop_hours(),
            "name": template.name,
            "task": template.shift_type_id.name or "",
            "kind": "team",
            "kind_label": kinds.get("team"),
            "state": "waived" if occurrence["on_leave"] else "planned",
            "generated": False,
            "registration": None,
            "seats": "",
            "deadline": "",
            "can_cancel": False,
            "can_offer": False,
            "swap": None,
            "on_leave": occurrence["on_leave"],
        }

    @api.model
    def _ledger(self, partner):
        """The member's latest points movements, per counter."""
        events = self.env["coop.shift.counter.event"].search(
            [("partner_id", "=", partner.id)], limit=LEDGER_LIMIT
        )
        reasons = dict(events._fields["reason"]._description_selection(self.env))
        lines = {"standard": [], "flying": []}
        for event in events:
            lines[event.counter].append(
                {
                    "event": event,
                    "date": event.company_id._coop_format_day(event.date),
                    "reason": reasons.get(event.reason),
                    "what": event.registration_id.shift_id.display_name or event.note or "",
                }
            )
        return lines
