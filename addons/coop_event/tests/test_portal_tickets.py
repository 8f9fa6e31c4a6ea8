import re

from odoo.tests import HttpCase, tagged

from odoo.addons.coop_membership.tests.common import portal_user
from odoo.addons.coop_membership.tests.phone import phone_screen

from .common import CoopEventCase


@tagged("post_install", "-at_install")
class TestPortalTickets(HttpCase, CoopEventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_member = portal_user(cls.env, "ticket_member", cls.member)
        cls.user_outsider = portal_user(cls.env, "ticket_outsider", cls.outsider)

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _buy(self, ticket_id, quantity, **more):
        page = self.url_open("/my/tickets").text
        csrf = re.search(r'csrf_token: "([^"]+)"', page).group(1)
        return self.url_open(
            "/my/tickets/buy",
            data={"ticket_id": ticket_id, "quantity": quantity, "csrf_token": csrf, **more},
            allow_redirects=False,
        )

    def _registrations(self, partner):
        return self.env["event.registration"].search(
            [("partner_id", "=", partner.id), ("event_id", "=", self.concert.id)]
        )

    def test_member_buys_at_the_member_price_and_pays_online(self):
        self._login(self.user_member)
        page = self.url_open("/my/tickets").text
        self.assertIn("Hackney Folk Night", page)
        self.assertRegex(page, rf'o_coop_ticket"[^>]*data-ticket-id="{self.member_ticket.id}"')
        response = self._buy(self.member_ticket.id, 2)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my/tickets"))
        registrations = self._registrations(self.member)
        self.assertEqual(len(registrations), 2)
        self.assertEqual(registrations.event_ticket_id, self.member_ticket)
        invoice = registrations.coop_invoice_id
        self.assertEqual((invoice.state, invoice.amount_total), ("posted", 16.0))
        self.assertFalse(invoice.journal_id.coop_is_share_capital)
        # Held, not a ticket yet: no PDF, and the page says until when and where to pay.
        self.assertEqual(set(registrations.mapped("state")), {"draft"})
        for registration in registrations:
            pdf = self.url_open(f"/my/tickets/{registration.id}/ticket.pdf")
            self.assertEqual(pdf.status_code, 404)
        page = self.url_open("/my/tickets").text
        self.assertIn("o_coop_held_notice", page)
        self.assertEqual(page.count("o_coop_registration_held"), 2)
        self.assertIn(f"Held until <strong>{registrations[0]._coop_hold_until_text()}", page)
        self.assertNotIn("o_coop_ticket_pdf", page)
        pay_link = re.search(r'class="btn btn-sm btn-primary o_coop_pay"\s+href="([^"]+)"', page)
        self.assertIn(invoice.get_portal_url(), pay_link.group(1).replace("&amp;", "&"))
        invoice_page = self.url_open(pay_link.group(1).replace("&amp;", "&"))
        self.assertEqual(invoice_page.status_code, 200)
        self.assertIn(invoice.name, invoice_page.text)
        # Paid: the tickets are there.
        self._pay(invoice)
        self.assertEqual(set(registrations.mapped("state")), {"open"})
        pdf = self.url_open(f"/my/tickets/{registrations[0].id}/ticket.pdf")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn("attachment", pdf.headers["Content-Disposition"])
        page = self.url_open("/my/tickets").text
        self.assertNotIn("o_coop_held_notice", page)
        self.assertEqual(page.count("o_coop_ticket_pdf"), 2)

    def test_the_buyer_who_loses_the_last_seats_reads_what_is_left(self):
        # Another member holds two of the three seats (Odoo's subscription mail is set).
        self.assertTrue(
            self.concert.event_mail_ids.filtered(lambda m: m.interval_type == "after_sub")
        )
        self.public_ticket._coop_sell_in_portal(self.outsider, 2)
        self._login(self.user_member)
        self.assertIn('o_coop_seats_left">1<', self.url_open("/my/tickets").text)
        response = self._buy(self.public_ticket.id, 2)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Only 1 seats are left", response.text)
        self.assertFalse(self._registrations(self.member))
        self.assertEqual(self._buy(self.public_ticket.id, 1).status_code, 303)

    def test_outsider_pays_the_public_price_only(self):
        self._login(self.user_outsider)
        page = self.url_open("/my/tickets").text
        self.assertNotRegex(page, rf'o_coop_ticket"[^>]*data-ticket-id="{self.member_ticket.id}"')
        self.assertIn("o_coop_member_price_hint", page)
        # Posting the member ticket's id anyway: refused, nothing bought.
        response = self._buy(self.member_ticket.id, 1)
        self.assertEqual(response.status_code, 200)
        self.assertIn("may not shop", response.text)
        self.assertFalse(self._registrations(self.outsider))
        self.assertEqual(self._buy(self.public_ticket.id, 1).status_code, 303)
        self.assertEqual(self._registrations(self.outsider).event_ticket_id, self.public_ticket)

    def test_bad_quantities_and_capacity(self):
        self._login(self.user_member)
        for quantity in (0, -1, "two", 11):
            response = self._buy(self.member_ticket.id, quantity)
            self.assertIn("between 1 and 10 seats", response.text)
        response = self._buy(self.member_ticket.id, 4)
        self.assertIn("Only 3 seats are left", response.text)
        self.assertFalse(self._registrations(self.member))
        self.assertFalse(
            self.env["account.move"].search(
                [("partner_id", "=", self.member.id), ("invoice_origin", "=", self.concert.name)]
            )
        )

    def test_nobody_downloads_another_persons_ticket(self):
        registration = self._register(self.member_ticket, self.member)
        invoice = self.member_ticket._coop_sell_in_portal(self.member, 1)
        self._pay(invoice)
        paid = self._held(invoice)
        self.assertEqual(paid.state, "open")
        self._login(self.user_outsider)
        for other in registration | paid:
            response = self.url_open(f"/my/tickets/{other.id}/ticket.pdf")
            self.assertEqual(response.status_code, 404)
        page = self.url_open("/my/tickets").text
        self.assertNotIn("Ticket Member Mo", page)
        self.assertNotIn(invoice._portal_ensure_token(), page)
        # Nor the member's invoice, without its access token.
        response = self.url_open(f"/my/invoices/{invoice.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertNotIn(invoice.name, response.text)
        # An event not sold in the portal cannot be bought there by id.
        self.concert.coop_sold_in_portal = False
        self.assertIn("Choose a ticket on sale", self._buy(self.public_ticket.id, 1).text)

    def test_nobody_buys_another_companys_event(self):
        other_company = self.env["res.company"].create({"name": "Other Co-op"})
        gig = self.concert.copy(
            {"name": "Other Co-op Gig", "company_id": other_company.id, "coop_venue_id": False}
        )
        gig.coop_sold_in_portal = True
        self._login(self.user_member)
        self.assertNotIn("Other Co-op Gig", self.url_open("/my/tickets").text)
        response = self._buy(gig.event_ticket_ids[-1].id, 1)
        self.assertIn("Choose a ticket on sale", response.text)
        self.assertFalse(gig.registration_ids)

    def test_nobody_buys_in_another_persons_name(self):
        # The outsider names the member as buyer to get the member price: ignored, the
        # buyer is always the user, and the member price is refused to them.
        self._login(self.user_outsider)
        response = self._buy(self.member_ticket.id, 1, partner_id=self.member.id)
        self.assertIn("may not shop", response.text)
        self.assertFalse(self._registrations(self.member))
        self.assertEqual(
            self._buy(self.public_ticket.id, 1, partner_id=self.member.id).status_code, 303
        )
        self.assertFalse(self._registrations(self.member))
        self.assertEqual(self._registrations(self.outsider).event_ticket_id, self.public_ticket)

    def test_tour_buy_a_ticket_on_a_phone(self):
        with phone_screen(self):
            self.start_tour("/my/tickets", "coop_event_portal_ticket", login=self.user_member.login)
        registration = self._registrations(self.member)
        self.assertEqual(registration.event_ticket_id, self.member_ticket)
        self.assertEqual(registration.state, "draft", "held until the invoice is paid")
        self.assertTrue(registration.coop_hold_until)
