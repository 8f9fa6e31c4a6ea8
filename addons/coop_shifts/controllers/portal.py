from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.coop_membership.controllers.portal import CoopMembershipPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

BOOKABLE_STEP = 10
PAGE = {"type": "http", "auth": "user", "website": True}
POST = {**PAGE, "methods": ["POST"]}


class CoopShiftsPortal(CoopMembershipPortal):
    """My Shifts. Each route finds the member's own record through a domain on the caller,
    calls its model, and shows the model's refusal on the page: the rules live on the
    models, the page's values on coop.shift.portal."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_shift_count" in counters:
            partner = self._coop_partner().sudo()
            page = request.env["coop.shift.portal"].sudo()
            values["coop_shift_count"] = int(page._has_shifts(partner))
        return values

    def _coop_render_my_shifts(self, page=1, error=None, done=None, leave_form=None):
        partner = self._coop_partner().sudo()
        # The page's values are read as the system, for the caller's own partner only.
        Page = request.env["coop.shift.portal"].sudo()
        values = {**self._prepare_portal_layout_values(), **Page._page_values(partner)}
        Shift = request.env["coop.shift"].sudo()
        domain = None if values["booking_refusal"] else Page._bookable_domain(partner)
        total = Shift.search_count(domain) if domain else 0
        pager = portal_pager(url="/my/shifts", total=total, page=page, step=BOOKABLE_STEP)
        offset = pager["offset"]
        bookable = Shift.search(domain, limit=BOOKABLE_STEP, offset=offset) if total else Shift
        values.update(bookable=bookable, pager=pager, error=error, leave_form=leave_form or {})
        values["done"] = Page._done_message(done)
        return request.render("coop_shifts.portal_my_shifts", values)

    def _coop_shift_post(self, action, done, leave_form=None):
        """Run `action` all or nothing; when the model refuses, show the page and why."""
        try:
            with request.env.cr.savepoint():
                action(self._coop_partner().sudo())
        except (UserError, ValidationError) as error:
            return self._coop_render_my_shifts(error=error.args[0], leave_form=leave_form)
        return request.redirect(f"/my/shifts?done={done}")

    def _coop_own(self, model, record_id, message, field="partner_id", domain=()):
        """One of the member's own records, found with their own rights, then as the system."""
        caller = [("id", "=", record_id), (field, "=", self._coop_partner().id), *domain]
        record = request.env[model].search(caller)
        if not record:
            raise UserError(message)
        return record.sudo()

    def _coop_registration(self, registration_id):
        message = request.env._("This shift is not among yours.")
        return self._coop_own("coop.shift.registration", registration_id, message)

    def _coop_swap(self, swap_id, as_taker=False):
        """A swap the member offered, or an exchange proposed to them (`as_taker`)."""
        message = request.env._("This swap is not yours.")
        if as_taker:
            domain = [("kind", "=", "exchange")]
            return self._coop_own("coop.shift.swap", swap_id, message, "taker_id", domain)
        return self._coop_own("coop.shift.swap", swap_id, message)

    def _coop_leave(self, leave_id):
        message = request.env._("This leave is not yours.")
        return self._coop_own("coop.shift.leave", leave_id, message)

    def _coop_open_offer(self, swap_id):
        """An open offer, which any member may see (not whose it is)."""
        domain = [("id", "=", swap_id), ("kind", "=", "offer"), ("state", "=", "open")]
        offer = request.env["coop.shift.swap"].sudo().search(domain)
        if not offer:
            raise UserError(request.env._("This offer is no longer open."))
        return offer

    def _coop_uploaded(self, upload):
        """(content, filename) of a file sent with a form, or None when none was chosen."""
        content = upload.read() if hasattr(upload, "read") else None
        return (content, upload.filename) if content else None

    @http.route(["/my/shifts", "/my/shifts/page/<int:page>"], **PAGE)
    def portal_my_shifts(self, page=1, done=None, **kw):
        return self._coop_render_my_shifts(page=page, done=done)

    @http.route("/my/shifts/book/<int:shift_id>", **POST)
    def portal_my_shifts_book(self, shift_id, **kw):
        def book(partner):
            shift = request.env["coop.shift"].search([("id", "=", shift_id)])
            if not shift:
                raise UserError(request.env._("This shift does not exist any more."))
            Registration = request.env["coop.shift.registration"].sudo()
            Registration._coop_book_for_self(shift.sudo(), partner)

        return self._coop_shift_post(book, "booked")

    @http.route("/my/shifts/registration/<int:registration_id>/cancel", **POST)
    def portal_my_shifts_cancel(self, registration_id, **kw):
        def cancel(partner):
            self._coop_registration(registration_id).action_cancel_booking()

        return self._coop_shift_post(cancel, "cancelled")

    @http.route("/my/shifts/registration/<int:registration_id>/offer", **POST)
    def portal_my_shifts_offer(self, registration_id, **kw):
        def offer(partner):
            Swap = request.env["coop.shift.swap"].sudo()
            Swap._offer(self._coop_registration(registration_id))

        return self._coop_shift_post(offer, "offered")

    @http.route("/my/shifts/swap/<int:swap_id>/withdraw", **POST)
    def portal_my_shifts_withdraw(self, swap_id, **kw):
        def withdraw(partner):
            self._coop_swap(swap_id)._cancel_by(partner)

        return self._coop_shift_post(withdraw, "withdrawn")

    @http.route("/my/shifts/swap/<int:swap_id>/take", **POST)
    def portal_my_shifts_take(self, swap_id, **kw):
        def take(partner):
            self._coop_open_offer(swap_id)._take(partner)

        return self._coop_shift_post(take, "taken")

    @http.route("/my/shifts/swap/<int:swap_id>/exchange", **POST)
    def portal_my_shifts_exchange(self, swap_id, registration_id=None, **kw):
        def exchange(partner):
            if not str(registration_id or "").isdigit():
                raise UserError(request.env._("Choose which of your shifts to give in exchange."))
            mine = self._coop_registration(int(registration_id))
            theirs = self._coop_open_offer(swap_id).registration_id
            request.env["coop.shift.swap"].sudo()._propose_exchange(mine, theirs)

        return self._coop_shift_post(exchange, "proposed")

    @http.route("/my/shifts/swap/<int:swap_id>/accept", **POST)
    def portal_my_shifts_accept(self, swap_id, **kw):
        def accept(partner):
            self._coop_swap(swap_id, as_taker=True)._accept(partner)

        return self._coop_shift_post(accept, "accepted")

    @http.route("/my/shifts/swap/<int:swap_id>/decline", **POST)
    def portal_my_shifts_decline(self, swap_id, **kw):
        def decline(partner):
            self._coop_swap(swap_id, as_taker=True)._cancel_by(partner)

        return self._coop_shift_post(decline, "declined")

    @http.route("/my/shifts/leave", **POST)
    def portal_my_shifts_leave(
        self, leave_type=None, date_start=None, date_end=None, note=None, proof=None, **kw
    ):
        form = {"leave_type": leave_type, "date_start": date_start, "date_end": date_end}
        form = {key: value or "" for key, value in {**form, "note": note}.items()}

        def request_leave(partner):
            Leave, certificate = request.env["coop.shift.leave"].sudo(), self._coop_uploaded(proof)
            Leave._coop_request(partner, leave_type, date_start, date_end, note, certificate)

        return self._coop_shift_post(request_leave, "leave", leave_form=form)

    @http.route("/my/shifts/leave/<int:leave_id>/cancel", **POST)
    def portal_my_shifts_leave_cancel(self, leave_id, **kw):
        def withdraw(partner):
            self._coop_leave(leave_id)._coop_withdraw()

        return self._coop_shift_post(withdraw, "leave_cancelled")

    @http.route("/my/shifts/leave/<int:leave_id>/certificate/send", **POST)
    def portal_my_shifts_leave_certificate_send(self, leave_id, proof=None, **kw):
        def send(partner):
            certificate = self._coop_uploaded(proof) or (b"", None)
            self._coop_leave(leave_id)._coop_attach_certificate(*certificate)

        return self._coop_shift_post(send, "certificate")

    @http.route("/my/shifts/leave/<int:leave_id>/certificate", methods=["GET"], **PAGE)
    def portal_my_shifts_leave_certificate(self, leave_id, **kw):
        """The member's own certificate, and nobody else's."""
        domain = [("id", "=", leave_id), ("partner_id", "=", self._coop_partner().id)]
        leave = request.env["coop.shift.leave"].search(domain).sudo()
        if not leave.proof:
            raise request.not_found()
        name = leave.proof_filename or "certificate"
        stream = request.env["ir.binary"]._get_stream_from(leave, "proof", filename=name)
        return stream.get_response(as_attachment=True)

    @http.route("/my/shifts/grace", **POST)
    def portal_my_shifts_grace(self, **kw):
        def grace(partner):
            request.env["coop.shift.extension"].sudo()._take_grace(partner)

        return self._coop_shift_post(grace, "grace")
