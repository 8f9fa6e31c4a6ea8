import gc
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import TransactionCase

from .common import OPEN, GroupOrderSetup


@tagged("post_install", "-at_install")
class TestRound(GroupOrderSetup, TransactionCase):
    """Phase 1: fifteen colleagues, no shares, one wholesaler selling whole cases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enter_own_company("Buying Group Ltd")
        cls.tag = cls.env["res.partner.category"].create({"name": "Buying group"})
        cls._mill_catalogue()
        cls.people = cls.env["res.partner"].create(
            [{"name": f"Colleague {i}", "category_id": [(6, 0, cls.tag.ids)]} for i in range(4)]
        )
        cls.outsider = cls.env["res.partner"].create({"name": "Passer-by"})
        cls._open_round("March")

    def _order(
        self, person, quantity, tolerance=0, product_line=None, at=OPEN + timedelta(hours=1)
    ):
        with freeze_time(at):
            return self.Line._set_order(
                self.round, person, product_line or self.flour_line, quantity, tolerance
            )

    def test_catalogue_loaded_with_cases(self):
        self.assertEqual(len(self.round.line_ids), 2)
        self.assertEqual(self.flour_line.case_size, 6, "the purchase packaging")
        self.assertEqual(self.flour_line.min_order_qty, 6)
        self.assertEqual(self.flour_line.price, 2.0)
        self.assertEqual((self.oats_line.case_size, self.oats_line.min_order_qty), (10, 0))

    def _sold_by_the_case(self, case_price=30.0):
        """Jam: priced by the supplier per case of 12 jars, sold to members by the jar."""
        unit = self.env.ref("uom.product_uom_unit")
        case = self.env["uom.uom"].create(
            {
                "name": "Case of 12",
                "category_id": unit.category_id.id,
                "uom_type": "bigger",
                "factor_inv": 12,
            }
        )
        jam = self.env["product.product"].create(
            {"name": "Jam", "type": "consu", "uom_id": unit.id, "uom_po_id": case.id}
        )
        self.env["product.supplierinfo"].create(
            {"partner_id": self.mill.id, "product_id": jam.id, "price": case_price, "min_qty": 2}
        )
        round_ = self.round.copy({"name": "April"})
        round_.action_load_catalogue()
        return round_, round_.line_ids.filtered(lambda l: l.product_id == jam), case

    def test_catalogue_in_supplier_units_orders_in_supplier_units(self):
        round_, jam_line, case = self._sold_by_the_case()
        self.assertEqual(jam_line.supplier_uom_id, case)
        self.assertEqual(jam_line.case_size, 12)
        self.assertAlmostEqual(jam_line.price, 2.5, msg="30 a case of 12")
        self.assertEqual(jam_line.min_order_qty, 24, "two cases")
        round_.action_open()
        a, b, _c, _d = self.people
        with freeze_time(OPEN + timedelta(hours=1)):
            self.Line._set_order(round_, a, jam_line, 20)
            self.Line._set_order(round_, b, jam_line, 3, 1)
        with freeze_time(OPEN + timedelta(days=6)):
            round_.action_close()
        self.assertEqual((jam_line.cases_ordered, jam_line.units_ordered), (2, 24))
        po_line = round_.purchase_ids.order_line.filtered(
            lambda l: l.product_id == jam_line.product_id
        )
        self.assertEqual(po_line.product_uom, case)
        self.assertEqual(po_line.product_qty, 2)
        self.assertAlmostEqual(po_line.price_unit, 30.0)

    def test_supplier_unit_must_measure_the_same(self):
        _round, jam_line, _case = self._sold_by_the_case()
        with self.assertRaisesRegex(ValidationError, "same thing"):
            jam_line.supplier_uom_id = self.env.ref("uom.product_uom_kgm")

    def test_close_rounds_to_cases_allocates_and_orders(self):
        a, b, c, _d = self.people
        self._order(a, 4, 2, at=OPEN + timedelta(hours=1))
        self._order(b, 3, 0, at=OPEN + timedelta(hours=2))
        self._order(c, 2, 1, at=OPEN + timedelta(hours=3))
        # Q = 9, T = 3: one full case, remainder 3 + tolerance 3 fills a second.
        with freeze_time(OPEN + timedelta(days=6)):
            self.round.action_close()
        self.assertEqual((self.flour_line.cases_ordered, self.flour_line.units_ordered), (2, 12))
        got = {m.partner_id: m.allocated_qty for m in self.round.order_ids.line_ids}
        self.assertEqual(got, {a: 6, b: 3, c: 3})
        why = {m.partner_id: m.explanation for m in self.round.order_ids.line_ids}
        self.assertEqual(why[b], "You get all 3 you ordered.")
        self.assertIn("2 of your 2 extra", why[a])
        po = self.round.purchase_ids
        self.assertEqual(len(po), 1)
        self.assertEqual(po.partner_id, self.mill)
        self.assertEqual(po.order_line.product_qty, 12)
        self.round.action_close()
        self.assertEqual(len(self.round.purchase_ids), 1, "closing twice changes nothing")

    def test_decrease_keeps_place_in_line(self):
        a, b, *_ = self.people
        self._order(a, 5, at=OPEN + timedelta(hours=1))
        self._order(b, 3, at=OPEN + timedelta(hours=2))
        self._order(a, 4, at=OPEN + timedelta(hours=3))
        with freeze_time(OPEN + timedelta(days=6)):
            self.round.action_close()
        got = {m.partner_id: m.allocated_qty for m in self.round.order_ids.line_ids}
        self.assertEqual(got, {a: 4, b: 2}, "a lowered order keeps its early place")

    def test_bad_orders(self):
        a = self.people[0]
        with self.assertRaisesRegex(ValidationError, "Quantities cannot be negative"):
            self._order(a, -1)
        for fractional in ((1.5, 0), (2, 0.5), ("two", 0), (True, 0)):
            with self.assertRaisesRegex(ValidationError, "whole units"):
                self._order(a, *fractional)
        with self.assertRaisesRegex(UserError, "takes orders only while it is open"):
            self._order(a, 2, at=OPEN - timedelta(hours=1))
        with self.assertRaisesRegex(UserError, "Passer-by may not order"):
            self._order(self.outsider, 2)
        with self.assertRaisesRegex(UserError, "takes orders only while it is open"):
            self._order(a, 2, at=OPEN + timedelta(days=7))
        other = self.round.copy()
        with self.assertRaisesRegex(UserError, "not offered in March"):
            self.Line._set_order(other, a, self.flour_line, 1)
        self.assertFalse(
            self.Line.search([("order_id.round_id", "=", self.round.id)]).filtered("quantity")
        )

    def test_open_round_keeps_ordered_products(self):
        self._order(self.people[0], 2)
        with self.assertRaisesRegex(UserError, "Members have ordered"):
            self.flour_line.unlink()
        self.oats_line.unlink()  # nobody ordered oats yet
        self.assertEqual(self.round.line_ids, self.flour_line)

    def test_closed_round_cannot_change(self):
        a = self.people[0]
        line = self._order(a, 6)
        with freeze_time(OPEN + timedelta(days=6)):
            self.round.action_close()
            with self.assertRaisesRegex(UserError, "not open for orders"):
                line.write({"quantity": 12})

    def test_supplier_below_minimum_is_dropped(self):
        self.mill.coop_purchase_min_amount = 100
        self._order(self.people[0], 6)
        with freeze_time(OPEN + timedelta(days=6)):
            self.round.action_close()
        self.assertFalse(self.round.purchase_ids)
        self.assertEqual(self.round.order_ids.line_ids.allocated_qty, 0)
        self.assertIn("minimum order was not reached", self.round.order_ids.line_ids.explanation)
        # 6 flour at 2.00 against 100.00, in money (the preview has plain spaces).
        money = [self.round.currency_id.format(a).replace("\xa0", " ") for a in (12.0, 100.0)]
        self.assertIn(
            "%s ordered, the minimum is %s" % tuple(money), self.round.message_ids[0].preview
        )

    def test_a_minimum_in_the_suppliers_currency_is_converted(self):
        """The mill's minimum is 20.00 in a currency worth 1.25 to the company's: 16.00.
        Nine flour at 2.00 (18.00) reach it, and a case of six is ordered; six do not."""
        foreign = self._priced_in_a_foreign_currency()
        self.mill.write({"coop_purchase_min_amount": 20, "coop_purchase_currency_id": foreign.id})
        _offer, ours, _odoo = self._close_and_enter_in_odoo("October", quantity=9)
        self.assertEqual(ours.product_qty, 6)
        _offer, ours, _odoo = self._close_and_enter_in_odoo("November", quantity=6)
        self.assertFalse(ours, "12.00 is below 16.00")

    def test_members_rule_once_shares_exist(self):
        self.env["coop.share.type"].create({"code": "PA", "name": "A", "unit_price": 10})
        with self.assertRaisesRegex(UserError, "may not order in this round"):
            self._order(self.people[0], 2)

    def test_box_fill_keeps_full_cases(self):
        a, b, *_ = self.people
        self.round.date_box_fill = OPEN + timedelta(days=3)
        self._order(a, 4, at=OPEN + timedelta(hours=1))
        self._order(b, 2, at=OPEN + timedelta(hours=2))  # one full case of 6
        self._order(a, 3, at=OPEN + timedelta(hours=3))  # before box fill: free to lower
        self._order(a, 4, at=OPEN + timedelta(hours=4))
        with self.assertRaisesRegex(UserError, "full case is lost"):
            self._order(b, 1, at=OPEN + timedelta(days=4))
        self._order(a, 5, at=OPEN + timedelta(days=4))  # going up is always fine
        self._order(a, 4, at=OPEN + timedelta(days=4, hours=1))  # the case stays full
        line_b = self.round.order_ids.line_ids.filtered(lambda l: l.partner_id == b)
        self.assertEqual(line_b.quantity, 2)

    def test_closing_cost_does_not_grow_with_members(self):
        """Closing writes results grouped by value: more members, same queries."""

        def close_with(count):
            round_ = self.round.copy(
                {
                    "name": f"Scale {count}",
                    "date_open": OPEN,
                    "date_close": OPEN + timedelta(days=5),
                }
            )
            round_.action_open()
            line = round_.line_ids.filtered(lambda l: l.product_id == self.flour)
            people = self.env["res.partner"].create(
                [
                    {"name": f"Scaled {count}-{i}", "category_id": [(6, 0, self.tag.ids)]}
                    for i in range(count)
                ]
            )
            with freeze_time(OPEN + timedelta(hours=1)):
                for person in people:
                    self.Line._set_order(round_, person, line, 6, 0)
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(OPEN + timedelta(days=6)):
                before = self.cr.sql_log_count
                round_.action_close()
                self.env.flush_all()
                return self.cr.sql_log_count - before

        close_with(2)  # warms caches (templates, sequences) shared by every close
        self.assertEqual(close_with(4), close_with(16))

    def test_purchase_lines_as_odoo_would_fill_them_in_constant_queries(self):
        """Taxes through the fiscal position, packaging, lead time: found for all lines at
        once, with the values Odoo's own computes give."""
        group = self.env["account.tax.group"].create(
            {"name": "Input", "company_id": self.company.id}
        )
        tax = self.env["account.tax"].create(
            {
                "name": "Input 5%",
                "amount": 5,
                "type_tax_use": "purchase",
                "company_id": self.company.id,
                "tax_group_id": group.id,
                "country_id": self.env.ref("base.us").id,
            }
        )

        def round_with(count):
            products = self.env["product.product"].create(
                [
                    {
                        "name": f"Bulk {count}-{i}",
                        "type": "consu",
                        "supplier_taxes_id": [(6, 0, tax.ids)],
                    }
                    for i in range(count)
                ]
            )
            self.env["product.packaging"].create(
                [{"name": "Case of 6", "product_id": p.id, "qty": 6} for p in products]
            )
            self.env["product.supplierinfo"].create(
                [
                    {"partner_id": self.mill.id, "product_id": p.id, "price": 1.0, "delay": 3}
                    for p in products
                ]
            )
            round_ = self.round.copy({"name": f"Bulk {count}"})
            round_.action_load_catalogue()
            lines = round_.line_ids.filtered(lambda l: l.product_id in products)
            lines.write({"units_ordered": 12, "cases_ordered": 2})
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            round_._create_purchase_orders(lines)
            self.env.flush_all()
            return round_, self.cr.sql_log_count - before

        round_with(2)  # warms caches shared by every order
        _small, few = round_with(3)
        big, many = round_with(12)
        self.assertEqual(few, many)
        ours = big.purchase_ids.order_line
        self.assertEqual(len(ours), 12)
        # The same order lines made by Odoo alone.
        reference = (
            self.env["purchase.order"]
            .create(
                {
                    "partner_id": self.mill.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": l.product_id.id,
                                "product_qty": 12,
                                "product_uom": l.product_uom.id,
                            },
                        )
                        for l in ours
                    ],
                }
            )
            .order_line
        )
        for mine, odoo in zip(ours, reference, strict=True):
            self.assertEqual(mine.taxes_id, odoo.taxes_id)
            self.assertEqual(mine.product_packaging_id, odoo.product_packaging_id)
            self.assertEqual(mine.product_packaging_qty, 2)
            self.assertEqual(mine.date_planned.date(), odoo.date_planned.date())
            self.assertEqual(mine.analytic_distribution, odoo.analytic_distribution)
            self.assertAlmostEqual(mine.price_unit, odoo.price_unit)

    def test_close_leaves_the_garbage_collector_as_it_found_it(self):
        """The close pauses Python's cycle collector while it works, and gives it back
        as it was, also when the close fails."""
        self._order(self.people[0], 4)
        paused, failing = (self.round.copy({"name": name}) for name in ("Paused", "Failing"))
        (paused | failing).write({"state": "open"})
        self.assertTrue(gc.isenabled())
        with freeze_time(OPEN + timedelta(days=6)):
            self.round.action_close()
            self.assertEqual(self.round.state, "closed")
            self.assertTrue(gc.isenabled())
            gc.disable()
            try:
                paused.action_close()
                self.assertFalse(gc.isenabled(), "a caller's paused collector stays paused")
            finally:
                gc.enable()
            self.assertEqual(paused.state, "closed")
            failure = patch.object(
                type(failing), "_drop_suppliers_below_minimum", side_effect=ZeroDivisionError
            )
            with self.assertRaises(ZeroDivisionError), self.env.cr.savepoint(), failure:
                failing.action_close()
        self.assertTrue(gc.isenabled())

    def test_a_case_price_that_does_not_divide_into_cents_is_ordered_as_priced(self):
        """10.00 a case of 12 is 0.8333... a jar: the order says 10.00 a case, not 9.96."""
        round_, jam_line, case = self._sold_by_the_case(case_price=10.0)
        self.assertAlmostEqual(jam_line.price, 10 / 12, places=6)
        round_.action_open()
        a, b, *_ = self.people
        with freeze_time(OPEN + timedelta(hours=1)):
            self.Line._set_order(round_, a, jam_line, 20)
            self.Line._set_order(round_, b, jam_line, 4)
        with freeze_time(OPEN + timedelta(days=6)):
            round_.action_close()
        po_line = round_.purchase_ids.order_line
        self.assertEqual((po_line.product_uom, po_line.product_qty), (case, 2))
        self.assertEqual(po_line.price_unit, 10.0)
        self.assertEqual(po_line.price_subtotal, 20.0)

    def test_a_supplier_discount_is_the_co_ops_cost_and_on_the_order_as_odoo_puts_it(self):
        """10% off the mill's 2.00 flour: members are offered it at 1.80 (what the co-op
        pays, before markup), and the order shows 2.00 less 10%, as Odoo's does."""
        self.flour.seller_ids.discount = 10
        offer, ours, odoo = self._close_and_enter_in_odoo("June")
        self.assertAlmostEqual(offer.price, 1.8)
        self.assertEqual((ours.price_unit, ours.discount), (2.0, 10.0))
        for name in ("price_unit", "discount", "price_subtotal", "price_total"):
            self.assertEqual(ours[name], odoo[name], name)
        self.assertAlmostEqual(ours.price_subtotal, 21.6)

    def test_an_offer_price_changed_by_hand_is_ordered_as_it_stands(self):
        """Staff agreed 1.70 with the mill for this round: the order says 1.70, no discount."""
        self.flour.seller_ids.discount = 10
        round_ = self.round.copy({"name": "July"})
        round_.action_load_catalogue()
        flour_line = round_.line_ids.filtered(lambda l: l.product_id == self.flour)
        flour_line.price = 1.7
        round_.action_open()
        a, *_ = self.people
        with freeze_time(OPEN + timedelta(hours=1)):
            self.Line._set_order(round_, a, flour_line, 12)
        with freeze_time(OPEN + timedelta(days=6)):
            round_.action_close()
        ours = round_.purchase_ids.order_line
        self.assertEqual((ours.price_unit, ours.discount), (1.7, 0.0))

    def _priced_in_a_foreign_currency(self):
        """The mill prices flour at 2.50 in another currency, worth 1.25 to the company's."""
        foreign = self.env.ref("base.EUR")
        if self.company.currency_id == foreign:
            foreign = self.env.ref("base.USD")
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "name": "2020-01-01",
                "rate": 1.25,
                "currency_id": foreign.id,
                "company_id": self.company.id,
            }
        )
        self.flour.seller_ids.write({"price": 2.5, "currency_id": foreign.id})
        return foreign

    def _close_and_enter_in_odoo(self, name, quantity=12):
        """Close a fresh round where a member orders `quantity` flour; the same order entered
        in Odoo's purchase form (created from values, Odoo's line would miss the supplier's
        discount). Returns (the offer's flour line, the close's order line, the form's)."""
        round_ = self.round.copy({"name": name})
        round_.line_ids.unlink()  # the copy's offer has the old prices
        round_.action_load_catalogue()
        flour_line = round_.line_ids.filtered(lambda l: l.product_id == self.flour)
        round_.action_open()
        a, *_ = self.people
        with freeze_time(OPEN + timedelta(hours=1)):
            self.Line._set_order(round_, a, flour_line, quantity)
        with freeze_time(OPEN + timedelta(days=6)):
            round_.action_close()
            ours = round_.purchase_ids.order_line
            form = Form(self.env["purchase.order"])
            form.partner_id = self.mill
            with form.order_line.new() as entered:
                entered.product_id = self.flour
                entered.product_qty = ours.product_qty
            odoo = form.save().order_line
        return flour_line, ours, odoo

    def test_a_supplier_pricing_in_its_currency_is_ordered_in_it(self):
        """The mill buys and sells in its own currency: members are offered the flour at
        2.00 in the co-op's, and the order is in the mill's currency at 2.50, as Odoo's."""
        foreign = self._priced_in_a_foreign_currency()
        self.mill.with_company(self.company).property_purchase_currency_id = foreign
        offer, ours, odoo = self._close_and_enter_in_odoo("August")
        self.assertAlmostEqual(offer.price, 2.0)
        self.assertEqual(ours.order_id.currency_id, foreign)
        self.assertEqual(ours.price_unit, 2.5)
        for name in ("currency_id", "price_unit", "discount", "price_subtotal", "price_total"):
            self.assertEqual(ours[name], odoo[name], name)

    def test_a_price_list_in_another_currency_is_converted_for_the_order(self):
        """The mill's price list is in another currency, its orders in the company's: the
        order is at 2.00, as Odoo's converts it."""
        self._priced_in_a_foreign_currency()
        offer, ours, odoo = self._close_and_enter_in_odoo("September")
        self.assertAlmostEqual(offer.price, 2.0)
        self.assertEqual(ours.order_id.currency_id, self.company.currency_id)
        self.assertEqual(ours.price_unit, 2.0)
        for name in ("currency_id", "price_unit", "discount", "price_subtotal", "price_total"):
            self.assertEqual(ours[name], odoo[name], name)

    def test_an_order_gets_what_odoo_s_form_gives_the_supplier(self):
        """The mill's payment terms, fiscal position and buyer are on the close's order as
        on one entered in Odoo's purchase form, so that its bill falls due when the mill
        says."""
        mill = self.mill.with_company(self.company)
        mill.property_supplier_payment_term_id = self.env.ref("account.account_payment_term_30days")
        mill.property_account_position_id = self.env["account.fiscal.position"].create(
            {"name": "Mill's position", "company_id": self.company.id}
        )
        self.mill.buyer_id = self.env.ref("base.user_admin")
        _offer, ours, odoo = self._close_and_enter_in_odoo("December")
        for name in ("payment_term_id", "fiscal_position_id", "currency_id", "user_id"):
            self.assertTrue(odoo.order_id[name], name)
            self.assertEqual(ours.order_id[name], odoo.order_id[name], name)

    def test_close_orders_what_odoo_would_order(self):
        """The purchase orders of a close hold what the same order entered in Odoo holds:
        prices, supplier units, cases, taxes, dates and totals."""
        group = self.env["account.tax.group"].create(
            {"name": "Input", "company_id": self.company.id}
        )
        tax = self.env["account.tax"].create(
            {
                "name": "Input 7%",
                "amount": 7,
                "type_tax_use": "purchase",
                "company_id": self.company.id,
                "tax_group_id": group.id,
                "country_id": self.env.ref("base.us").id,
            }
        )
        self.flour.supplier_taxes_id = tax
        round_, jam_line, _case = self._sold_by_the_case()
        round_.action_open()
        flour_line = round_.line_ids.filtered(lambda l: l.product_id == self.flour)
        a, b, *_ = self.people
        with freeze_time(OPEN + timedelta(hours=1)):
            self.Line._set_order(round_, a, jam_line, 20)
            self.Line._set_order(round_, b, jam_line, 3, 1)
            self.Line._set_order(round_, a, flour_line, 7, 5)
        with freeze_time(OPEN + timedelta(days=6)):
            round_.action_close()
            ours = round_.purchase_ids
            reference = self.env["purchase.order"].create(
                {
                    "partner_id": self.mill.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": line.product_id.id,
                                "product_qty": line.product_qty,
                                "product_uom": line.product_uom.id,
                            },
                        )
                        for line in ours.order_line
                    ],
                }
            )
        self.assertNotIn("coop_purchase.precisions", self.env.cr.cache)
        self.assertEqual(len(ours), 1)
        self.assertEqual(len(ours.order_line), 2)
        self.assertEqual(sorted(ours.order_line.mapped("product_qty")), [2.0, 12.0])
        compared = [
            "name",
            "product_uom",
            "product_qty",
            "product_uom_qty",
            "price_unit",
            "discount",
            "taxes_id",
            "product_packaging_id",
            "product_packaging_qty",
            "price_subtotal",
            "price_tax",
            "price_total",
            "date_planned",
            "analytic_distribution",
            "qty_received_method",
            "currency_id",
            "company_id",
            "partner_id",
            "state",
        ]
        for mine, odoo in zip(ours.order_line, reference.order_line, strict=True):
            for name in compared:
                self.assertEqual(mine[name], odoo[name], f"{mine.product_id.name}: {name}")
        for name in (
            "amount_untaxed",
            "amount_tax",
            "amount_total",
            "currency_id",
            "picking_type_id",
        ):
            self.assertEqual(ours[name], reference[name], name)
        self.assertTrue(ours.order_line.taxes_id, "the flour's purchase tax applies")

    def test_close_names_and_dates_lines_as_odoo_does_for_the_supplier(self):
        """The supplier's own code and name for a product, in the supplier's language, with
        the product's purchase description, and the lead time of its price list entry: as
        on an order entered in Odoo."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.mill.lang = "fr_FR"
        self.flour.with_context(lang="fr_FR").name = "Farine"
        self.flour.with_context(lang="en_US").description_purchase = "Stone-ground, 25 kg sacks"
        self.flour.with_context(lang="fr_FR").description_purchase = "Moulue sur pierre"
        self.flour.seller_ids.write(
            {"product_code": "MILL-F1", "product_name": "Farine T65", "delay": 3}
        )
        self.oats.default_code = "OATS"
        round_ = self.round.copy({"name": "May"})
        round_.action_load_catalogue()
        round_.action_open()
        flour_line, oats_line = (
            round_.line_ids.filtered(lambda l, p=product: l.product_id == p)
            for product in (self.flour, self.oats)
        )
        a, b, *_ = self.people
        with freeze_time(OPEN + timedelta(hours=1)):
            self.Line._set_order(round_, a, flour_line, 12)
            self.Line._set_order(round_, b, oats_line, 10)
        with freeze_time(OPEN + timedelta(days=6)):
            round_.action_close()
            ours = round_.purchase_ids.order_line
            reference = (
                self.env["purchase.order"]
                .create(
                    {
                        "partner_id": self.mill.id,
                        "order_line": [
                            (
                                0,
                                0,
                                {
                                    "product_id": line.product_id.id,
                                    "product_qty": line.product_qty,
                                    "product_uom": line.product_uom.id,
                                },
                            )
                            for line in ours
                        ],
                    }
                )
                .order_line
            )
        self.assertEqual(len(ours), 2)
        for mine, odoo in zip(ours, reference, strict=True):
            self.assertEqual(mine.name, odoo.name)
            self.assertEqual(mine.date_planned, odoo.date_planned, mine.name)
        flour = ours.filtered(lambda l: l.product_id == self.flour)
        self.assertEqual(flour.name, "[MILL-F1] Farine T65\nMoulue sur pierre")
        self.assertEqual(flour.date_planned, OPEN + timedelta(days=6 + 3))
        oats = ours - flour
        self.assertEqual(oats.name, "[OATS] " + self.oats.name)

    def test_each_supplier_order_is_logged_as_odoo_logs_an_order(self):
        """A close ordering from two suppliers makes two orders, each with the creation note
        and the followers of an order entered in Odoo: one note each, none shared."""
        dairy = self.env["res.partner"].create({"name": "Dairy Ltd"})
        butter = self.env["product.product"].create({"name": "Butter", "type": "consu"})
        self.env["product.supplierinfo"].create(
            {"partner_id": dairy.id, "product_id": butter.id, "price": 1.2}
        )
        round_ = self.round.copy(
            {"name": "Two suppliers", "supplier_ids": [(6, 0, (self.mill | dairy).ids)]}
        )
        round_.action_load_catalogue()
        round_.action_open()
        butter_line = round_.line_ids.filtered(lambda l: l.product_id == butter)
        flour_line = round_.line_ids.filtered(lambda l: l.product_id == self.flour)
        a, b, *_ = self.people
        with freeze_time(OPEN + timedelta(hours=1)):
            self.Line._set_order(round_, a, flour_line, 6)
            self.Line._set_order(round_, b, butter_line, 2)
        with freeze_time(OPEN + timedelta(days=6)):
            # The chatter at work, as outside tests (which disable it).
            round_.with_context(tracking_disable=False).action_close()
            by_hand = (
                self.env["purchase.order"]
                .with_context(tracking_disable=False)
                .create({"partner_id": dairy.id})
            )

        def chatter(order):
            return [
                (m.message_type, m.subtype_id, m.author_id, m.body, m.model, m.res_id == order.id)
                for m in order.message_ids
            ]

        orders = round_.purchase_ids
        self.assertEqual(orders.partner_id, self.mill | dairy)
        for order in orders:
            self.assertEqual(chatter(order), chatter(by_hand), order.partner_id.name)
            self.assertEqual(order.message_partner_ids, by_hand.message_partner_ids)
        self.assertEqual(len(by_hand.message_ids), 1, "Odoo logs an order's creation")
        notes = orders.message_ids
        self.assertEqual(len(notes), 2, "one creation note per order")
        self.assertEqual(set(notes.mapped("res_id")), set(orders.ids))
        # Where the chatter is off, the close logs nothing either.
        quiet = round_.copy({"name": "Quiet"})
        quiet.action_open()
        with freeze_time(OPEN + timedelta(hours=1)):
            self.Line._set_order(
                quiet, a, quiet.line_ids.filtered(lambda l: l.product_id == butter), 2
            )
        with freeze_time(OPEN + timedelta(days=6)):
            quiet.action_close()
        self.assertTrue(quiet.purchase_ids)
        self.assertFalse(quiet.purchase_ids.message_ids)

    def test_result_mails_are_sent_by_a_job(self):
        a, b, c, _d = self.people
        a.email, b.email, c.email = "a@example.org", "b@example.org", False
        self._order(a, 4, 2)
        self._order(b, 3)
        self._order(c, 1)
        with freeze_time(OPEN + timedelta(days=6)):
            self.round.action_close()
        flagged = {order.partner_id: order.result_to_send for order in self.round.order_ids}
        self.assertEqual(flagged, {a: True, b: True, c: False}, "no address, nothing to send")
        mailed = self.round.order_ids.filtered(lambda order: order.partner_id in a | b)
        Mail = self.env["mail.mail"]
        before = Mail.search_count([])
        # As the cron runner calls it: one batch at a time, its progress reported.
        cron = self.env.ref("coop_purchase.ir_cron_coop_purchase_send_results")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        self.env["coop.purchase.member.order"].with_context(
            ir_cron_progress_id=progress.id
        )._cron_send_results(batch_size=1)
        self.assertEqual((progress.done, progress.remaining), (2, 0))
        mails = Mail.search(
            [("model", "=", "coop.purchase.member.order")], order="id desc", limit=2
        )
        self.assertEqual(Mail.search_count([]) - before, 2)
        self.assertEqual(set(mails.mapped("res_id")), set(mailed.ids))
        self.assertIn("You get", " ".join(mails.mapped("body_html")))
        self.assertFalse(any(self.round.order_ids.mapped("result_to_send")))
        self.env["coop.purchase.member.order"]._cron_send_results()
        self.assertEqual(Mail.search_count([]) - before, 2, "each result is mailed once")
