from datetime import timedelta

from freezegun import freeze_time
from markupsafe import escape

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import TransactionCase

from odoo.addons.coop_membership.tests.common import portal_user

from .common import OPEN, GroupOrderSetup


class PrepaidSetup(GroupOrderSetup):
    """Three people tagged for a prepaid round on the mill's catalogue, in a company with
    accounting, and a desk journal that books payments when they are recorded."""

    @classmethod
    def _prepaid_setup(cls, company_name):
        cls._enter_own_company(company_name, accounting=True)
        cls.tag = cls.env["res.partner.category"].create({"name": "Prepaid group"})
        cls._mill_catalogue(taxed=True)
        cls.people = cls.env["res.partner"].create(
            [
                {
                    "name": f"Member {i}",
                    "email": f"member{i}@example.org",
                    "category_id": [(6, 0, cls.tag.ids)],
                }
                for i in range(3)
            ]
        )
        cls._open_round("Prepaid March", markup_percent=10, settlement_mode="prepaid")
        cls.desk = cls._members_desk()
        cls.member_account = cls.company._coop_member_account()
        cls.sales_journal = cls.company._coop_goods_sale_journal()

    def _order(self, person, quantity, tolerance=0, product_line=None, hours=1):
        with freeze_time(OPEN + timedelta(hours=hours)):
            return self.Line._set_order(
                self.round, person, product_line or self.flour_line, quantity, tolerance
            )

    def _top_up(self, person, amount):
        return person._coop_top_up(amount, self.desk)

    def _balance(self, person):
        return person._coop_account_balance(self.company)

    def _settle(self, split="equal", transport=10.0):
        """a 6 flour; b 3 flour and 10 oats; c 3 flour: 48.18 of goods."""
        a, b, c = self.people
        self._order(a, 4, 2, hours=1)
        self._order(b, 3, 0, hours=2)
        self._order(b, 10, 0, product_line=self.oats_line, hours=2)
        self._order(c, 2, 1, hours=3)
        with freeze_time(OPEN + timedelta(days=6)):
            self.round.action_close()
        po = self.round.purchase_ids
        po.button_confirm()
        picking = po.picking_ids
        quantities = {self.flour: 12, self.oats: 10}
        for move in picking.move_ids:
            move.quantity = quantities[move.product_id]
        picking.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids
        ).button_validate()
        self.round.action_receive()
        self.round.write({"transport_cost": transport, "transport_split": split})
        self.round.action_settle()
        self.assertEqual(self.round.state, "settled")

    def _invoices(self):
        return {o.partner_id: o.invoice_id for o in self.round.order_ids if o.invoice_id}


