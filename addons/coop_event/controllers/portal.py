from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

MAX_TICKETS_PER_PURCHASE = 10
TICKET_REPORT = "event.action_report_event_registration_full_page_ticket"


class CoopEventPortal(CustomerPortal):
    def _coop_events_on_sale(self):
        return (
            request.env["event.event"]
            .sudo()
            .search(
                [
                    ("coop_sold_in_portal", "=", True),
                    ("company_id", "in", [False, request.env.company.id]),
                    ("date_end", ">=", fields.Datetime.now()),
                ],
                order="date_begin, id",
            )
        )

    def _coop_own_registrations(self, partner):
        return (
            request.env["event.registration"]
            .sudo()
            .search([("partner_id", "=", partner.id)], order="id desc")
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_ticket_count" in counters:
            # The tile leads to the shows on sale as well as to the member's own tickets.
            tickets = self._coop_own_registrations(self._coop_partner()).filtered(
                lambda r: r.state != "cancel"
            )
            values["coop_ticket_count"] = len(tickets) + len(self._coop_events_on_sale())
        return values

    @http.route("/my/tickets", type="http", auth="user", website=True)
    def portal_my_tickets(self, **kw):
        return self._coop_render_tickets()

    def _coop_render_tickets(self, errors=()):
        partner = self._coop_partner()
        registrations = self._coop_own_registrations(partner)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "coop_tickets",
                "events": self._coop_events_on_sale(),
                "may_shop": partner._coop_can_shop(),
                "registrations": registrations,
                "hold_until": {
                    registration.id: registration._coop_hold_until_text()
                    for registration in registrations.filtered("coop_hold_until")
                },
                "errors": list(errors),
            }
        )
        return request.render("coop_event.portal_my_tickets", values)

    @http.route("/my/tickets/buy", type="http", auth="user", website=True, methods=["POST"])
    def portal_buy_tickets(self, ticket_id=None, quantity=None, **post):
        partner = self._coop_partner()
        tickets = self._coop_events_on_sale().event_ticket_ids
        try:
            ticket = tickets.filtered(lambda t: t.id == int(ticket_id))
            count = int(quantity)
        except (TypeError, ValueError):
            ticket, count = tickets.browse(), 0
        if not ticket or not 1 <= count <= MAX_TICKETS_PER_PURCHASE:
            return self._coop_render_tickets(
                [
                    request.env._(
                        "Choose a ticket on sale and between 1 and %s seats.",
                        MAX_TICKETS_PER_PURCHASE,
                    )
                ]
            )
        try:
            # The ticket is one on sale in the portal and the buyer is the user's own
            # partner: only then are the registrations and the invoice written as superuser.
            # The seats are held until the invoice is paid (see _coop_sell_in_portal).
            ticket._coop_sell_in_portal(partner.sudo(), count)
        except (UserError, ValidationError) as error:
            return self._coop_render_tickets([error.args[0]])
        # My Tickets shows the seats held, until when, and the invoice to pay.
        return request.redirect("/my/tickets")

    @http.route("/my/tickets/<int:registration_id>/ticket.pdf", type="http", auth="user")
    def portal_ticket_pdf(self, registration_id, **kw):
        partner = self._coop_partner()
        # A ticket exists once paid: held, unpaid or cancelled seats have none.
        registration = self._coop_own_registrations(partner).filtered(
            lambda r: r.id == registration_id and r.state in ("open", "done")
        )
        if not registration:
            raise request.not_found()
        return self._show_report(registration, "pdf", TICKET_REPORT, download=True)
