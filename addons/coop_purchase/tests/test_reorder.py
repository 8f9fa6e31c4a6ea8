from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import GroupOrderSetup


@tagged("post_install", "-at_install")
class TestReorder(GroupOrderSetup, TransactionCase):
    """Phase 3: the shop restocks from its own sales, in the supplier's cases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enter_own_company("Shop Ltd")
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)])
        cls.roaster = cls.env["res.partner"].create({"name": "Roaster"})
        unit = cls.env.ref("uom.product_uom_unit")
        cls.case = cls.env["uom.uom"].create(
            {
                "name": "Box of 6",
                "category_id": unit.category_id.id,
                "uom_type": "bigger",
                "factor_inv": 6,
            }
        )
        cls.beans, cls.decaf, cls.mugs = cls.env["product.product"].create(
            [
                {"name": "Beans", "is_storable": True, "uom_po_id": cls.case.id},
                {"name": "Decaf", "is_storable": True, "uom_po_id": cls.case.id},
                {"name": "Mug", "type": "consu"},  # not kept in stock: never proposed
            ]
        )
        cls.env["product.supplierinfo"].create(
            [
                {"partner_id": cls.roaster.id, "product_id": p.id, "price": 60.0}
                for p in (cls.beans, cls.decaf, cls.mugs)
            ]
        )

    def _move(self, product, quantity, source, destination):
        move = self.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom_qty": quantity,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "company_id": self.company.id,
            }
        )
        move._action_confirm()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        self.assertEqual(move.state, "done")

    def _history(self):
        """31 beans in, 30 sold, 2 returned: 3 on hand, 28 sold in the period; 1 box coming."""
        stock = self.warehouse.lot_stock_id
        supplier = self.env.ref("stock.stock_location_suppliers")
        customer = self.env.ref("stock.stock_location_customers")
        self._move(self.beans, 31, supplier, stock)
        self._move(self.beans, 30, stock, customer)
        self._move(self.beans, 2, customer, stock)
        self._move(self.decaf, 50, supplier, stock)
        incoming = self.env["purchase.order"].create(
            {
                "partner_id": self.roaster.id,
                "order_line": [
                    (0, 0, {"product_id": self.beans.id, "product_qty": 1, "price_unit": 60.0})
                ],
            }
        )
        incoming.button_confirm()

    def _wizard(self, **values):
        return self.env["coop.purchase.reorder"].create(
            {"supplier_id": self.roaster.id, "sales_days": 28, "cover_days": 28, **values}
        )

    def test_proposal_from_sales_stock_and_incoming_in_cases(self):
        self._history()
        wizard = self._wizard()
        wizard.action_propose()
        lines = {line.product_id: line for line in wizard.line_ids}
        self.assertEqual(set(lines), {self.beans, self.decaf})
        beans = lines[self.beans]
        self.assertEqual(
            (beans.sold_qty, beans.on_hand_qty, beans.incoming_qty, beans.case_size),
            (28, 3, 6, 6),
        )
        # One a day for 28 days: 28 needed, 9 there or coming, 19 short: 4 boxes.
        self.assertEqual(beans.proposed_qty, 24)
        self.assertEqual(lines[self.decaf].proposed_qty, 0, "nothing sold, plenty in stock")
        action = wizard.action_create_purchase_order()
        order = self.env["purchase.order"].browse(action["res_id"])
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.roaster)
        self.assertEqual(order.order_line.product_id, self.beans)
        self.assertEqual(
            (order.order_line.product_uom, order.order_line.product_qty), (self.case, 4)
        )
        self.assertAlmostEqual(order.order_line.price_unit, 60.0)

    def test_staff_can_change_the_proposal(self):
        self._history()
        wizard = self._wizard(cover_days=7)
        wizard.action_propose()
        beans = wizard.line_ids.filtered(lambda l: l.product_id == self.beans)
        self.assertEqual(beans.proposed_qty, 0, "a week is covered by what is there and coming")
        with self.assertRaisesRegex(UserError, "Nothing to order"):
            wizard.action_create_purchase_order()
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            beans.proposed_qty = -6
        beans.proposed_qty = 12
        order = self.env["purchase.order"].browse(wizard.action_create_purchase_order()["res_id"])
        self.assertEqual(order.order_line.product_qty, 2)

    def test_bad_parameters(self):
        with self.assertRaisesRegex(ValidationError, "at least one day"):
            self._wizard(sales_days=0)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._wizard(cover_days=-1)
        nobody = self.env["res.partner"].create({"name": "Unknown Supplier"})
        with self.assertRaisesRegex(UserError, "no price list entry"):
            self._wizard(supplier_id=nobody.id).action_propose()
