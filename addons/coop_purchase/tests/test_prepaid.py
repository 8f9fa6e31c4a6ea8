from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.coop_membership.tests.common import portal_user

from .common import OPEN, GroupOrderSetup


@tagged("post_install", "-at_install")
class TestPrepaid(GroupOrderSetup, TransactionCase):
    """Members pay in first; settling a prepaid round charges their accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enter_own_company("Prepaid Buying Group", accounting=True)
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
        cls.Ledger = cls.env["coop.purchase.account.move"]

    # ------------------------------------------------------------ helpers

    def _order(self, person, quantity, tolerance=0, product_line=None, hours=1):
        with freeze_time(OPEN + timedelta(hours=hours)):
            return self.Line._set_order(
                self.round, person, product_line or self.flour_line, quantity, tolerance
            )

    def _balance(self, person):
        return self.Ledger._balance(person, self.company)

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

    def _charges(self):
        lines = self.Ledger.search([("round_id", "=", self.round.id)])
        self.assertEqual(set(lines.mapped("kind")), {"charge"})
        return {line.partner_id: line.amount for line in lines}

    # ------------------------------------------------------------ ledger

    def test_top_up_and_balance_arithmetic(self):
        a, b, _c = self.people
        self.assertEqual(self._balance(a), 0)
        self.Ledger._top_up(a, 20, "Cash at the shop", company=self.company)
        self.Ledger._top_up(a, 5.5, "Bank transfer", company=self.company)
        self.Ledger.create(
            {"partner_id": a.id, "company_id": self.company.id, "amount": -7.25, "kind": "charge"}
        )
        self.Ledger.create(
            {
                "partner_id": a.id,
                "company_id": self.company.id,
                "amount": 1.25,
                "kind": "correction",
                "note": "Charged a jar too many",
            }
        )
        self.assertAlmostEqual(self._balance(a), 19.5)
        self.assertAlmostEqual(a.with_company(self.company).coop_purchase_balance, 19.5)
        self.assertEqual(self._balance(b), 0)
        self.assertEqual(b.with_company(self.company).coop_purchase_balance, 0)

    def test_top_up_must_be_positive(self):
        a = self.people[0]
        for amount in (0, -5):
            with self.assertRaises(ValidationError):
                self.Ledger._top_up(a, amount, "Oops", company=self.company)
        with self.assertRaises(ValidationError):
            self.Ledger.create({"partner_id": a.id, "amount": -5, "kind": "topup"})
        with self.assertRaises(ValidationError):
            self.Ledger.create({"partner_id": a.id, "amount": 5, "kind": "charge"})
        with self.assertRaises(ValidationError):
            self.Ledger.create({"partner_id": a.id, "amount": 5, "kind": "correction"})

    def test_ledger_is_immutable(self):
        a = self.people[0]
        line = self.Ledger._top_up(a, 20, "Cash", company=self.company)
        with self.assertRaisesRegex(UserError, "correction"):
            line.write({"amount": 200})
        with self.assertRaisesRegex(UserError, "correction"):
            line.unlink()
        self.assertAlmostEqual(line.amount, 20)
        self.assertAlmostEqual(self._balance(a), 20)

    # ------------------------------------------------------------ settling

    def test_prepaid_settle_charges_instead_of_invoicing(self):
        a, b, c = self.people
        moves_before = self.env["account.move"].search_count([])
        self._settle("equal")
        self.assertFalse(self.round.order_ids.invoice_id)
        self.assertEqual(self.round.invoice_count, 0)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        charges = self._charges()
        # Goods 15.84, 24.42 and 7.92; transport 10 split 3.34, 3.33, 3.33.
        expected = {a: -(15.84 + 3.34), b: -(24.42 + 3.33), c: -(7.92 + 3.33)}
        self.assertEqual(set(charges), set(expected))
        for person, amount in expected.items():
            self.assertAlmostEqual(charges[person], amount)
            self.assertAlmostEqual(self._balance(person), amount)
        self.assertAlmostEqual(sum(charges.values()), -(48.18 + 10))
        self.assertEqual(self.round.account_move_count, 3)
        # No supplier bill yet: the margin is all that was charged, tax excluded
        # (12 flour at 2.20 and 10 oats at 1.65, plus transport).
        self.assertAlmostEqual(self.round.member_charge_total, 12 * 2.2 + 10 * 1.65 + 10)
        self.assertAlmostEqual(self.round.supplier_bill_total, 0)
        self.assertAlmostEqual(self.round.margin, self.round.member_charge_total)

    def test_prepaid_settle_transport_by_items(self):
        a, b, c = self.people
        self._settle("items")
        charges = self._charges()
        expected = {a: -(15.84 + 2.73), b: -(24.42 + 5.91), c: -(7.92 + 1.36)}
        for person, amount in expected.items():
            self.assertAlmostEqual(charges[person], amount)

    def test_prepaid_settle_twice_charges_once(self):
        self._settle("equal")
        charges = self._charges()
        count = self.Ledger.search_count([("round_id", "=", self.round.id)])
        self.round.action_settle()
        self.round._charge_accounts()  # even when called directly
        self.assertEqual(self.Ledger.search_count([("round_id", "=", self.round.id)]), count)
        self.assertEqual(self._charges(), charges)
        self.round.action_done()
        self.round.action_settle()
        self.assertEqual(self.round.state, "done")
        self.assertEqual(self.Ledger.search_count([("round_id", "=", self.round.id)]), count)

    # ------------------------------------------------------------ minimum balance

    def test_min_balance_blocks_ordering_until_topped_up(self):
        a, b, _c = self.people
        self.company.coop_purchase_min_balance = 10
        with self.assertRaisesRegex(UserError, "Your prepaid balance is .* top up"):
            self._order(a, 2)
        self.assertFalse(self.round.order_ids.line_ids)
        self.Ledger._top_up(a, 10, "Cash", company=self.company)
        line = self._order(a, 2)
        self.assertEqual(line.quantity, 2)
        # A charge elsewhere takes a below the minimum: no more, but less is fine.
        self.Ledger.create(
            {"partner_id": a.id, "company_id": self.company.id, "amount": -4, "kind": "charge"}
        )
        with self.assertRaisesRegex(UserError, "Your prepaid balance"):
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

    # ------------------------------------------------------------ portal

    def test_portal_user_reads_only_own_lines(self):
        a, b, _c = self.people
        own = self.Ledger._top_up(a, 20, "Cash", company=self.company)
        other = self.Ledger._top_up(b, 30, "Cash", company=self.company)
        user = portal_user(self.env, "prepaid_portal_a", a)
        user.write({"company_ids": [(6, 0, self.company.ids)], "company_id": self.company.id})
        Ledger = self.Ledger.with_user(user)
        self.assertEqual(Ledger.search([]), own)
        self.assertAlmostEqual(Ledger.browse(own.id).amount, 20)
        with self.assertRaises(AccessError):
            Ledger.browse(other.id).read(["amount"])
        with self.assertRaises(AccessError):
            Ledger.create({"partner_id": a.id, "amount": 1000, "kind": "topup"})
