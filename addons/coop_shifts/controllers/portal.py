from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import format_datetime

from odoo.addons.coop_membership.controllers.portal import CoopMembershipPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.coop_shift_leave import LEAVE_TYPES

BOOKABLE_STEP = 10
FORECAST_MONTHS = 6
FORECAST_SHOWN = 3
LEDGER_LIMIT = 60
OFFERS_LIMIT = 20
HISTORY_LIMIT = 10
FUTURE_STATES = ("planned", "offered", "waived")


def _first_name(partner):
    """The only personal detail other members see of each other."""
    return (partner.name or "").split(" ")[0]


class CoopShiftsPortal(CoopMembershipPortal):
    # ------------------------------------------------------------ portal home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_shift_count" in counters:
            partner = self._coop_partner().sudo()
            values["coop_shift_count"] = int(
                bool(partner.coop_is_working or partner.coop_shift_registration_ids)
            )
        return values

    # ------------------------------------------------------------ page values

    def _coop_shift_done_messages(self):
        return {
            "booked": request.env._("Booked. See you there!"),
            "cancelled": request.env._("Your booking is cancelled."),
            "offered": request.env._(
                "Your shift is offered. You stay on it until somebody takes it."
            ),
            "withdrawn": request.env._("Your offer is withdrawn: the shift is yours again."),
            "taken": request.env._("The shift is yours now. Thank you!"),
            "proposed": request.env._(
                "Exchange proposed: it happens once the other member accepts."
            ),
            "accepted": request.env._("Exchange done: your shifts have changed hands."),
            "declined": request.env._("Exchange declined."),
            "leave": request.env._("Your leave request was sent to the members' office."),
            "leave_cancelled": request.env._("Your leave request is withdrawn."),
            "grace": request.env._("Grace taken: you have a few more days to catch up."),
            "certificate": request.env._("Your certificate was sent to the members' office."),
        }

    def _coop_next_step(self, partner):
        """What the member should do now, in one sentence."""
        if not partner.coop_is_working:
            return request.env._("Your shares do not include shift work: there is nothing to do.")
        status = partner.coop_shift_status
        book = (
            request.env._("book a shift below")
            if partner.coop_shift_mode == "flying"
            else request.env._("book a make-up below")
        )
        if status == "up_to_date":
            if partner.coop_shift_mode == "flying":
                return request.env._("Nothing to do now; book your shift of the cycle below.")
            return request.env._("Nothing to do: see you at your next shift.")
        if status in ("alert", "delay", "suspended"):
            return request.env._("Next step: %s.", book)
        if status in ("on_leave", "exempted"):
            return request.env._("Nothing to do until your leave ends.")
        if status == "unsubscribed":
            return request.env._("Next step: contact the members' office to join a team again.")
        return ""

    def _coop_upcoming(self, partner, company, registrations, open_swaps):
        """Generated registrations, then the team's shifts not generated yet."""
        env = request.env
        tz = company._coop_tz()
        kinds = dict(registrations._fields["kind"]._description_selection(env))
        swap_of = {swap.registration_id.id: swap for swap in open_swaps}
        items = []
        for registration in registrations:
            shift = registration.shift_id
            swap = swap_of.get(registration.id)
            items.append(
                {
                    "key": f"r{registration.id}",
                    "start": registration.date_start,
                    "day": format_datetime(env, shift.date_start, tz=tz, dt_format="EEE d MMM"),
                    "hours": shift._local_hours(),
                    "name": shift.template_id.name or "",
                    "task": shift.shift_type_id.name or "",
                    "kind": registration.kind,
                    "kind_label": kinds.get(registration.kind),
                    "state": registration.state,
                    "generated": True,
                    "registration": registration,
                    "seats": f"{shift.seats_taken}/{shift.seats}",
                    "deadline": format_datetime(
                        env, registration._cancel_deadline(), tz=tz, dt_format="EEE d MMM HH:mm"
                    ),
                    "can_cancel": registration._can_cancel_booking(),
                    "can_offer": registration._can_offer(),
                    "swap": swap,
                    "on_leave": registration.state == "waived",
                }
            )
        items.extend(self._coop_forecast(partner, company))
        items.sort(key=lambda item: item["start"])
        # On a phone, a few forecast shifts are enough; the rest fold away.
        soon, later = [], []
        for item in items:
            if item["generated"] or sum(not i["generated"] for i in soon) < FORECAST_SHOWN:
                soon.append(item)
            else:
                later.append(item)
        return soon, later

    def _coop_forecast(self, partner, company):
        """The member's team shifts beyond the generated horizon, for the next months."""
        env = request.env
        today = fields.Date.context_today(partner)
        until = today + relativedelta(months=FORECAST_MONTHS)
        tz = company._coop_tz()
        items = []
        for occurrence in env["coop.shift.template"]._forecast(partner, today, until):
            template = occurrence["template"]
            begin = occurrence["start"]
            items.append(
                {
                    "key": f"t{template.id}-{occurrence['day']}",
                    "start": begin,
                    "day": format_datetime(env, begin, tz=tz, dt_format="EEE d MMM"),
                    "hours": template._coop_hours(),
                    "name": template.name,
                    "task": template.shift_type_id.name or "",
                    "kind": "team",
                    "kind_label": request.env._("Team"),
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
            )
        return items

    def _coop_ledger(self, partner):
        events = (
            request.env["coop.shift.counter.event"]
            .sudo()
            .search([("partner_id", "=", partner.id)], limit=LEDGER_LIMIT)
        )
        reasons = dict(events._fields["reason"]._description_selection(request.env))
        lines = {"standard": [], "flying": []}
        for event in events:
            lines[event.counter].append(
                {
                    "event": event,
                    "reason": reasons.get(event.reason),
                    "what": event.registration_id.shift_id.name or event.note or "",
                }
            )
        return lines

    def _coop_my_shifts_values(self, partner, page=1):
        env = request.env
        partner_sudo = partner.sudo()
        company = (partner_sudo.company_id or env.company).sudo()
        now = fields.Datetime.now()
        Registration = env["coop.shift.registration"].sudo()
        Swap = env["coop.shift.swap"].sudo()
        registrations = Registration.search(
            [
                ("partner_id", "=", partner.id),
                ("date_start", ">", now),
                ("state", "in", FUTURE_STATES),
            ]
        )
        my_swaps = Swap.search(
            ["|", ("partner_id", "=", partner.id), ("taker_id", "=", partner.id)]
        )
        open_swaps = my_swaps.filtered(lambda s: s.state == "open")
        given = open_swaps.filtered(lambda s: s.partner_id == partner_sudo)
        proposals = open_swaps.filtered(
            lambda s: s.kind == "exchange" and s.taker_id == partner_sudo
        )
        history = (my_swaps - open_swaps)[:HISTORY_LIMIT]

        # What the member may book, and why not, comes from the model the booking route asks.
        booking_refusal = Registration._coop_booking_refusal(partner_sudo)
        bookable_domain = Registration._coop_bookable_domain(partner_sudo) + [
            ("seats_available", ">", 0),
            ("registration_ids", "not any", Registration._coop_on_shift_domain(partner_sudo)),
        ]
        Shift = env["coop.shift"].sudo()
        pager = portal_pager(
            url="/my/shifts",
            total=0 if booking_refusal else Shift.search_count(bookable_domain),
            page=page,
            step=BOOKABLE_STEP,
        )
        bookable = (
            Shift
            if booking_refusal
            else Shift.search(bookable_domain, limit=BOOKABLE_STEP, offset=pager["offset"])
        )
        offers = Swap.search(
            [
                ("company_id", "=", company.id),
                ("kind", "=", "offer"),
                ("state", "=", "open"),
                ("partner_id", "!=", partner.id),
                *Registration._coop_in_time_domain(company),
                (
                    "shift_id.registration_ids",
                    "not any",
                    Registration._coop_on_shift_domain(partner),
                ),
            ],
            order="date_start, id",
            limit=OFFERS_LIMIT,
        )
        exchangeable = registrations.filtered(lambda r: r._can_offer())
        led = Shift.search(
            [
                ("leader_ids", "in", partner.id),
                ("state", "=", "open"),
                ("date_end", ">", now),
                ("date_start", "<=", Registration._coop_booking_horizon()),
            ]
        )
        leaves = partner_sudo.coop_shift_leave_ids.sorted(
            lambda leave: (leave.date_start, leave.id), reverse=True
        )[:HISTORY_LIMIT]
        grace_taken = bool(
            partner_sudo.coop_shift_extension_ids.filtered(lambda e: e.kind == "grace")
        )
        tz = company._coop_tz()
        upcoming, upcoming_later = self._coop_upcoming(partner_sudo, company, registrations, given)

        def day_of(moment):
            return format_datetime(env, moment, tz=tz, dt_format="EEE d MMM")

        return {
            "page_name": "coop_shifts",
            "partner": partner_sudo,
            "company": company,
            "upcoming": upcoming,
            "upcoming_later": upcoming_later,
            "forecast_months": FORECAST_MONTHS,
            "ledger": self._coop_ledger(partner),
            "next_step": self._coop_next_step(partner_sudo),
            "can_take_grace": partner_sudo.coop_shift_status == "alert" and not grace_taken,
            "bookable": bookable,
            "booking_refusal": booking_refusal,
            "pager": pager,
            "offers": offers,
            "exchangeable": exchangeable,
            "proposals": proposals,
            "history": history,
            "led_shifts": led,
            "leaves": leaves,
            "leave_types": LEAVE_TYPES,
            "day_of": day_of,
            "first_name": _first_name,
            "cancel_hours": company.coop_shift_cancel_hours,
            "today": fields.Date.context_today(partner_sudo),
        }

    def _coop_render_my_shifts(self, page=1, error=None, done=None, leave_form=None):
        values = self._prepare_portal_layout_values()
        values.update(self._coop_my_shifts_values(self._coop_partner(), page=page))
        values.update(
            {
                "error": error,
                "done": self._coop_shift_done_messages().get(done) if done else None,
                "leave_form": leave_form or {},
            }
        )
        return request.render("coop_shifts.portal_my_shifts", values)

    # ------------------------------------------------------------ posting

    def _coop_shift_post(self, action, done, leave_form=None):
        """Run `action` all or nothing; when it is refused, show the page with the reason."""
        try:
            with request.env.cr.savepoint():
                action(self._coop_partner())
        except (UserError, ValidationError) as error:
            return self._coop_render_my_shifts(error=error.args[0], leave_form=leave_form)
        return request.redirect(f"/my/shifts?done={done}")

    def _coop_own_registration(self, partner, registration_id):
        """One of the member's own registrations, read with their own rights."""
        registration = request.env["coop.shift.registration"].search(
            [("id", "=", registration_id), ("partner_id", "=", partner.id)]
        )
        if not registration:
            raise UserError(request.env._("This shift is not among yours."))
        return registration

    def _coop_own_swap(self, partner, swap_id, as_taker=False):
        field = "taker_id" if as_taker else "partner_id"
        domain = [("id", "=", swap_id), (field, "=", partner.id)]
        if as_taker:
            domain.append(("kind", "=", "exchange"))
        swap = request.env["coop.shift.swap"].search(domain)
        if not swap:
            raise UserError(request.env._("This swap is not yours."))
        return swap

    def _coop_open_offer(self, partner, swap_id):
        """An open offer anyone eligible may take; the member's eligibility comes first."""
        request.env["coop.shift.swap"]._check_taker_eligible(partner.sudo())
        offer = (
            request.env["coop.shift.swap"]
            .sudo()
            .search([("id", "=", swap_id), ("kind", "=", "offer"), ("state", "=", "open")])
        )
        if not offer:
            raise UserError(request.env._("This offer is no longer open."))
        return offer

    # ------------------------------------------------------------ routes

    @http.route(
        ["/my/shifts", "/my/shifts/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_shifts(self, page=1, done=None, **kw):
        return self._coop_render_my_shifts(page=page, done=done)

    @http.route(
        "/my/shifts/book/<int:shift_id>",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_shifts_book(self, shift_id, **kw):
        def book(partner):
            shift = request.env["coop.shift"].search([("id", "=", shift_id)])
            if not shift:
                raise UserError(request.env._("This shift does not exist any more."))
            request.env["coop.shift.registration"].sudo()._coop_book_for_self(
                shift.sudo(), partner.sudo()
            )

        return self._coop_shift_post(book, "booked")

    @http.route(
        "/my/shifts/registration/<int:registration_id>/cancel",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_shifts_cancel(self, registration_id, **kw):
        def cancel(partner):
            registration = self._coop_own_registration(partner, registration_id)
            registration.sudo().action_cancel_booking()

        return self._coop_shift_post(cancel, "cancelled")

    @http.route(
        "/my/shifts/registration/<int:registration_id>/offer",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_shifts_offer(self, registration_id, **kw):
        def offer(partner):
            registration = self._coop_own_registration(partner, registration_id)
            request.env["coop.shift.swap"].sudo()._offer(registration.sudo())

        return self._coop_shift_post(offer, "offered")

    @http.route(
        "/my/shifts/swap/<int:swap_id>/withdraw",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_shifts_withdraw(self, swap_id, **kw):
        def withdraw(partner):
            swap = self._coop_own_swap(partner, swap_id)
            swap.sudo()._cancel_by(partner.sudo())

        return self._coop_shift_post(withdraw, "withdrawn")

    @http.route(
        "/my/shifts/swap/<int:swap_id>/take",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_shifts_take(self, swap_id, **kw):
        def take(partner):
            self._coop_open_offer(partner, swap_id)._take(partner.sudo())

        return self._coop_shift_post(take, "taken")

    @http.route(
        "/my/shifts/swap/<int:swap_id>/exchange",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_shifts_exchange(self, swap_id, registration_id=None, **kw):
        def exchange(partner):
            if not str(registration_id or "").isdigit():
                raise UserError(request.env._("Choose which of your shifts to give in exchange."))
            registration = self._coop_own_registration(partner, int(registration_id))
            offer = self._coop_open_offer(partner, swap_id)
            request.env["coop.shift.swap"].sudo()._propose_exchange(
                registration.sudo(), offer.registration_id
            )

        return self._coop_shift_post(exchange, "proposed")

    @http.route(
        "/my/shifts/swap/<int:swap_id>/accept",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_shifts_accept(self, swap_id, **kw):
        def accept(partner):
            swap = self._coop_own_swap(partner, swap_id, as_taker=True)
            swap.sudo()._accept(partner.sudo())

        return self._coop_shift_post(accept, "accepted")

    @http.route(
        "/my/shifts/swap/<int:swap_id>/decline",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_shifts_decline(self, swap_id, **kw):
        def decline(partner):
            swap = self._coop_own_swap(partner, swap_id, as_taker=True)
            swap.sudo()._cancel_by(partner.sudo())

        return self._coop_shift_post(decline, "declined")

    @http.route("/my/shifts/leave", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_shifts_leave(
        self, leave_type=None, date_start=None, date_end=None, note=None, proof=None, **kw
    ):
        form = {
            "leave_type": leave_type or "",
            "date_start": date_start or "",
            "date_end": date_end or "",
            "note": note or "",
        }

        def request_leave(partner):
            request.env["coop.shift.leave"].sudo()._coop_request(
                partner.sudo(),
                leave_type,
                date_start,
                date_end,
                note=note,
                certificate=self._coop_uploaded(proof),
            )

        return self._coop_shift_post(request_leave, "leave", leave_form=form)

    @http.route(
        "/my/shifts/leave/<int:leave_id>/cancel",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_shifts_leave_cancel(self, leave_id, **kw):
        def cancel(partner):
            self._coop_own_leave(partner, leave_id).sudo()._coop_withdraw()

        return self._coop_shift_post(cancel, "leave_cancelled")

    def _coop_own_leave(self, partner, leave_id):
        """One of the member's own leaves, found with their own rights."""
        leave = request.env["coop.shift.leave"].search(
            [("id", "=", leave_id), ("partner_id", "=", partner.id)]
        )
        if not leave:
            raise UserError(request.env._("This leave is not yours."))
        return leave

    def _coop_uploaded(self, upload):
        """(content, filename) of a file sent with a form, or None when none was chosen."""
        if not upload or not hasattr(upload, "read"):
            return None
        content = upload.read()
        if not content:
            return None
        return content, upload.filename

    @http.route(
        "/my/shifts/leave/<int:leave_id>/certificate/send",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_shifts_leave_certificate_send(self, leave_id, proof=None, **kw):
        def send(partner):
            leave = self._coop_own_leave(partner, leave_id)
            certificate = self._coop_uploaded(proof) or (b"", None)
            leave.sudo()._coop_attach_certificate(*certificate)

        return self._coop_shift_post(send, "certificate")

    @http.route(
        "/my/shifts/leave/<int:leave_id>/certificate",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_shifts_leave_certificate(self, leave_id, **kw):
        """The member's own certificate, and nobody else's."""
        leave = request.env["coop.shift.leave"].search(
            [("id", "=", leave_id), ("partner_id", "=", self._coop_partner().id)]
        )
        if not leave or not leave.sudo().proof:
            raise request.not_found()
        leave_sudo = leave.sudo()
        stream = request.env["ir.binary"]._get_stream_from(
            leave_sudo, "proof", filename=leave_sudo.proof_filename or "certificate"
        )
        return stream.get_response(as_attachment=True)

    @http.route("/my/shifts/grace", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_shifts_grace(self, **kw):
        def grace(partner):
            request.env["coop.shift.extension"].sudo()._take_grace(partner.sudo())

        return self._coop_shift_post(grace, "grace")