@tagged("post_install", "-at_install")
class TestPrepaid(PrepaidSetup, TransactionCase):
    """Members pay in first; settling a prepaid round posts their invoices and pays them
    from that money at once. A balance is what the members' account says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._prepaid_setup("Prepaid Buying Group")
        cls.Wizard = cls.env["coop.purchase.balance.wizard"]
        user_values = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)]}
        cls.manager = new_test_user(
            cls.env,
            login="prepaid_manager",
            groups="base.group_user,coop_purchase.group_coop_purchase_manager",
            **user_values,
        )
        cls.organiser = new_test_user(
            cls.env,
            login="prepaid_organiser",
            groups="base.group_user,coop_purchase.group_coop_purchase_user",
            **user_values,
        )
        cls.accountant = new_test_user(
            cls.env,
            login="prepaid_accountant",
            groups="base.group_user,account.group_account_invoice",
            **user_values,
        )

    # ------------------------------------------------------------ balances

    def test_balance_is_what_the_books_say(self):
        a, b, _c = self.people
        self.assertEqual(self._balance(a), 0)
        self._top_up(a, 20)
        self._top_up(a, 5.5)
        self.assertAlmostEqual(self._balance(a), 25.5)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": a.id,
                "journal_id": self.sales_journal.id,
                "invoice_line_ids": [
                    Command.create({"name": "Jam", "quantity": 1, "price_unit": 6.0, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        self.assertAlmostEqual(self._balance(a), 19.5)
        self.assertAlmostEqual(a.with_company(self.company).coop_purchase_balance, 19.5)
        self.assertEqual(self._balance(b), 0)
        self.assertEqual(b.with_company(self.company).coop_purchase_balance, 0)
        # Group-order staff who do not handle money do not read balances.
        with self.assertRaises(AccessError):
            a.with_user(self.organiser).read(["coop_purchase_balance"])

    def test_the_ledger_model_is_gone(self):
        self.assertNotIn("coop.purchase.account.move", self.env)
        self.assertNotIn("account_move_count", self.round._fields)

    # ------------------------------------------------------------ settling

    def test_settle_posts_invoices_paid_from_the_credit(self):
        a, b, c = self.people
        top_up_a = self._top_up(a, 50)
        self._top_up(b, 20)
        self._settle("equal")
        invoices = self._invoices()
        self.assertEqual(set(invoices), {a, b, c})
        self.assertEqual(self.round.invoice_count, 3)
        # Goods 15.84, 24.42 and 7.92 at the member price; transport 10 split 3.34, 3.33, 3.33.
        totals = {a: 15.84 + 3.34, b: 24.42 + 3.33, c: 7.92 + 3.33}
        for person, invoice in invoices.items():
            self.assertEqual(invoice.move_type, "out_invoice")
            self.assertEqual(invoice.state, "posted")
            self.assertEqual(invoice.journal_id, self.sales_journal)
            self.assertFalse(invoice.journal_id.coop_is_share_capital)
            self.assertAlmostEqual(invoice.amount_total, totals[person])
            receivable = invoice.line_ids.filtered(lambda li: li.display_type == "payment_term")
            self.assertEqual(receivable.account_id, self.member_account)
        # Taxes and revenue as for an invoiced round: flour carries VAT, oats do not.
        flour = invoices[a].invoice_line_ids.filtered(lambda li: li.product_id == self.flour)
        self.assertEqual(flour.tax_ids, self.vat)
        self.assertAlmostEqual(flour.price_unit, 2.2)
        self.assertAlmostEqual(invoices[a].amount_tax, 6 * 0.44)
        self.assertAlmostEqual(invoices[a].amount_untaxed, 13.2 + 3.34)
        # a had enough: paid from the top-up at once.
        self.assertTrue(invoices[a].currency_id.is_zero(invoices[a].amount_residual))
        self.assertIn(invoices[a].payment_state, ("paid", "in_payment"))
        matched = invoices[a].line_ids.matched_credit_ids.credit_move_id
        self.assertEqual(matched.move_id, top_up_a.move_id)
        # b had 20 of 27.75: the invoice stays open for the rest; c had nothing.
        self.assertEqual(invoices[b].payment_state, "partial")
        self.assertAlmostEqual(invoices[b].amount_residual, 7.75)
        self.assertEqual(invoices[c].payment_state, "not_paid")
        self.assertAlmostEqual(invoices[c].amount_residual, 11.25)
        balances = (a | b | c)._coop_account_balances(self.company)
        self.assertAlmostEqual(balances[a.id], 50 - 19.18)
        self.assertAlmostEqual(balances[b.id], -7.75)
        self.assertAlmostEqual(balances[c.id], -11.25)
        # Staff read who still owes what on the round.
        message = self.round.message_ids[0].body
        self.assertIn("still due", message)
        self.assertIn("Member 1", message)
        self.assertIn("Member 2", message)
        self.assertNotIn("Member 0", message)
        orders = {o.partner_id: o for o in self.round.order_ids}
        self.assertAlmostEqual(orders[b].amount_due, 7.75)
        self.assertAlmostEqual(orders[a].member_balance, 30.82)
        self.assertAlmostEqual(orders[c].member_balance, -11.25)
        # The margin counts what was invoiced, tax excluded; no supplier bill yet.
        self.assertAlmostEqual(self.round.member_charge_total, 12 * 2.2 + 10 * 1.65 + 10)
        self.assertAlmostEqual(self.round.supplier_bill_total, 0)
        self.assertAlmostEqual(self.round.margin, self.round.member_charge_total)

    def test_settle_transport_by_items(self):
        a, b, c = self.people
        self._settle("items")
        expected = {a: 15.84 + 2.73, b: 24.42 + 5.91, c: 7.92 + 1.36}
        for person, invoice in self._invoices().items():
            self.assertAlmostEqual(invoice.amount_total, expected[person])

    def test_settle_twice_posts_nothing_twice(self):
        a, b, _c = self.people
        self._top_up(a, 50)
        self._top_up(b, 10)
        self._settle("equal")
        invoices = self._invoices()
        Move = self.env["account.move"]
        Partial = self.env["account.partial.reconcile"]
        moves, partials = Move.search_count([]), Partial.search_count([])
        balances = self.people._coop_account_balances(self.company)
        self.round.action_settle()
        journal = self.round._sale_journal()
        transport = self.env.ref("coop_purchase.product_transport_cost")
        self.assertFalse(self.round._invoice_members(journal, transport))  # even called directly
        self.round._pay_invoices_from_balances()
        self.assertEqual(self._invoices(), invoices)
        self.assertEqual((Move.search_count([]), Partial.search_count([])), (moves, partials))
        self.assertEqual(self.people._coop_account_balances(self.company), balances)
        self.round.action_done()
        self.round.action_settle()
        self.assertEqual(self.round.state, "done")
        self.assertEqual(Move.search_count([]), moves)

    def test_a_member_with_no_credit_owes_the_invoice(self):
        """Settling never fails for want of credit: the invoice stays due."""
        self._settle("equal")
        invoices = self._invoices()
        self.assertEqual(len(invoices), 3)
        for invoice in invoices.values():
            self.assertEqual(invoice.state, "posted")
            self.assertEqual(invoice.payment_state, "not_paid")
            self.assertAlmostEqual(self._balance(invoice.partner_id), -invoice.amount_total)

    def test_a_later_top_up_pays_what_is_due(self):
        _a, _b, c = self.people
        self._settle("equal")
        invoice = self._invoices()[c]
        wizard = self.Wizard.with_user(self.manager).create(
            {"partner_id": c.id, "amount": 20, "journal_id": self.desk.id}
        )
        wizard.action_confirm()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertAlmostEqual(self._balance(c), 20 - 11.25)

    def test_credit_of_another_company_or_person_is_not_used(self):
        a, b, _c = self.people
        self._top_up(b, 100)
        self._settle("equal")
        self.assertEqual(self._invoices()[a].payment_state, "not_paid")
        self.assertAlmostEqual(self._balance(b), 100 - 27.75)

    # ------------------------------------------------------------ minimum balance

    def test_min_balance_blocks_ordering_until_topped_up(self):
        a, b, _c = self.people
        self.company.coop_purchase_min_balance = 10
        with self.assertRaisesRegex(UserError, "Your prepaid balance is .* top up"):
            self._order(a, 2)
        self.assertFalse(self.round.order_ids.line_ids)
        self._top_up(a, 10)
        line = self._order(a, 2)
        self.assertEqual(line.quantity, 2)
        # Goods charged elsewhere take a below the minimum: no more, but less is fine.
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": a.id,
                "journal_id": self.sales_journal.id,
                "invoice_line_ids": [
                    Command.create({"name": "Jam", "quantity": 1, "price_unit": 4, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        with self.assertRaisesRegex(UserError, "Your prepaid balance is .*6.00"):
            self._order(a, 3, hours=2)
        with self.assertRaisesRegex(UserError, "Your prepaid balance"):
            self._order(a, 2, 1, hours=2)
        self._order(a, 1, hours=2)
        self.assertEqual(line.quantity, 1)
        # b at 0 is below 10 too; invoice rounds ignore the prepaid balance.
        self.round.settlement_mode = "invoice"
        self.assertEqual(self._order(b, 3).quantity, 3)

    def test_min_balance_zero_lets_empty_accounts_order(self):
        a = self.people[0]
        self.assertEqual(self.company.coop_purchase_min_balance, 0)
        self.assertEqual(self._order(a, 2).quantity, 2)

    def test_a_top_up_with_no_entry_is_refused(self):
        """Odoo 18 records a payment without an entry when its method has no outstanding
        account: such a top-up would not be on the books, so it is refused."""
        bare = self.env["account.journal"].create(
            {"name": "Bare Bank", "type": "bank", "code": "BARE"}
        )
        self.assertFalse(bare.inbound_payment_method_line_ids.payment_account_id)
        payments = self._payments()
        with self.assertRaisesRegex(UserError, "only when a bank statement is reconciled"):
            self.people[0]._coop_top_up(30, bare)
        self.assertEqual(self._payments(), payments)
        self.assertEqual(self._balance(self.people[0]), 0)

    # ------------------------------------------------------------ top-ups and refunds by staff

    def _form(self, user):
        """The Top-up or Refund action of the first member's contact form, opened by `user`."""
        action = self.env.ref("coop_purchase.action_coop_purchase_balance_wizard")
        partner = self.people[0]
        return Form(
            self.env[action.res_model]
            .with_user(user)
            .with_context(active_model=partner._name, active_id=partner.id, active_ids=partner.ids)
        )

    def _wizard(self, user, **values):
        form = self._form(user)
        form.journal_id = self.desk
        # The operation first: the form is filled in from the top.
        for name in sorted(values, key=lambda name: name != "operation"):
            setattr(form, name, values[name])
        return form.save()

    def _payments(self):
        return self.env["account.payment"].search_count([("partner_id", "in", self.people.ids)])

    def test_staff_top_up_and_refund(self):
        a = self.people[0]
        form = self._form(self.manager)
        self.assertEqual(form.partner_id, a)
        self.assertEqual((form.operation, form.balance), ("top_up", 0))
        form.journal_id = self.desk
        form.amount = 40
        form.memo = "Cash at the pickup"
        action = form.save().action_confirm()
        payment = self.env["account.payment"].browse(action["res_id"])
        self.assertTrue(payment.coop_is_top_up)
        self.assertEqual(payment.payment_type, "inbound")
        self.assertEqual(payment.journal_id, self.desk)
        self.assertEqual(payment.memo, "Cash at the pickup")
        self.assertEqual(payment.move_id.state, "posted")
        self.assertEqual(payment.create_uid, self.manager)
        self.assertAlmostEqual(self._balance(a), 40)
        refund = self._wizard(self.manager, operation="refund", amount=15)
        self.assertAlmostEqual(refund.balance, 40)
        payment = self.env["account.payment"].browse(refund.action_confirm()["res_id"])
        self.assertEqual(payment.payment_type, "outbound")
        self.assertEqual(payment.partner_type, "customer")
        self.assertFalse(payment.coop_is_top_up)
        line = payment.move_id.line_ids.filtered(lambda li: li.account_id == self.member_account)
        self.assertAlmostEqual(line.debit, 15)
        self.assertAlmostEqual(self._balance(a), 25)
        # An accountant without group-order rights records money too.
        self._wizard(self.accountant, amount=5).action_confirm()
        self.assertAlmostEqual(self._balance(a), 30)

    def test_a_refund_larger_than_the_balance_is_refused(self):
        a = self.people[0]
        self._top_up(a, 20)
        payments = self._payments()
        with self.assertRaisesRegex(UserError, r"holds .*20\.00.* a refund of .*20\.01"):
            self._wizard(self.manager, operation="refund", amount=20.01).action_confirm()
        with self.assertRaisesRegex(UserError, "more than that"):
            a._coop_pay_out_balance(50, self.desk)
        self.assertEqual(self._payments(), payments)
        self.assertAlmostEqual(self._balance(a), 20)
        # Someone who owes money gets no refund at all.
        b = self.people[1]
        with self.assertRaisesRegex(UserError, "more than that"):
            b._coop_pay_out_balance(1, self.desk)
        # The whole balance may be paid back.
        a._coop_pay_out_balance(20, self.desk)
        self.assertAlmostEqual(self._balance(a), 0)

    def test_bad_amounts_are_refused(self):
        a = self.people[0]
        self._top_up(a, 20)
        payments = self._payments()
        for operation in ("top_up", "refund"):
            for amount in (0, -5):
                with (
                    self.subTest(operation=operation, amount=amount),
                    self.assertRaisesRegex(ValidationError, "must be a positive amount"),
                ):
                    self._wizard(self.manager, operation=operation, amount=amount).action_confirm()
        with self.assertRaisesRegex(ValidationError, "bank or cash journal"):
            a._coop_pay_out_balance(5, self.sales_journal)
        self.assertEqual(self._payments(), payments)
        self.assertAlmostEqual(self._balance(a), 20)

    def test_a_journal_that_books_nothing_is_refused(self):
        a = self.people[0]
        self._top_up(a, 20)
        bare = self.env["account.journal"].create(
            {"name": "Bare Bank", "type": "bank", "code": "BARE"}
        )
        payments = self._payments()
        for operation in ("top_up", "refund"):
            with (
                self.subTest(operation=operation),
                self.assertRaisesRegex(
                    UserError,
                    "Bare Bank (records .* without a journal entry|books incoming payments only)",
                ),
            ):
                self._wizard(
                    self.manager, operation=operation, amount=5, journal_id=bare
                ).action_confirm()
        self.assertEqual(self._payments(), payments, "nothing half-written")
        self.assertAlmostEqual(self._balance(a), 20)

    def test_only_money_staff_record_top_ups(self):
        a = self.people[0]
        payments = self._payments()
        # The organiser sees no Top-up button; a call that skips the form is refused too.
        with self.assertRaisesRegex(AccessError, "not allowed to access 'Journal'"):
            self._form(self.organiser)
        for operation in ("top_up", "refund"):
            wizard = self.Wizard.with_user(self.organiser).create(
                {
                    "partner_id": a.id,
                    "journal_id": self.desk.id,
                    "operation": operation,
                    "amount": 5,
                }
            )
            with self.assertRaisesRegex(AccessError, "group-order manager or an accountant"):
                wizard.action_confirm()
        # A portal member cannot even open the wizard.
        member = portal_user(self.env, "prepaid_portal_member", a)
        with self.assertRaisesRegex(AccessError, "not allowed to access"):
            self._wizard(member, amount=5)
        self.assertEqual(self._payments(), payments)
        self.assertEqual(self._balance(a), 0)

    def test_members_balances_list_reads_the_members_account(self):
        a, b, _c = self.people
        self._top_up(a, 12)
        self._top_up(b, 8)
        action = (
            self.env["res.partner"].with_user(self.manager)._coop_purchase_account_lines_action()
        )
        self.assertEqual(action["res_model"], "account.move.line")
        lines = self.env["account.move.line"].with_user(self.manager).search(action["domain"])
        self.assertEqual(lines.account_id, self.member_account)
        self.assertEqual(set(lines.partner_id.ids), {a.id, b.id})
        self.assertAlmostEqual(sum(lines.mapped("credit")), 20)

    def test_members_balances_menu_opens_without_editing_contacts(self):
        menu_action = self.env.ref("coop_purchase.action_server_coop_purchase_member_account_lines")
        accountant = new_test_user(
            self.env,
            login="prepaid_billing",
            groups="base.group_user,account.group_account_invoice",
        )
        for user in (self.manager, accountant):
            self.assertFalse(user.has_group("base.group_partner_manager"), user.login)
            action = menu_action.with_user(user).run()
            self.assertEqual(action["res_model"], "account.move.line", user.login)
        member = portal_user(self.env, "prepaid_balances_member", self.people[0])
        with self.assertRaises(AccessError):
            menu_action.with_user(member).run()


