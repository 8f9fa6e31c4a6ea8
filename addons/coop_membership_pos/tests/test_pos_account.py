from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import Command, CoopPosCase, pos_order_data


@tagged("post_install", "-at_install")
class TestTillAccount(CoopPosCase):
    """Members pay at the till from what they paid in ahead (Odoo's Customer Account)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.on_account = cls.env["pos.payment.method"].create(
            {"name": "Member Account", "split_transactions": True}
        )
        cls.config.payment_method_ids = [Command.link(cls.on_account.id)]
        cls.ann = cls._member("Account Ann", share_type=cls.share_b, quantity=1)
        desk = cls.env["account.journal"].create(
            {"name": "Till Desk", "type": "bank", "code": "TDSK"}
        )
        receipts = cls.env["account.account"].create(
            {
                "name": "Till Desk Receipts",
                "code": "101298",
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        desk.inbound_payment_method_line_ids.payment_account_id = receipts
        cls.top_up = cls.ann._coop_top_up(20.0, desk)
        cls.config.open_ui()
        cls.session = cls.config.current_session_id
        cls.session.set_opening_control(0, None)

    def _sell_on_account(self, partner, amount):
        data = pos_order_data(
            self.session,
            self.on_account,
            [(self.product, amount / 2.5, 2.5)],
            partner,
            user_id=self.cashier.id,
        )
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
        return self.env["pos.order"].search([("uuid", "=", data["uuid"])])

    def test_a_customer_account_must_identify_the_member(self):
        """Without Identify Customer, closing books all sales on account as one line with no
        member, and no balance would ever go down."""
        Method = self.env["pos.payment.method"]
        with self.assertRaisesRegex(ValidationError, "Identify Customer"):
            Method.create({"name": "Tab", "split_transactions": False})
        tab = Method.create({"name": "Tab", "split_transactions": True})
        with self.assertRaisesRegex(ValidationError, "Identify Customer"):
            tab.split_transactions = False
        # A method with a journal is not charged to anyone's account.
        cash = self.env["pos.payment.method"].create(
            {"name": "Till Cash Two", "journal_id": self.cash_pm.journal_id.id}
        )
        self.assertFalse(cash.split_transactions)

    def test_the_till_asks_before_paying_from_the_account(self):
        self.assertEqual(self.on_account.type, "pay_later", "Odoo's Customer Account")
        Order = self.env["pos.order"].with_user(self.cashier)
        lines = [[self.product.id, 1]]
        self.assertEqual(
            Order.coop_check_sale(self.config.id, self.ann.id, lines, 20.0)["problems"], []
        )
        verdict = Order.coop_check_sale(self.config.id, self.ann.id, lines, 20.01)
        self.assertEqual([p["kind"] for p in verdict["problems"]], ["account"])
        self.assertIn("below", verdict["problems"][0]["message"])
        self.company.coop_till_min_balance = -5.0
        verdict = Order.coop_check_sale(self.config.id, self.ann.id, lines, 25.0)
        self.assertEqual(verdict["problems"], [], "a co-op may let members go a little below")

    def test_the_badge_shows_the_balance_the_till_can_spend(self):
        Partner = self.env["res.partner"].with_user(self.cashier)
        self.assertIn("coop_account_balance", Partner._load_pos_data_fields(self.config.id))
        self.assertAlmostEqual(Partner.browse(self.ann.id).coop_account_balance, 20.0)
        self._sell_on_account(self.ann, 7.5)
        self.ann.invalidate_recordset()
        self.assertAlmostEqual(
            Partner.browse(self.ann.id).coop_account_balance,
            12.5,
            msg="a sale on account counts before its session is closed",
        )
        found = Partner.coop_pos_find_by_card(self.ann.barcode, self.config.id)
        self.assertAlmostEqual(found["res.partner"][0]["coop_account_balance"], 12.5)

    def test_a_sale_beyond_the_balance_is_recorded_and_flagged(self):
        first = self._sell_on_account(self.ann, 15.0)
        self.assertFalse(first.coop_review_state)
        second = self._sell_on_account(self.ann, 10.0)
        self.assertEqual(second.state, "paid")
        self.assertEqual(second.coop_review_state, "to_review")
        self.assertIn("on their account", second.coop_review_reason)

    def test_closing_the_session_settles_sales_on_account_with_the_credit(self):
        self._sell_on_account(self.ann, 7.5)
        self.session.post_closing_cash_details(0)
        result = self.session.close_session_from_ui()
        self.assertTrue(result.get("successful"), result)
        account = self.company._coop_member_account()
        charge = self.session.move_id.line_ids.filtered(
            lambda line: line.account_id == account and line.partner_id == self.ann
        )
        self.assertAlmostEqual(charge.debit, 7.5)
        self.assertTrue(charge.reconciled, "paid by the top-up's credit")
        credit = self.top_up.move_id.line_ids.filtered(lambda line: line.account_id == account)
        self.assertAlmostEqual(credit.amount_residual, -12.5)
        self.assertAlmostEqual(self.ann._coop_account_balance(), 12.5)
        self.ann.invalidate_recordset()
        self.assertAlmostEqual(self.ann.coop_account_balance, 12.5)
