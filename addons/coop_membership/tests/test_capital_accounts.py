from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import CoopMembershipCase


@tagged("post_install", "-at_install")
class TestCapitalAccounts(CoopMembershipCase):
    """Paid-up capital in the books is the register, at every date."""

    def _balance(self, account, on_date=None):
        domain = [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        if on_date:
            domain.append(("date", "<=", on_date))
        groups = self.env["account.move.line"]._read_group(domain, [], ["balance:sum"])
        return groups[0][0] or 0.0

    def _register_total(self, on_date=None):
        domain = [("company_id", "=", self.company.id)]
        if on_date:
            domain.append(("date", "<=", on_date))
        return sum(self.Line.search(domain).mapped("amount"))

    def _assert_books_match_register(self, on_date=None):
        paid_up = -self._balance(self.company.coop_capital_account_id, on_date)
        self.assertAlmostEqual(paid_up, self._register_total(on_date), msg=f"on {on_date}")

    def test_the_demo_cafe_owes_in_the_books_what_its_invoices_still_await(self):
        """The demo's members paid their capital through a bank that books payments: the
        capital receivable holds only what capital invoices still await."""
        company = self.env.ref("base.main_company")
        requests = self.env["coop.subscription.request"].search(
            [("company_id", "=", company.id), ("move_id.state", "=", "posted")]
        )
        self.assertTrue(requests.filtered(lambda r: r.state == "done"), "the demo is loaded")
        awaited = sum(requests.move_id.mapped("amount_residual_signed"))
        self.assertAlmostEqual(
            self._balance(company.coop_capital_receivable_account_id), awaited, places=2
        )
        self.assertFalse(
            requests.filtered(lambda r: r.state == "done").move_id.filtered(
                lambda m: m.payment_state not in ("paid", "in_payment")
            )
        )

    def test_instalments_move_capital_to_paid_up_on_their_dates(self):
        self._assert_books_match_register()
        today = fields.Date.today()
        person = self._person("Instalment Ivy")
        request = self._subscribe(person, quantity=12, pay=False)
        unpaid = self.company.coop_capital_unpaid_account_id
        self.assertAlmostEqual(-self._balance(unpaid) >= 120.0, True)
        unpaid_before = -self._balance(unpaid)
        request._pay_capital(
            amount=50.0, payment_date=today - timedelta(days=20), journal=self.bank_journal
        )
        request._pay_capital(
            amount=70.0, payment_date=today - timedelta(days=5), journal=self.bank_journal
        )
        self.assertEqual(request.state, "done")
        self.assertEqual(person.coop_share_count, 12)
        self.assertAlmostEqual(-self._balance(unpaid), unpaid_before - 120.0)
        for days in (30, 20, 10, 5, 0):
            self._assert_books_match_register(today - timedelta(days=days))
        entries = request.share_line_ids.capital_move_id
        self.assertEqual(len(entries), 2)
        self.assertEqual(
            sorted(entries.mapped("date")), sorted(request.share_line_ids.mapped("date"))
        )

    def test_a_payment_undone_takes_the_shares_and_the_capital_back(self):
        outstanding = self.env["account.account"].create(
            {
                "name": "Outstanding (capital test)",
                "code": "OUTCAP",
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        self.bank_journal.inbound_payment_method_line_ids.payment_account_id = outstanding
        person = self._person("Undone Uma")
        request = self._subscribe(person, quantity=10)
        self._assert_books_match_register()
        request.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(person.coop_share_count, 0)
        self._assert_books_match_register()

    def test_a_refund_takes_paid_up_capital_out(self):
        person = self._member("Refund Rae", share_type=self.share_b, quantity=3)
        sellback = self.env["coop.sellback.request"].create(
            {"partner_id": person.id, "share_type_id": self.share_b.id, "quantity": 3}
        )
        sellback.action_submit()
        sellback.action_approve()
        sellback.date_due = fields.Date.today()
        sellback.action_issue_refund()
        refund = sellback.move_id
        self.assertEqual(
            refund.invoice_line_ids.account_id,
            self.share_b.capital_account_id,
            "the refund takes shares that were paid up",
        )
        owed = refund.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(owed.account_id, self.company.coop_capital_receivable_account_id)
        self.assertEqual(person.coop_share_count, 0)
        self._assert_books_match_register()

    def test_unpaid_capital_stays_out_of_the_members_balance(self):
        person = self._person("Owes Capital Olu")
        self._subscribe(person, share_type=self.share_b, quantity=2, pay=False)
        self.assertEqual(person._coop_account_balance(), 0.0)
        paid = self._member("Paid Capital Pat", share_type=self.share_b, quantity=2)
        self.assertEqual(paid._coop_account_balance(), 0.0)
