from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import OPEN, GroupOrderSetup


class ReceiveSettleSetup(GroupOrderSetup):
    """A taxed round of flour and oats for four colleagues, and the steps after closing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enter_own_company("Buying Group Ltd", accounting=True)
        cls.sales_journal = cls.env["account.journal"].search(
            [
                ("company_id", "=", cls.company.id),
                ("type", "=", "sale"),
                ("coop_is_share_capital", "=", False),
            ]
        )
        # The capital journal comes first, so that picking it by mistake would show.
        cls.company.coop_capital_journal_id.sequence = 1
        cls.sales_journal.sequence = 10
        cls.tag = cls.env["res.partner.category"].create({"name": "Buying group"})
        cls._mill_catalogue(taxed=True)
        cls.people = cls.env["res.partner"].create(
            [{"name": f"Colleague {i}", "category_id": [(6, 0, cls.tag.ids)]} for i in range(4)]
        )
        cls._open_round("March", markup_percent=10)

    # ------------------------------------------------------------ helpers

    def _order(self, person, quantity, tolerance=0, product_line=None, hours=1):
        with freeze_time(OPEN + timedelta(hours=hours)):
            return self.Line._set_order(
                self.round, person, product_line or self.flour_line, quantity, tolerance
            )

    def _order_and_close(self, policy="first_come"):
        """Flour: 9 firm and 3 tolerance, two cases of 6; oats: one case of 10, for b."""
        a, b, c, d = self.people
        self.round.allocation_policy = policy
        self._order(a, 4, 2, hours=1)
        self._order(b, 3, 0, hours=2)
        self._order(b, 10, 0, product_line=self.oats_line, hours=2)
        self._order(c, 2, 1, hours=3)
        self._order(d, 2, 0, hours=4)
        self._order(d, 0, 0, hours=5)  # changed their mind: a basket with nothing in it
        with freeze_time(OPEN + timedelta(days=6)):
            self.round.action_close()
        self.assertEqual(self.flour_line.units_ordered, 12)
        self.assertEqual(self.oats_line.units_ordered, 10)

    def _deliver(self, flour, oats=10):
        """Confirm the purchase order and validate its receipt with what came in."""
        po = self.round.purchase_ids
        po.button_confirm()
        self.assertEqual(po.state, "purchase")
        picking = po.picking_ids
        self.assertEqual(len(picking), 1)
        quantities = {self.flour: flour, self.oats: oats}
        for move in picking.move_ids:
            move.quantity = quantities[move.product_id]
        picking.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids
        ).button_validate()
        self.assertEqual(picking.state, "done")
        return po

    def _allocated(self, round_line=None):
        lines = self.round.order_ids.line_ids.filtered(
            lambda m: m.round_line_id == (round_line or self.flour_line)
        )
        return {m.partner_id: m.allocated_qty for m in lines if m.quantity}

    def _invoices(self):
        return {o.partner_id: o.invoice_id for o in self.round.order_ids if o.invoice_id}

    def _settle(self, split, transport=10.0):
        self._order_and_close()
        self._deliver(12)
        self.round.action_receive()
        self.round.write({"transport_cost": transport, "transport_split": split})
        self.round.action_settle()
        self.assertEqual(self.round.state, "settled")
        return self._invoices()


@tagged("post_install", "-at_install")
class TestReceiveSettle(ReceiveSettleSetup, TransactionCase):
    """After closing: the receipt decides who gets what, then each member gets an invoice."""

    # ------------------------------------------------------------ receiving

    def test_full_delivery_keeps_the_allocation(self):
        a, b, c, _d = self.people
        self._order_and_close()
        before = self._allocated()
        po = self._deliver(12)
        received = {line.product_id: line.qty_received for line in po.order_line}
        self.assertEqual(received, {self.flour: 12, self.oats: 10})
        self.round.action_receive()
        self.assertEqual(self.round.state, "received")
        self.assertEqual((self.flour_line.received_qty, self.flour_line.surplus_qty), (12, 0))
        self.assertEqual((self.oats_line.received_qty, self.oats_line.surplus_qty), (10, 0))
        self.assertEqual(self._allocated(), before)
        self.assertEqual(before, {a: 6, b: 3, c: 3})

    def test_short_delivery_first_come(self):
        a, b, c, _d = self.people
        self._order_and_close("first_come")
        self._deliver(11)
        self.round.action_receive()
        self.assertEqual(self.flour_line.received_qty, 11)
        self.assertEqual(self.flour_line.surplus_qty, 0)
        # Firm orders first (9), then the earliest tolerance: a's.
        self.assertEqual(self._allocated(), {a: 6, b: 3, c: 2})
        line_c = self.round.order_ids.line_ids.filtered(lambda m: m.partner_id == c)
        self.assertEqual(line_c.explanation, "You get all 2 you ordered.")

    def test_very_short_delivery_first_come(self):
        a, b, c, _d = self.people
        self._order_and_close("first_come")
        self._deliver(6)
        self.round.action_receive()
        self.assertEqual(self._allocated(), {a: 4, b: 2, c: 0})
        line_b = self.round.order_ids.line_ids.filtered(
            lambda m: m.partner_id == b and m.round_line_id == self.flour_line
        )
        self.assertIn("You get 2 of the 3 you ordered", line_b.explanation)

    def test_short_delivery_fair_tolerance(self):
        a, b, c, _d = self.people
        self._order_and_close("fair_tolerance")
        self.assertEqual(self._allocated(), {a: 6, b: 3, c: 3})
        self._deliver(11)
        self.round.action_receive()
        # Firm orders first (9), then the 2 left spread evenly over the tolerances.
        self.assertEqual(self._allocated(), {a: 5, b: 3, c: 3})

    def test_surplus_stays_in_stock(self):
        a, b, c, _d = self.people
        self._order_and_close()
        self._deliver(14, oats=10)
        self.round.action_receive()
        self.assertEqual(self.flour_line.received_qty, 14)
        self.assertEqual(self.flour_line.surplus_qty, 2, "nobody asked for the last two")
        self.assertEqual(self._allocated(), {a: 6, b: 3, c: 3})
        self.assertEqual(self.oats_line.surplus_qty, 0)

    def test_receive_refused_until_confirmed_and_received(self):
        self._order_and_close()
        with self.assertRaisesRegex(UserError, "Confirm purchase order"):
            self.round.action_receive()
        po = self.round.purchase_ids
        po.button_confirm()
        with self.assertRaisesRegex(UserError, "Nothing has been received"):
            self.round.action_receive()
        self.assertEqual(self.round.state, "closed")
        self.assertFalse(self.round.line_ids.filtered("received_qty"))

    def test_cancelled_purchase_counts_as_nothing_delivered(self):
        self._order_and_close()
        self.round.purchase_ids.button_cancel()
        self.round.action_receive()
        self.assertEqual(self.round.state, "received")
        self.assertEqual(self._allocated(), dict.fromkeys(self.people[:3], 0))
        self.assertEqual(self.flour_line.surplus_qty, 0)
        self.round.action_settle()
        self.assertFalse(self.round.order_ids.invoice_id, "nobody got anything to pay for")

    def test_receive_refused_for_open_or_draft_round(self):
        with self.assertRaisesRegex(UserError, "Only a closed round can be received"):
            self.round.action_receive()
        draft = self.round.copy()
        self.assertEqual(draft.state, "draft")
        with self.assertRaisesRegex(UserError, "Only a closed round can be received"):
            draft.action_receive()
        with self.assertRaisesRegex(UserError, "Receive the goods of March before settling"):
            (self.round | draft).action_settle()
        self.assertEqual((self.round.state, draft.state), ("open", "draft"))

    # ------------------------------------------------------------ settling

    def test_settle_before_receiving_is_refused(self):
        self._order_and_close()
        with self.assertRaisesRegex(UserError, "Receive the goods"):
            self.round.action_settle()
        self.assertEqual(self.round.state, "closed")
        self.assertFalse(self.round.order_ids.invoice_id)

    def test_negative_transport_cost(self):
        with self.assertRaisesRegex(ValidationError, "transport cost cannot be negative"):
            self.round.transport_cost = -5

    def _check_invoices(self, invoices, transport):
        a, b, c, d = self.people
        self.assertIn(d, self.round.order_ids.partner_id)
        self.assertEqual(set(invoices), {a, b, c}, "d got nothing, so no invoice")
        self.assertAlmostEqual(self.flour_line.member_price, 2.64)
        self.assertAlmostEqual(self.oats_line.member_price, 1.65)
        goods = {a: 6 * 2.64, b: 3 * 2.64 + 10 * 1.65, c: 3 * 2.64}
        for person, invoice in invoices.items():
            self.assertEqual(invoice.move_type, "out_invoice")
            self.assertEqual(invoice.state, "posted")
            self.assertEqual(invoice.journal_id, self.sales_journal)
            self.assertFalse(invoice.journal_id.coop_is_share_capital)
            self.assertEqual(invoice.partner_id, person)
            self.assertAlmostEqual(invoice.amount_total, goods[person] + transport[person])
        flour_line = invoices[a].invoice_line_ids.filtered(lambda m: m.product_id == self.flour)
        self.assertEqual(flour_line.quantity, 6)
        self.assertAlmostEqual(flour_line.price_unit, 2.2)
        self.assertEqual(flour_line.tax_ids, self.vat)
        self.assertEqual(len(invoices[b].invoice_line_ids), 3, "flour, oats and transport")
        self.assertAlmostEqual(sum(i.amount_total for i in invoices.values()), 48.18 + 10)

    def test_settle_transport_equal(self):
        a, b, c, _d = self.people
        invoices = self._settle("equal")
        self._check_invoices(invoices, {a: 3.34, b: 3.33, c: 3.33})

    def test_settle_transport_by_value(self):
        a, b, c, _d = self.people
        invoices = self._settle("value")
        # Goods 15.84, 24.42 and 7.92 out of 48.18.
        self._check_invoices(invoices, {a: 3.29, b: 5.07, c: 1.64})

    def test_settle_transport_by_items(self):
        a, b, c, _d = self.people
        invoices = self._settle("items")
        # Items 6, 13 and 3 out of 22.
        self._check_invoices(invoices, {a: 2.73, b: 5.91, c: 1.36})

    def test_settle_without_transport(self):
        a, b, c, _d = self.people
        invoices = self._settle("equal", transport=0)
        transport = self.env.ref("coop_purchase.product_transport_cost")
        self.assertNotIn(transport, invoices[b].invoice_line_ids.product_id)
        totals = {person: invoice.amount_total for person, invoice in invoices.items()}
        self.assertEqual(totals, {a: 15.84, b: 24.42, c: 7.92})

    def test_settle_twice_creates_nothing_twice(self):
        invoices = self._settle("equal")
        count = self.env["account.move"].search_count([("invoice_origin", "=", "March")])
        self.round.action_settle()
        self.assertEqual(self._invoices(), invoices)
        self.assertEqual(
            self.env["account.move"].search_count([("invoice_origin", "=", "March")]), count
        )
        self.assertEqual(self.round.invoice_count, 3)
        self.round.action_done()
        self.assertEqual(self.round.state, "done")
        self.round.action_settle()
        self.assertEqual(self.round.state, "done")
        self.assertEqual(self._invoices(), invoices)

    def test_dropped_supplier_keeps_its_reason_after_receiving(self):
        farm = self.env["res.partner"].create({"name": "Farm", "coop_purchase_min_amount": 1000})
        honey = self.env["product.product"].create({"name": "Honey", "type": "consu"})
        self.round.supplier_ids |= farm
        honey_line = self.env["coop.purchase.round.line"].create(
            {"round_id": self.round.id, "product_id": honey.id, "supplier_id": farm.id, "price": 5}
        )
        self._order(self.people[2], 2, product_line=honey_line, hours=1)
        self._order_and_close()
        self.assertTrue(honey_line.supplier_dropped)
        self._deliver(flour=12)
        self.round.action_receive()
        honey_order = self.round.order_ids.line_ids.filtered(
            lambda m: m.round_line_id == honey_line
        )
        self.assertEqual(honey_order.allocated_qty, 0)
        self.assertIn("minimum order was not reached", honey_order.explanation)

    # ------------------------------------------------------------ supplier bills and margin

    def _bill(self, po, prices):
        """Bill the purchase order, at `prices` per product where the supplier changed them."""
        po.action_create_invoice()
        bill = po.invoice_ids
        self.assertEqual(len(bill), 1)
        bill.invoice_date = "2026-03-10"
        for line in bill.invoice_line_ids:
            if line.product_id in prices:
                line.price_unit = prices[line.product_id]
        bill.action_post()
        return bill

    def test_the_stored_member_price_follows_markup_price_and_taxes(self):
        line = self.flour_line
        self.assertAlmostEqual(line.member_price, 2.64, msg="2.00 + 10 % markup + 20 % VAT")
        self.round.markup_percent = 0
        self.assertAlmostEqual(line.member_price, 2.4)
        self.vat.amount = 5
        self.assertAlmostEqual(line.member_price, 2.1)
        line.price = 3.0
        self.assertAlmostEqual(line.member_price, 3.15)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT member_price FROM coop_purchase_round_line WHERE id = %s", [line.id]
        )
        self.assertAlmostEqual(self.env.cr.fetchone()[0], 3.15, msg="the stored value too")

    def test_bill_price_corrects_member_price_and_margin(self):
        a, _b, _c, _d = self.people
        self._order_and_close()
        po = self._deliver(12)
        self.round.action_receive()
        self._bill(po, {self.flour: 2.5})
        self.round.action_settle()
        self.assertAlmostEqual(self.flour_line.price, 2.5)
        self.assertAlmostEqual(self.oats_line.price, 1.5, msg="billed as ordered")
        flour = self._invoices()[a].invoice_line_ids.filtered(lambda m: m.product_id == self.flour)
        self.assertAlmostEqual(flour.price_unit, 2.75, msg="2.50 billed, plus 10% markup")
        self.assertIn("Prices corrected", self.round.message_ids[0].body)
        # Charged 12 × 2.75 + 10 × 1.65, billed 12 × 2.50 + 10 × 1.50, tax excluded.
        self.assertAlmostEqual(self.round.member_charge_total, 49.5)
        self.assertAlmostEqual(self.round.supplier_bill_total, 45.0)
        self.assertAlmostEqual(self.round.margin, 4.5)

    def test_bill_price_per_case_discount_and_split_bills(self):
        """A bill in another unit, with a discount, is brought back to a price per unit."""
        self._order_and_close()
        po = self._deliver(12)
        self.round.action_receive()
        po.action_create_invoice()
        bill = po.invoice_ids
        bill.invoice_date = "2026-03-10"
        case = self.env["uom.uom"].create(
            {
                "name": "Case of 6",
                "category_id": self.flour.uom_id.category_id.id,
                "uom_type": "bigger",
                "factor_inv": 6,
            }
        )
        flour = bill.invoice_line_ids.filtered(lambda m: m.product_id == self.flour)
        flour.write({"product_uom_id": case.id, "quantity": 2, "price_unit": 15.0, "discount": 10})
        bill.action_post()
        self.round.action_update_prices_from_bills()
        self.assertAlmostEqual(self.flour_line.price, 2.25, msg="15 a case, less 10%, over 6")
        with self.assertRaisesRegex(UserError, "change no price"):
            self.round.action_update_prices_from_bills()

    def test_bill_prices_only_between_closing_and_settling(self):
        with self.assertRaisesRegex(UserError, "between closing and settling"):
            self.round.action_update_prices_from_bills()

    # ------------------------------------------------------------ extras

    def _receive_surplus(self):
        """Flour: 14 delivered for 12 shared out, so 2 extras."""
        self.round.surplus_policy = "extras"
        self._order_and_close()
        self._deliver(14)
        self.round.action_receive()
        self.assertEqual(self.flour_line.surplus_qty, 2)

    def test_surplus_offered_as_extras_and_charged(self):
        a, b, _c, d = self.people
        self._receive_surplus()
        line_d = self.flour_line._take_extra(d, 1)
        self.assertEqual((line_d.allocated_qty, line_d.extra_qty), (1, 1))
        self.assertIn("1 taken from the surplus", line_d.explanation)
        line_a = self.flour_line._take_extra(a, 1)
        self.assertEqual((line_a.allocated_qty, line_a.extra_qty), (7, 1))
        self.assertTrue(line_a.explanation.startswith("You get"), "the allocation's reason stays")
        self.assertEqual(self.flour_line.surplus_qty, 0)
        with self.assertRaisesRegex(UserError, "Only 0"):
            self.flour_line._take_extra(b, 1)
        self.round.action_settle()
        invoices = self._invoices()
        self.assertIn(d, invoices, "d ordered nothing in the end but took an extra")
        flour_a = invoices[a].invoice_line_ids.filtered(lambda m: m.product_id == self.flour)
        self.assertEqual(flour_a.quantity, 7)
        with self.assertRaisesRegex(UserError, "no extras"):
            self.oats_line._take_extra(b, 1)

    def test_extras_bad_inputs_change_nothing(self):
        a, _b, _c, d = self.people
        self._receive_surplus()
        for bad in (0, -1, 1.5, "1"):
            with self.assertRaisesRegex(ValidationError, "at least one whole unit"):
                self.flour_line._take_extra(d, bad)
        outsider = self.env["res.partner"].create({"name": "Passer-by"})
        with self.assertRaisesRegex(UserError, "may not order"):
            self.flour_line._take_extra(outsider, 1)
        with self.assertRaisesRegex(UserError, "Only 2"):
            self.flour_line._take_extra(d, 3)
        self.flour_line.max_per_member = 6
        with self.assertRaisesRegex(ValidationError, "At most 6"):
            self.flour_line._take_extra(a, 1)
        self.assertEqual(self.flour_line.surplus_qty, 2)
        self.assertEqual(self._allocated(), {a: 6, self.people[1]: 3, self.people[2]: 3})

    def test_surplus_kept_in_stock_offers_no_extras(self):
        _a, _b, _c, d = self.people
        self._order_and_close()
        self._deliver(14)
        self.round.action_receive()
        with self.assertRaisesRegex(UserError, "no extras"):
            self.flour_line._take_extra(d, 1)

    # ------------------------------------------------------------ bad input

    def test_unexpected_product_on_the_receipt_is_reported(self):
        self._order_and_close()
        po = self.round.purchase_ids
        honey = self.env["product.product"].create({"name": "Honey", "type": "consu"})
        po.order_line = [(0, 0, {"product_id": honey.id, "product_qty": 3, "price_unit": 4.0})]
        po.button_confirm()
        picking = po.picking_ids
        quantities = {self.flour: 12, self.oats: 10, honey: 3}
        for move in picking.move_ids:
            move.quantity = quantities[move.product_id]
        picking.button_validate()
        self.round.action_receive()
        self.assertIn("not offered in this round", self.round.message_ids[0].body)
        self.assertIn("Honey", self.round.message_ids[0].body)
        self.assertEqual(self.flour_line.received_qty, 12)

    def test_offer_is_frozen_once_closed(self):
        self._order_and_close()
        with self.assertRaisesRegex(UserError, "cannot change now"):
            self.flour_line.case_size = 5
        with self.assertRaisesRegex(UserError, "cannot change now"):
            self.flour_line.unlink()
        with self.assertRaisesRegex(UserError, "cannot change now"):
            self.env["coop.purchase.round.line"].create(
                {
                    "round_id": self.round.id,
                    "product_id": self.env["product.product"].create({"name": "Rye"}).id,
                    "supplier_id": self.mill.id,
                    "price": 1.0,
                }
            )
        self.assertEqual(self.flour_line.case_size, 6)
