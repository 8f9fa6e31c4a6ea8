from datetime import date

from odoo.tests import HttpCase, tagged

from odoo.addons.coop_membership.tests.common import portal_user

from .common import CoopEventCase


class VenueSettlementMixin:
    def _sell(self):
        data = self._ticket_order(self.member, self.member_ticket)
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
        self._pay(self.public_ticket._coop_sell_in_portal(self.outsider, 2))

    def _settle(self):
        today = date.today()
        Statement = self.env["coop.consignment.statement"]
        return Statement._coop_monthly_statement(
            self.env.company, self.venue, today.replace(day=1), today, "tickets"
        )


@tagged("post_install", "-at_install")
class TestVenueSettlement(VenueSettlementMixin, CoopEventCase):
    """A month of ticket sales for the venue, at the till and in the portal, settled like
    consignment: the venue is billed its 70%, the co-op keeps 30% as commission."""

    def test_the_venue_is_billed_its_share(self):
        self._sell()
        statement = self._settle()
        self.assertEqual(statement.settlement_type, "tickets")
        self.assertEqual(statement.state, "posted")
        self.assertEqual(len(statement.line_ids), 2, "one till line, one portal invoice line")
        self.assertAlmostEqual(statement.amount_sales, 8.0 + 2 * 12.0)
        self.assertAlmostEqual(statement.amount_commission, 0.3 * 32.0)
        self.assertAlmostEqual(statement.amount_due, 0.7 * 32.0)
        bill = statement.move_id
        self.assertEqual((bill.move_type, bill.state), ("in_invoice", "posted"))
        self.assertEqual(bill.partner_id, self.venue)
        self.assertAlmostEqual(bill.amount_total, 22.4)
        income = self.ticket_product.product_tmpl_id._get_product_accounts()["income"]
        sales_line = bill.invoice_line_ids.filtered(lambda l: l.account_id == income)
        self.assertAlmostEqual(sales_line.debit, 32.0, msg="the tickets leave the co-op's income")
        commission = bill.invoice_line_ids - sales_line
        self.assertAlmostEqual(commission.credit, 9.6, msg="the co-op's part stays as income")
        self.assertEqual(commission.account_id.account_type, "income")

    def test_a_period_is_paid_once(self):
        self._sell()
        self.assertTrue(self._settle())
        self.assertFalse(self._settle(), "the same month again creates nothing")
        self.assertEqual(
            self.env["coop.consignment.statement"].search_count(
                [("partner_id", "=", self.venue.id), ("settlement_type", "=", "tickets")]
            ),
            1,
        )

    def test_monthly_job_settles_venues(self):
        partners = self.env["coop.consignment.statement"]._coop_partners_to_settle()
        self.assertIn(self.venue, partners["tickets"])

    def test_seats_still_held_are_not_settled(self):
        """A seat waiting for its payment may still go back on sale: the venue is paid for
        tickets only."""
        self.concert.seats_max = 4
        self._sell()
        self.public_ticket._coop_sell_in_portal(self.member, 1)
        statement = self._settle()
        self.assertEqual(len(statement.line_ids), 2)
        self.assertAlmostEqual(statement.amount_sales, 8.0 + 2 * 12.0)


@tagged("post_install", "-at_install")
class TestVenueStatementInThePortal(VenueSettlementMixin, HttpCase, CoopEventCase):
    """The venue reads its statement in the portal like a consignor; nobody else does."""

    def test_the_venue_reads_its_statement_and_a_member_does_not(self):
        self._sell()
        statement = self._settle()
        venue_user = portal_user(self.env, "venue_portal", self.venue)
        member_user = portal_user(self.env, "venue_statement_member", self.member)
        urls = (statement.access_url, f"{statement.access_url}/pdf")
        self.authenticate(venue_user.login, venue_user.login)
        page = self.url_open(urls[0])
        self.assertEqual(page.status_code, 200)
        self.assertIn(statement.name, page.text)
        self.assertIn("Hackney Folk Night", page.text)
        pdf = self.url_open(urls[1])
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.authenticate(member_user.login, member_user.login)
        for url in urls:
            self.assertEqual(self.url_open(url).status_code, 404, url)