@tagged("post_install", "-at_install")
class TestPrepaidPortal(PrepaidSetup, HttpCase):
    """What a member reads of their money on the group-order pages, and only theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._prepaid_setup("Prepaid Portal Group")
        # Still open today, so that members see its page before ordering.
        cls.round.date_close = fields.Datetime.now() + timedelta(days=5)
        cls.users = {}
        for person in cls.people:
            user = portal_user(cls.env, f"prepaid_{person.id}", person)
            user.write({"company_ids": [(6, 0, cls.company.ids)], "company_id": cls.company.id})
            cls.users[person] = user

    def _page(self, person, url):
        self.authenticate(self.users[person].login, self.users[person].login)
        return self.url_open(url).text

    def test_balance_and_minimum_shown_to_the_owner_only(self):
        a, b, _c = self.people
        self.company.coop_purchase_min_balance = 25
        self._top_up(a, 20)
        page = self._page(a, f"/my/group-orders/{self.round.id}")
        self.assertRegex(page, r"Prepaid balance</span>\s*<strong[^>]*>[^<]*<span[^>]*>20\.00<")
        self.assertIn("o_coop_balance_low", page, "20 is below the 25 needed")
        self.assertIn("20.00", self._page(a, "/my/group-orders"))
        page = self._page(b, f"/my/group-orders/{self.round.id}")
        self.assertNotIn("20.00", page)
        self.assertNotIn("o_coop_balance", self._page(b, "/my/group-orders"))

    def test_after_settling_each_member_sees_what_is_charged_and_due(self):
        a, b, _c = self.people
        self._top_up(a, 50)
        self._top_up(b, 20)
        self._settle("equal")
        invoices = self._invoices()
        page = self._page(a, f"/my/group-orders/{self.round.id}")
        self.assertIn("Charged to your account for this round", page)
        self.assertIn("19.18", page)
        self.assertNotIn("Still to pay", page, "the balance paid it")
        self.assertIn("See the invoice", page)
        self.assertIn("30.82", page)
        page = self._page(b, f"/my/group-orders/{self.round.id}")
        self.assertIn("27.75", page)
        self.assertRegex(
            page, r"Still to pay for this round</span>\s*<strong[^>]*>[^<]*<span[^>]*>7\.75<"
        )
        self.assertIn(str(escape(invoices[b].get_portal_url())), page)
        self.assertIn("See and pay the invoice", page)
        self.assertNotIn(invoices[a].name, page)
        self.assertNotIn("19.18", page)
