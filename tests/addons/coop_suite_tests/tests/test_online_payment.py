import itertools
import json

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import hmac

from odoo.addons.coop_membership.tests.common import CoopMembershipCase, portal_user
from odoo.addons.coop_membership.tests.phone import phone_screen


class OnlinePaymentCase(CoopMembershipCase):
    """Odoo's demo payment provider (payment_demo, which this test addon depends on) on a
    journal of its own that books payments, and a members' account apart from Odoo's
    receivable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        # The manifest brings payment_demo; without it nothing here can pay online.
        assert cls.provider.code == "demo", "payment_demo is not installed"
        cls.provider.write({"state": "test", "is_published": True})
        cls.payment_method = cls.env.ref("payment_demo.payment_method_demo")
        cls.online_journal = cls.env["account.journal"].create(
            {"name": "Online Payments", "type": "bank", "code": "ONLP"}
        )
        cls.provider.journal_id = cls.online_journal
        cls.provider_line = cls.online_journal.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_provider_id == cls.provider
        )
        cls.online_receipts = cls.env["account.account"].create(
            {
                "name": "Online Receipts",
                "code": "101297",
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        cls.provider_line.payment_account_id = cls.online_receipts
        # Money paid in at the desk, booked when recorded.
        cls.desk = cls.env["account.journal"].create(
            {"name": "Online Tests Desk", "type": "cash", "code": "ONLD"}
        )
        cls.desk.inbound_payment_method_line_ids.payment_account_id = cls.online_receipts
        cls.member_account = cls.env["account.account"].create(
            {
                "name": "Members' Deposits",
                "code": "110097",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        cls.company.coop_member_account_id = cls.member_account
        cls.company.coop_online_top_up_max = 300.0
        cls.currency = cls.company.currency_id

    @classmethod
    def _goods_invoice(cls, partner, amount, due_days=30):
        """A posted goods invoice owed on the members' account, as a group order's is."""
        today = fields.Date.today()
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "journal_id": cls.company._coop_goods_sale_journal().id,
                "invoice_date": fields.Date.add(today, days=-40),
                "invoice_date_due": fields.Date.add(today, days=due_days - 40),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Flour, 25 kg", "price_unit": amount, "tax_ids": [Command.clear()]}
                    )
                ],
            }
        )
        invoice.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        ).account_id = cls.member_account
        invoice.action_post()
        return invoice

    _references = itertools.count()

    def _tx_values(self, partner, amount, **values):
        return {
            "provider_id": self.provider.id,
            "payment_method_id": self.payment_method.id,
            "reference": f"COOP-ONLINE-TEST-{next(self._references)}",
            "amount": amount,
            "currency_id": self.currency.id,
            "partner_id": partner.id,
            "operation": "online_direct",
            "coop_is_top_up": True,
            **values,
        }

    def _refused(self, message, values, exception=ValidationError):
        """Creating a transaction with `values` is refused with `message`, and leaves none."""
        Tx = self.env["payment.transaction"]
        count = Tx.search_count([])
        with self.assertRaisesRegex(exception, message), self.env.cr.savepoint():
            Tx.create(values)
        self.assertEqual(Tx.search_count([]), count)

    def _demo_done(self, tx):
        """What the demo provider's page sends when the member pays, then Odoo's
        post-processing (done by the status page or the cron)."""
        tx._handle_notification_data("demo", {"reference": tx.reference, "simulated_state": "done"})
        tx._post_process()


@tagged("post_install", "-at_install")
class TestOnlineTopUpModel(OnlinePaymentCase):
    """The transaction's rules, whoever creates it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = cls._member("Online Ann", share_type=cls.share_b, quantity=1)
        cls.bo = cls._member("Online Bo", share_type=cls.share_b, quantity=1)
        cls.Tx = cls.env["payment.transaction"]

    def test_a_done_top_up_is_a_posted_payment_on_the_members_account(self):
        tx = self.Tx.create(self._tx_values(self.ann, 40.0))
        self.assertTrue(tx._coop_is_top_up())
        self._demo_done(tx)
        payment = tx.payment_id
        self.assertTrue(payment, "Odoo's post-processing made the payment")
        self.assertTrue(payment.coop_is_top_up)
        self.assertEqual(payment.state, "in_process")
        self.assertEqual(payment.partner_id, self.ann)
        self.assertEqual(payment.journal_id, self.online_journal)
        self.assertEqual(payment.destination_account_id, self.member_account)
        self.assertEqual(payment.memo, f"{self.ann.coop_member_number}-TOPUP")
        credit = payment.move_id.line_ids.filtered(
            lambda line: line.account_id == self.member_account
        )
        self.assertEqual(payment.move_id.state, "posted")
        self.assertAlmostEqual(credit.credit, 40.0)
        self.assertAlmostEqual(self.ann._coop_account_balance(), 40.0)
        self.assertAlmostEqual(self.bo._coop_account_balance(), 0.0)
        tx._post_process()
        self.assertEqual(
            self.env["account.payment"].search_count([("payment_transaction_id", "=", tx.id)]),
            1,
            "post-processing twice makes no second payment",
        )

    def test_a_cancelled_top_up_credits_nothing(self):
        tx = self.Tx.create(self._tx_values(self.ann, 15.0))
        tx._handle_notification_data(
            "demo", {"reference": tx.reference, "simulated_state": "cancel"}
        )
        tx._post_process()
        self.assertFalse(tx.payment_id)
        self.assertAlmostEqual(self.ann._coop_account_balance(), 0.0)

    def test_a_top_up_refunded_through_the_provider_leaves_the_balance(self):
        tx = self.Tx.create(self._tx_values(self.ann, 40.0))
        self._demo_done(tx)
        invoice = self._goods_invoice(self.ann, 30.0)
        invoice.js_assign_outstanding_line(
            tx.payment_id.move_id.line_ids.filtered(
                lambda line: line.account_id == self.member_account
            ).id
        )
        self.assertAlmostEqual(self.ann._coop_account_balance(), 10.0)
        count = self.Tx.search_count([])
        with self.assertRaisesRegex(UserError, "would be more than that"), self.env.cr.savepoint():
            tx.action_refund(amount_to_refund=30.0)
        self.assertEqual(self.Tx.search_count([]), count, "no refund transaction is left")
        tx.action_refund(amount_to_refund=10.0)
        refund = tx.child_transaction_ids
        self.assertEqual(refund.operation, "refund")
        self.assertTrue(refund._coop_is_top_up())
        refund._post_process()
        self.assertEqual(refund.payment_id.payment_type, "outbound")
        self.assertEqual(refund.payment_id.destination_account_id, self.member_account)
        self.assertAlmostEqual(self.ann._coop_account_balance(), 0.0)

    def test_bad_amounts_are_refused_and_nothing_is_created(self):
        for amount, message in (
            (-5.0, "positive"),
            (0.0, "positive"),
            (300.01, "at most"),
            (1e9, "at most"),
        ):
            with self.subTest(amount=amount):
                self._refused(message, self._tx_values(self.ann, amount))
        self.company.coop_online_top_up_max = 0.0
        self.assertTrue(self.Tx.create(self._tx_values(self.ann, 1000.0)), "zero: no limit")

    def test_a_top_up_in_another_currency_or_with_invoices_is_refused(self):
        other = self.env["res.currency"].search(
            [("id", "!=", self.currency.id), ("active", "=", True)], limit=1
        ) or self.env.ref("base.EUR")
        other.active = True
        self._refused("paid in", self._tx_values(self.ann, 10.0, currency_id=other.id))
        invoice = self._goods_invoice(self.ann, 10.0)
        self._refused(
            "pays no invoice",
            self._tx_values(self.ann, 10.0, invoice_ids=[Command.set(invoice.ids)]),
        )

    def test_a_provider_whose_journal_does_not_book_payments_takes_no_top_up(self):
        self.assertTrue(self.provider._coop_takes_top_ups())
        self.provider_line.payment_account_id = False
        self.assertFalse(self.provider._coop_takes_top_ups())
        self._refused("books incoming payments only", self._tx_values(self.ann, 10.0))
        compatible = self.env["payment.provider"]._get_compatible_providers(
            self.company.id, self.ann.id, 10.0, currency_id=self.currency.id, coop_top_up=True
        )
        self.assertNotIn(self.provider, compatible)
        self.assertIn(
            self.provider,
            self.env["payment.provider"]._get_compatible_providers(
                self.company.id, self.ann.id, 10.0, currency_id=self.currency.id
            ),
            "invoices may still be paid through it",
        )

    def test_the_till_and_the_desk_refuse_the_same_journals(self):
        self.provider_line.payment_account_id = False
        with self.assertRaisesRegex(ValidationError, "books incoming payments only"):
            self.online_journal._coop_top_up_method_line(provider=self.provider)
        sales = self.company._coop_goods_sale_journal()
        with self.assertRaisesRegex(ValidationError, "bank, cash or card journal"):
            self.ann._coop_top_up(10.0, sales)

    def test_a_goods_invoice_paid_online_reconciles_on_its_account(self):
        invoice = self._goods_invoice(self.ann, 32.5)
        tx = self.Tx.create(
            self._tx_values(
                self.ann, 32.5, coop_is_top_up=False, invoice_ids=[Command.set(invoice.ids)]
            )
        )
        self.assertFalse(tx._coop_is_top_up())
        self._demo_done(tx)
        payment = tx.payment_id
        self.assertFalse(payment.coop_is_top_up)
        self.assertEqual(payment.destination_account_id, self.member_account)
        self.assertNotEqual(
            self.member_account,
            self.ann.property_account_receivable_id,
            "the members' account is not Odoo's receivable here",
        )
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual))
        self.assertAlmostEqual(self.ann._coop_account_balance(), 0.0, msg="paid, nothing left")

    def test_a_capital_invoice_paid_online_makes_its_shares_effective(self):
        request = self._subscribe(self.bo, share_type=self.share_b, quantity=3, pay=False)
        invoice = request.move_id
        shares_before = self.bo.coop_share_count
        self.assertEqual(invoice.payment_state, "not_paid")
        tx = self.Tx.create(
            self._tx_values(
                self.bo,
                invoice.amount_residual,
                coop_is_top_up=False,
                invoice_ids=[Command.set(invoice.ids)],
            )
        )
        self._demo_done(tx)
        payment = tx.payment_id
        self.assertEqual(
            payment.destination_account_id, self.company.coop_capital_receivable_account_id
        )
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual))
        self.bo.invalidate_recordset()
        self.assertEqual(self.bo.coop_share_count, shares_before + 3)
        self.assertAlmostEqual(self.bo._coop_account_balance(), 0.0, msg="capital is apart")

    def test_an_invoice_paid_already_or_overpaid_is_refused(self):
        invoice = self._goods_invoice(self.ann, 20.0)
        self._refused(
            "more than",
            self._tx_values(
                self.ann, 20.01, coop_is_top_up=False, invoice_ids=[Command.set(invoice.ids)]
            ),
        )
        tx = self.Tx.create(
            self._tx_values(
                self.ann, 20.0, coop_is_top_up=False, invoice_ids=[Command.set(invoice.ids)]
            )
        )
        self._demo_done(tx)
        self._refused(
            "Nothing is left to pay",
            self._tx_values(
                self.ann, 20.0, coop_is_top_up=False, invoice_ids=[Command.set(invoice.ids)]
            ),
        )

    def test_capital_and_goods_are_never_paid_by_one_transaction(self):
        capital = self._subscribe(self.ann, share_type=self.share_b, quantity=1, pay=False)
        goods = self._goods_invoice(self.ann, 5.0)
        invoices = capital.move_id | goods
        self._refused(
            "one by one",
            self._tx_values(
                self.ann,
                sum(invoices.mapped("amount_residual")),
                coop_is_top_up=False,
                invoice_ids=[Command.set(invoices.ids)],
            ),
        )

    def test_portal_users_cannot_read_transactions(self):
        tx = self.Tx.create(self._tx_values(self.ann, 12.0))
        user_bo = portal_user(self.env, "coop_online_model_bo", self.bo)
        with self.assertRaises(AccessError):
            tx.with_user(user_bo).read(["amount"])


