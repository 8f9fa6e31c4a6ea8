from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CoopMembershipCase


@tagged("post_install", "-at_install")
class TestSubscription(CoopMembershipCase):
    """Payments recorded without a journal entry until a bank statement is reconciled (Odoo
    18's default for a bank journal without outstanding accounts)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        methods = cls.bank_journal.inbound_payment_method_line_ids
        methods |= cls.bank_journal.outbound_payment_method_line_ids
        methods.payment_account_id = False

    def test_validate_issues_capital_invoice_in_its_own_journal(self):
        person = self._person("Ada Baker")
        request = self._subscribe(person, quantity=12, pay=False)
        move = request.move_id
        self.assertEqual(request.state, "waiting")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.company.coop_capital_journal_id)
        self.assertEqual(move.amount_total, 120.0)
        # Subscribed, not paid: apart from paid-up capital and from the account for goods.
        self.assertEqual(
            move.invoice_line_ids.account_id, self.company.coop_capital_unpaid_account_id
        )
        receivable = move.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(receivable.account_id, self.company.coop_capital_receivable_account_id)
        self.assertNotEqual(receivable.account_id, self.company._coop_member_account())
        self.assertFalse(move.invoice_line_ids.tax_ids)
        self.assertEqual(person.coop_membership_state, "candidate")
        self.assertEqual(person.coop_share_count, 0, "nothing is effective before payment")
        self.assertFalse(person.coop_member_number)

    def test_payment_makes_shares_effective_at_payment_date(self):
        person = self._person("Ben Miller")
        payment_date = fields.Date.today() - timedelta(days=3)
        request = self._subscribe(person, quantity=10, payment_date=payment_date)
        self.assertEqual(request.state, "done")
        self.assertEqual(person.coop_share_count, 10)
        self.assertEqual(person.coop_capital_amount, 100.0)
        self.assertEqual(person.coop_membership_state, "member")
        self.assertEqual(request.share_line_ids.date, payment_date)
        self.assertEqual(person.coop_member_since, payment_date)
        self.assertTrue(person.coop_member_number)
        self.assertTrue(person._coop_can_shop())

    def test_member_number_and_ean13_card(self):
        first = self._member("Cara Flour")
        second = self._member("Dan Yeast")
        self.assertEqual(int(second.coop_member_number), int(first.coop_member_number) + 1)
        barcode = first.barcode
        self.assertEqual(len(barcode), 13)
        self.assertTrue(barcode.startswith("042"), "card numbers sit in Odoo's customer range")
        self.assertTrue(barcode[:-1].endswith(first.coop_member_number))
        body = barcode[:12]
        check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body)) % 10) % 10
        self.assertEqual(int(barcode[-1]), check)

    def test_member_number_is_never_reused(self):
        person = self._member("Eve Rye")
        number = person.coop_member_number
        sellback = self.env["coop.sellback.request"].create(
            {"partner_id": person.id, "share_type_id": self.share_a.id, "quantity": 10}
        )
        sellback.action_submit()
        sellback.action_approve()
        with freeze_time(fields.Date.today() + timedelta(days=400)):
            sellback.action_issue_refund()
        self.assertEqual(person.coop_membership_state, "former")
        self.assertEqual(person.coop_member_number, number, "a former member keeps their number")
        newcomer = self._member("Finn Oat")
        self.assertNotEqual(newcomer.coop_member_number, number)
        self._subscribe(person, quantity=10)
        self.assertEqual(person.coop_member_number, number, "rejoining keeps the old number")

    def test_duplicate_member_number_is_refused(self):
        first = self._member("Gus Spelt")
        other = self._person("Hana Barley")
        with self.assertRaisesRegex(ValidationError, "already belongs to"):
            other.coop_member_number = first.coop_member_number

    def test_welcome_mail_with_certificate(self):
        person = self._person("Ida Wheat")
        self._subscribe(person)
        mail = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", person.id)], order="id desc", limit=1
        )
        self.assertTrue(mail, "a welcome mail is queued")
        self.assertIn(person.coop_member_number, mail.subject)
        # Test mode renders reports as HTML instead of calling wkhtmltopdf.
        self.assertTrue(
            mail.attachment_ids.filtered(lambda a: "certificate" in a.name.lower()),
            "the share certificate is attached",
        )

    def test_instalments(self):
        person = self._person("Jo Malt")
        request = self._subscribe(person, quantity=10, pay=False)
        day1 = fields.Date.today() - timedelta(days=20)
        day2 = fields.Date.today() - timedelta(days=10)
        request._pay_capital(amount=35.0, payment_date=day1, journal=self.bank_journal)
        self.assertEqual(person.coop_share_count, 3, "£35 pays three £10 shares")
        self.assertEqual(request.state, "waiting")
        number = person.coop_member_number
        self.assertTrue(number, "paid shares make a member at once")
        request._pay_capital(amount=65.0, payment_date=day2, journal=self.bank_journal)
        self.assertEqual(person.coop_share_count, 10)
        self.assertEqual(request.state, "done")
        self.assertEqual(sorted(request.share_line_ids.mapped("quantity")), [3, 7])
        self.assertEqual(sorted(request.share_line_ids.mapped("date")), [day1, day2])
        self.assertEqual(person.coop_member_number, number)

    def test_overpayment_is_refused_and_nothing_written(self):
        person = self._person("Kim Bran")
        request = self._subscribe(person, quantity=10, pay=False)
        payments_before = self.env["account.payment"].search_count([])
        with self.assertRaisesRegex(UserError, "still due on the share capital invoice"):
            request._pay_capital(amount=150.0, journal=self.bank_journal)
        self.assertEqual(self.env["account.payment"].search_count([]), payments_before)
        self.assertEqual(person.coop_share_count, 0)

    def test_undoing_a_payment_reverses_the_shares(self):
        person = self._person("Lou Crumb")
        request = self._subscribe(person, quantity=10)
        self.assertEqual(person.coop_share_count, 10)
        request.move_id.matched_payment_ids.action_cancel()
        self.assertEqual(person.coop_share_count, 0)
        self.assertEqual(request.state, "waiting")
        kinds = request.share_line_ids.mapped("kind")
        self.assertEqual(sorted(kinds), ["reversal", "subscription"], "history is kept")

    def test_cancelling_the_invoice_cancels_the_request(self):
        request = self._subscribe(self._person("Max Dough"), pay=False)
        request.move_id.button_draft()
        request.move_id.button_cancel()
        self.assertEqual(request.state, "cancelled")

    def test_cancelling_the_request_cancels_the_invoice(self):
        request = self._subscribe(self._person("Nia Proof"), pay=False)
        request.action_cancel()
        self.assertEqual(request.move_id.state, "cancel")
        self.assertEqual(request.state, "cancelled")

    def test_cannot_cancel_once_shares_are_paid(self):
        request = self._subscribe(self._person("Oli Knead"))
        with self.assertRaisesRegex(UserError, "has shares paid already"):
            request.action_cancel()

    def test_minimum_and_maximum(self):
        person = self._person("Pia Sourdough")
        with self.assertRaisesRegex(ValidationError, "needs at least 10 share"):
            self.Request.create(
                {"partner_id": person.id, "share_type_id": self.share_a.id, "quantity": 9}
            )
        with self.assertRaisesRegex(ValidationError, "at most 50 share"):
            self.Request.create(
                {"partner_id": person.id, "share_type_id": self.share_a.id, "quantity": 51}
            )
        self.assertFalse(self.Request.search([("partner_id", "=", person.id)]))

    def test_reduced_minimum(self):
        person = self._person("Quinn Low", category_id=[(6, 0, self.social_minima.ids)])
        self._subscribe(person, quantity=1)
        self.assertEqual(person.coop_share_count, 1)
        self.assertTrue(person._coop_can_shop())

    def test_maximum_counts_shares_already_held(self):
        person = self._member("Ray Grain", quantity=45)
        with self.assertRaisesRegex(ValidationError, "at most 50 share"):
            self.Request.create(
                {"partner_id": person.id, "share_type_id": self.share_a.id, "quantity": 6}
            )

    def test_second_request_while_one_is_pending(self):
        person = self._person("Sam Loaf")
        self._subscribe(person, pay=False)
        with self.assertRaisesRegex(ValidationError, "already has a subscription request waiting"):
            self.Request.create(
                {"partner_id": person.id, "share_type_id": self.share_b.id, "quantity": 1}
            )
        self.assertEqual(self.Request.search_count([("partner_id", "=", person.id)]), 1)

    def test_capital_and_goods_never_mixed(self):
        person = self._person("Tia Scone")
        request = self._subscribe(person, pay=False)
        goods = self.env["product.product"].create({"name": "Flour 25kg", "list_price": 20})
        bad = request.move_id.copy()
        bad.write(
            {
                "invoice_line_ids": [
                    (0, 0, {"product_id": goods.id, "price_unit": 20, "quantity": 1})
                ]
            }
        )
        with self.assertRaisesRegex(UserError, "may only hold share lines"):
            bad.action_post()
        sales_journal = self.env["account.journal"].search(
            [
                ("type", "=", "sale"),
                ("coop_is_share_capital", "=", False),
                ("company_id", "=", self.company.id),
            ],
            limit=1,
        )
        shares_in_sales = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": person.id,
                "journal_id": sales_journal.id,
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {"product_id": self.share_a.product_id.id, "price_unit": 10, "quantity": 1},
                    )
                ],
            }
        )
        with self.assertRaisesRegex(UserError, "sells shares outside the share capital journal"):
            shares_in_sales.action_post()

    def test_payment_through_the_standard_wizard(self):
        """The same path a bookkeeper clicks: Register Payment on the invoice."""
        person = self._person("Uma Batch")
        request = self._subscribe(person, quantity=10, pay=False)
        action = request.action_register_payment()
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"journal_id": self.bank_journal.id, "payment_date": date.today()})
        )
        wizard.action_create_payments()
        self.assertEqual(person.coop_share_count, 10)
        self.assertEqual(request.state, "done")


@tagged("post_install", "-at_install")
class TestSubscriptionWithJournalEntries(TestSubscription):
    """The same rules when payments post entries on an outstanding account and are reconciled."""

    allow_inherited_tests_method = True  # Odoo's runner runs only a class's own tests otherwise

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        outstanding = cls.env["account.account"].create(
            {
                "name": "Outstanding receipts (test)",
                "code": "OUTREC",
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        cls.bank_journal.inbound_payment_method_line_ids.payment_account_id = outstanding
        cls.bank_journal.outbound_payment_method_line_ids.payment_account_id = outstanding

    def test_payment_is_reconciled(self):
        request = self._subscribe(self._person("Vic Crust"), quantity=10)
        self.assertTrue(request.move_id.matched_payment_ids.move_id, "the payment has an entry")
        self.assertTrue(request.move_id.currency_id.is_zero(request.move_id.amount_residual))

    def test_unreconciling_reverses_the_shares(self):
        person = self._person("Wes Flake")
        request = self._subscribe(person, quantity=10)
        request.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(person.coop_share_count, 0)
        self.assertEqual(request.state, "waiting")
