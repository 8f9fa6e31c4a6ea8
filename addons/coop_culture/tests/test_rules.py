from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import Command, CoopCulturePosCase


@tagged("post_install", "-at_install")
class TestConsignmentRules(CoopCulturePosCase):
    # ------------------------------------------------------------ commission

    def test_commission_product_rate_overrides_consignor_rate(self):
        self.assertEqual(self.vinyl_a.coop_effective_commission_rate, 20.0)
        self.assertEqual(self.cd_a.coop_effective_commission_rate, 10.0)
        # A product rate of zero is a rate, not "unset".
        self.cd_a.coop_commission_rate = 0.0
        self.assertEqual(self.cd_a.coop_effective_commission_rate, 0.0)
        self.cd_a.coop_commission_custom = False
        self.assertEqual(self.cd_a.coop_effective_commission_rate, 20.0)

    def test_commission_out_of_range_is_refused(self):
        for rate in (-5.0, 100.01):
            with self.subTest(rate=rate):
                with (
                    self.assertRaisesRegex(ValidationError, "between 0 and 100"),
                    self.env.cr.savepoint(),
                ):
                    self.artist_a.coop_commission_rate = rate
                    self.env.flush_all()
                with (
                    self.assertRaisesRegex(ValidationError, "between 0 and 100"),
                    self.env.cr.savepoint(),
                ):
                    self.vinyl_a.write(
                        {"coop_commission_custom": True, "coop_commission_rate": rate}
                    )
                    self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(self.artist_a.coop_commission_rate, 20.0)
        self.assertFalse(self.vinyl_a.coop_commission_custom)

    def test_rate_is_frozen_on_the_sale(self):
        session = self._open_session()
        order = self._sell(session, [(self.vinyl_a, 1)])
        self.artist_a.coop_commission_rate = 50.0
        self.assertEqual(order.lines.coop_commission_rate, 20.0)
        self.assertEqual(order.lines.coop_consignor_id, self.artist_a)

    # ------------------------------------------------------------ products

    def test_consigned_product_must_track_stock(self):
        with self.assertRaisesRegex(ValidationError, "stock must be tracked"):
            self.env["product.product"].create(
                {"name": "Gig poster", "type": "service", "coop_consignor_id": self.artist_a.id}
            )

    def test_only_consignors_may_own_consigned_products(self):
        stranger = self.env["res.partner"].create({"name": "Not A Consignor"})
        with self.assertRaisesRegex(ValidationError, "not a consignor"):
            self._consigned("Unsold single", stranger, 5.0)

    def test_consignor_does_not_change_while_their_goods_are_in_stock(self):
        with self.assertRaisesRegex(UserError, "still has"):
            self.vinyl_a.product_tmpl_id.coop_consignor_id = self.artist_b
        self.assertEqual(self.vinyl_a.coop_consignor_id, self.artist_a)

    def test_bio_comes_from_the_artist_and_reaches_the_till(self):
        self.assertEqual(self.painting_b.coop_artist_bio, "Bea paints market stalls.")
        self.painting_b.coop_artist_bio = "A painting of the Saturday market."
        self.assertEqual(self.artist_b.coop_artist_bio, "Bea paints market stalls.")
        fields_loaded = self.env["product.product"]._load_pos_data_fields(self.config.id)
        self.assertIn("coop_artist_bio", fields_loaded)

    # ------------------------------------------------------------ overselling

    def test_till_asks_before_selling_more_than_the_consignor_holds(self):
        session = self._open_session()
        self._sell(session, [(self.vinyl_a, 8)])
        Order = self.env["pos.order"].with_user(self.cashier)
        verdict = Order.coop_check_sale(self.config.id, False, [[self.vinyl_a.id, 3]])
        [problem] = verdict["problems"]
        self.assertEqual(problem["kind"], "stock")
        self.assertRegex(problem["message"], "Only 2.0 of .* belonging to Ada Vinyl")
        verdict = Order.coop_check_sale(self.config.id, False, [[self.vinyl_a.id, 2]])
        self.assertEqual(verdict["problems"], [])

    def test_oversold_sale_is_recorded_flagged_and_paid_to_the_consignor(self):
        """The till was offline: the record was on the shelf, the books said none left."""
        # Plenty of the co-op's own stock does not make Ada's records appear.
        self.env["stock.quant"]._update_available_quantity(self.vinyl_a, self.stock, 50)
        session = self._open_session()
        self._sell(session, [(self.vinyl_a, 8)])
        oversold = self._sell(session, [(self.vinyl_a, 3)])
        self.assertEqual(oversold.state, "paid", "the sale happened: it is recorded")
        self.assertEqual(oversold.coop_review_state, "to_review")
        self.assertRegex(oversold.coop_review_reason, "Only 2.0 of .* belonging to Ada Vinyl")
        self.assertTrue(oversold.coop_review_activity_ids)
        # The consignor's count goes below zero, to be put right by a receipt; the co-op's
        # own records are not taken for hers.
        self.assertEqual(self._owned(self.vinyl_a, self.artist_a), -1)
        self.assertEqual(self._owned(self.vinyl_a, False), 50)
        # Once her records are received again, sales go through unflagged.
        self._receive(self.artist_a, {self.vinyl_a: 3})
        fine = self._sell(session, [(self.vinyl_a, 2)])
        self.assertFalse(fine.coop_review_state)
        self._close(session)
        # The statement pays Ada for every record sold, the oversold ones included.
        next_month = fields.Date.context_today(self.Statement).replace(day=1) + relativedelta(
            months=1
        )
        statement = self.Statement._cron_monthly_statements(today=next_month).filtered(
            lambda s: s.partner_id == self.artist_a
        )
        sold = statement.line_ids.filtered(lambda li: li.product_id == self.vinyl_a)
        self.assertEqual(sum(sold.mapped("quantity")), 8 + 3 + 2)

    def test_oversold_draft_paid_later_is_flagged(self):
        """A draft synced first, then paid through the public method: judged as stored."""
        session = self._open_session()
        self._sell(session, [(self.vinyl_a, 8)])
        data = self._order_data(session, [(self.vinyl_a, 3)])
        data["state"] = "draft"
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
        draft = self.env["pos.order"].search([("uuid", "=", data["uuid"])])
        self.assertEqual(draft.state, "draft")
        self.assertFalse(draft.coop_review_state)
        draft.with_user(self.cashier).action_pos_order_paid()
        self.assertEqual(draft.state, "paid")
        self.assertRegex(draft.coop_review_reason, "Only 2.0 of .* belonging to Ada Vinyl")

    def test_oversell_counts_orders_waiting_for_session_closing(self):
        self.company.point_of_sale_update_stock_quantities = "closing"
        session = self._open_session()
        first = self._sell(session, [(self.vinyl_a, 6)])
        self.assertFalse(first.picking_ids)
        self.assertEqual(self._owned(self.vinyl_a, self.artist_a), 10)
        verdict = self.env["pos.order"].coop_check_sale(
            self.config.id, False, [[self.vinyl_a.id, 5]]
        )
        self.assertRegex(verdict["problems"][0]["message"], "Only 4.0 of")
        flagged = self._sell(session, [(self.vinyl_a, 5)])
        self.assertRegex(flagged.coop_review_reason, "Only 4.0 of")
        # The flagged sale happened: what is left for the next one counts it.
        next_sale = self._sell(session, [(self.vinyl_a, 4)])
        self.assertRegex(next_sale.coop_review_reason, "Only 0 of|Only 0.0 of")
        self._close(session)
        self.assertEqual(self._owned(self.vinyl_a, self.artist_a), -5)

    # ------------------------------------------------------------ returns

    def test_return_more_than_held_is_refused(self):
        wizard = self.env["coop.consignment.return.wizard"].create(
            {"partner_id": self.artist_b.id, "location_id": self.stock.id}
        )
        wizard.line_ids.quantity = 3
        pickings_before = self.env["stock.picking"].search_count([])
        with self.assertRaisesRegex(UserError, "has only 2.0"):
            wizard.action_return()
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings_before)
        self.assertEqual(self._owned(self.painting_b, self.artist_b), 2)

    def test_return_of_another_consignors_product_is_refused(self):
        wizard = self.env["coop.consignment.return.wizard"].create(
            {
                "partner_id": self.artist_b.id,
                "location_id": self.stock.id,
                "line_ids": [Command.create({"product_id": self.vinyl_a.id, "quantity": 1})],
            }
        )
        wizard.line_ids.filtered(lambda li: li.product_id == self.painting_b).unlink()
        with self.assertRaisesRegex(UserError, "has only 0"):
            wizard.action_return()
        self.assertEqual(self._owned(self.vinyl_a, self.artist_a), 10)

    def test_empty_return_is_refused(self):
        wizard = self.env["coop.consignment.return.wizard"].create(
            {"partner_id": self.artist_b.id, "location_id": self.stock.id}
        )
        wizard.line_ids.quantity = 0
        with self.assertRaisesRegex(UserError, "Enter a quantity"):
            wizard.action_return()