@tagged("post_install", "-at_install")
class TestOnlinePaymentPortal(HttpCase, OnlinePaymentCase):
    """The portal routes, as the member and as another member trying what is not theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = cls._member("Portal Online Ann", share_type=cls.share_b, quantity=1)
        cls.bo = cls._member("Portal Online Bo", share_type=cls.share_b, quantity=1)
        cls.user_ann = portal_user(cls.env, "coop_online_ann", cls.ann)
        cls.user_bo = portal_user(cls.env, "coop_online_bo", cls.bo)

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _rpc(self, route, params):
        """A JSON-RPC call; returns (result, error message)."""
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        if "error" in body:
            return None, body["error"]["data"]["message"]
        return body.get("result"), None

    def _top_up_params(self, partner, amount, **params):
        return {
            "provider_id": self.provider.id,
            "payment_method_id": self.payment_method.id,
            "token_id": None,
            "amount": amount,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": "/my/balance",
            "is_validation": False,
            # What payment_utils.generate_access_token computes inside a request.
            "access_token": hmac(
                self.env(su=True),
                "generate_access_token",
                f"{partner.id}|{amount}|{self.currency.id}",
            ),
            **params,
        }

    def _simulate_demo_payment(self, reference):
        # The demo provider's own route, as its payment form calls it.
        _result, error = self._rpc(
            "/payment/demo/simulate_payment",
            {"reference": reference, "payment_details": "4242", "simulated_state": "done"},
        )
        self.assertIsNone(error)

    def test_the_balance_page_shows_the_members_own_balance(self):
        self.ann._coop_top_up(25.0, self.desk)
        self._login(self.user_bo)
        page = self.url_open("/my/balance").text
        self.assertIn("o_coop_balance_amount", page)
        self.assertNotIn("25.00", page)
        self._login(self.user_ann)
        page = self.url_open("/my/balance").text
        self.assertIn("25.00", page)
        home = self.url_open("/my").text
        self.assertIn('href="/my/balance"', home)

    def test_query_count_does_not_grow_with_top_ups(self):
        self.ann._coop_top_up(5.0, self.desk)
        for amount in (1.0, 2.0, 3.0, 4.0, 5.0, 6.0):
            self.bo._coop_top_up(amount, self.desk)
        self._goods_invoice(self.bo, 4.0)
        for user in (self.user_ann, self.user_bo):
            self._login(user)
            self.url_open("/my/balance")  # warm the caches
            with self.assertQueryCount(QUERY_COUNT_MY_BALANCE):
                response = self.url_open("/my/balance")
            self.assertEqual(response.status_code, 200)
        self.assertIn("17.00", response.text)

    def test_top_up_online_credits_the_balance(self):
        self._login(self.user_ann)
        page = self.url_open("/my/balance/top-up?amount=35.5").text
        self.assertIn('data-transaction-route="/my/balance/top-up/transaction"', page)
        self.assertIn(f'data-provider-id="{self.provider.id}"', page)
        self.assertIn(f"{self.ann.coop_member_number}-TOPUP", page)
        result, error = self._rpc(
            "/my/balance/top-up/transaction", self._top_up_params(self.ann, 35.5)
        )
        self.assertIsNone(error)
        tx = self.env["payment.transaction"].search([("reference", "=", result["reference"])])
        self.assertTrue(tx.coop_is_top_up)
        self.assertEqual(tx.partner_id, self.ann)
        self.assertEqual(tx.landing_route, "/my/balance")
        self.assertTrue(tx.reference.startswith(f"{self.ann.coop_member_number}-TOPUP"))
        self._simulate_demo_payment(tx.reference)
        self.assertEqual(tx.state, "done")
        # Odoo's status page polls, which post-processes the transactions of the session.
        _poll, error = self._rpc("/payment/status/poll", {})
        self.assertIsNone(error)
        self.assertTrue(tx.is_post_processed)
        self.assertTrue(tx.payment_id.coop_is_top_up)
        self.assertEqual(tx.payment_id.destination_account_id, self.member_account)
        self.assertAlmostEqual(self.ann._coop_account_balance(), 35.5)
        self.assertIn("35.50", self.url_open("/my/balance").text)

    def test_bad_amounts_get_a_clear_message_and_no_payment_form(self):
        self._login(self.user_ann)
        for typed, message in (
            ("-5", "A top-up must be a positive amount."),
            ("0", "A top-up must be a positive amount."),
            ("", "Enter an amount"),
            ("abc", "Enter an amount"),
            ("nan", "Enter an amount"),
            ("inf", "Enter an amount"),
            ("300.01", "You can top up at most"),
        ):
            with self.subTest(typed=typed):
                page = self.url_open(f"/my/balance/top-up?amount={typed}").text
                self.assertIn("o_coop_top_up_error", page)
                self.assertIn(message, page)
                self.assertNotIn("o_payment_form", page)
        count = self.env["payment.transaction"].search_count([])
        _result, error = self._rpc(
            "/my/balance/top-up/transaction", self._top_up_params(self.ann, 1000.0)
        )
        self.assertIn("at most", error)
        self.assertEqual(self.env["payment.transaction"].search_count([]), count)

    def test_without_a_provider_that_books_top_ups_the_page_says_so(self):
        self.provider_line.payment_account_id = False
        self._login(self.user_ann)
        page = self.url_open("/my/balance/top-up?amount=10").text
        self.assertIn("o_coop_no_online_top_up", page)
        self.assertNotIn("o_payment_form", page)
        _result, error = self._rpc(
            "/my/balance/top-up/transaction", self._top_up_params(self.ann, 10.0)
        )
        self.assertIn("books incoming payments only", error)

    def test_member_b_cannot_top_up_member_a(self):
        self._login(self.user_bo)
        count = self.env["payment.transaction"].search_count([])
        # Ann's token, Ann's partner or reference slipped into the call: all refused.
        for params, message in (
            (self._top_up_params(self.ann, 20.0), "access token"),
            (self._top_up_params(self.bo, 20.0, partner_id=self.ann.id), "not whitelisted"),
            (self._top_up_params(self.bo, 20.0, reference_prefix="X-TOPUP"), "not whitelisted"),
            (
                self._top_up_params(self.bo, 20.0, custom_create_values={"partner_id": 1}),
                "not whitelisted",
            ),
            ({**self._top_up_params(self.bo, 20.0), "amount": 200.0}, "access token"),
        ):
            with self.subTest(params=sorted(params)):
                result, error = self._rpc("/my/balance/top-up/transaction", params)
                self.assertIsNone(result)
                self.assertIn(message, error)
        self.assertEqual(self.env["payment.transaction"].search_count([]), count)
        # Bo's own top-up is Bo's, whatever the page said.
        result, error = self._rpc(
            "/my/balance/top-up/transaction",
            self._top_up_params(self.bo, 20.0, landing_route="/my/membership?x=1"),
        )
        self.assertIsNone(error)
        tx = self.env["payment.transaction"].search([("reference", "=", result["reference"])])
        self.assertEqual(tx.partner_id, self.bo)
        self.assertEqual(tx.landing_route, "/my/balance")
        self._simulate_demo_payment(tx.reference)
        tx._post_process()
        self.assertAlmostEqual(self.bo._coop_account_balance(), 20.0)
        self.assertAlmostEqual(self.ann._coop_account_balance(), 0.0)

    def test_member_b_cannot_pay_or_see_member_a_invoice(self):
        invoice = self._goods_invoice(self.ann, 12.0)
        invoice._portal_ensure_token()
        self._login(self.user_bo)
        response = self.url_open(f"/my/invoices/{invoice.id}", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
        _result, error = self._rpc(
            f"/invoice/transaction/{invoice.id}",
            {**self._top_up_params(self.bo, 12.0), "access_token": "wrong"},
        )
        self.assertIsNotNone(error)
        self.assertFalse(invoice.transaction_ids)

    def test_pay_a_capital_invoice_from_its_portal_page(self):
        request = self._subscribe(self.ann, share_type=self.share_b, quantity=2, pay=False)
        invoice = request.move_id
        shares = self.ann.coop_share_count
        self._login(self.user_ann)
        page = self.url_open(invoice.get_portal_url()).text
        self.assertIn(f'data-transaction-route="/invoice/transaction/{invoice.id}"', page)
        params = {
            **self._top_up_params(self.ann, invoice.amount_residual),
            "access_token": invoice._portal_ensure_token(),
        }
        _result, error = self._rpc(f"/invoice/transaction/{invoice.id}", params)
        self.assertIsNone(error)
        tx = invoice.transaction_ids
        self.assertFalse(tx.coop_is_top_up)
        self._simulate_demo_payment(tx.reference)
        self._rpc("/payment/status/poll", {})
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.ann.invalidate_recordset()
        self.assertEqual(self.ann.coop_share_count, shares + 2)
        # Paying it again is refused before any money moves.
        _result, error = self._rpc(f"/invoice/transaction/{invoice.id}", params)
        self.assertIn("Nothing is left to pay", error)

    def test_pay_all_overdue_invoices_leaves_capital_out(self):
        goods = self._goods_invoice(self.ann, 18.0)
        capital = self._subscribe(self.ann, share_type=self.share_b, quantity=1, pay=False)
        capital.move_id.invoice_date_due = fields.Date.add(fields.Date.today(), days=-3)
        self.assertLess(goods.invoice_date_due, fields.Date.today())
        self._login(self.user_ann)
        page = self.url_open("/my/invoices/overdue").text
        self.assertIn('data-transaction-route="/invoice/transaction/overdue"', page)
        self.assertRegex(page, r'id="o_payment_summary_amount"[^>]*>[^<]*<span[^>]*>18\.00<')
        result, error = self._rpc(
            "/invoice/transaction/overdue",
            {
                **{
                    k: v
                    for k, v in self._top_up_params(self.ann, 18.0).items()
                    if k != "access_token"
                },
                "payment_reference": "BATCH",
            },
        )
        self.assertIsNone(error)
        tx = self.env["payment.transaction"].search([("reference", "=", result["reference"])])
        self.assertEqual(tx.invoice_ids, goods)
        self._simulate_demo_payment(tx.reference)
        tx._post_process()
        self.assertIn(goods.payment_state, ("paid", "in_payment"))
        self.assertEqual(capital.move_id.payment_state, "not_paid")

    def test_tour_top_up_online_on_a_phone(self):
        self.ann._coop_top_up(10.0, self.desk)
        with phone_screen(self):
            self.start_tour("/my/balance", "coop_portal_top_up_online", login=self.user_ann.login)
        tx = self.env["payment.transaction"].search(
            [("partner_id", "=", self.ann.id), ("coop_is_top_up", "=", True)]
        )
        self.assertEqual(tx.state, "done")
        self.assertAlmostEqual(tx.amount, 25.0)
        self.assertTrue(tx.payment_id.coop_is_top_up)
        self.assertAlmostEqual(self.ann._coop_account_balance(), 35.0)


# Measured: 8 for a member with one top-up, the same with six and an invoice.
QUERY_COUNT_MY_BALANCE = 8
