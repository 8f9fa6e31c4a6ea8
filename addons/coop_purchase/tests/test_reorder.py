from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
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
        # Reading stock moves and writing purchase orders: the manager's rights, not a round
        # organiser's.
        cls.buyer = new_test_user(
            cls.env,
            login="reorder_buyer",
            groups="coop_purchase.group_coop_purchase_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
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

    def _form(self):
        """The Shop Reorder menu's form, as the shop's buyer opens it."""
        action = self.env.ref("coop_purchase.action_coop_purchase_reorder")
        return Form(self.env[action.res_model].with_user(self.buyer))

    def _wizard(self, **values):
        """Filled in and saved, as the Propose button does before proposing."""
        form = self._form()
        form.supplier_id = self.roaster
        form.cover_days = 28
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_proposal_from_sales_stock_and_incoming_in_cases(self):
        self._history()
        form = self._form()
        self.assertEqual((form.sales_days, form.cover_days), (28, 14))
        form.supplier_id = self.roaster
        form.cover_days = 28
        wizard = form.save()
        self.assertEqual(wizard.warehouse_id, self.warehouse)
        action = wizard.action_propose()
        self.assertEqual((action["res_model"], action["res_id"]), (wizard._name, wizard.id))
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

    def test_the_order_describes_products_as_odoo_does_for_the_supplier(self):
        """The roaster's own code and name for the beans, as an order entered in Odoo has."""
        self._history()
        self.beans.seller_ids.write({"product_code": "R-100", "product_name": "House blend"})
        wizard = self._wizard(cover_days=28)
        wizard.action_propose()
        order = self.env["purchase.order"].browse(wizard.action_create_purchase_order()["res_id"])
        self.assertEqual(order.order_line.name, "[R-100] House blend")
        entered = self.env["purchase.order.line"].create(
            {
                "order_id": order.id,
                "product_id": self.beans.id,
                "product_qty": 1,
                "product_uom": self.case.id,
            }
        )
        self.assertEqual(order.order_line[0].name, entered.name)

    def test_staff_can_change_the_proposal(self):
        self._history()
        wizard = self._wizard(cover_days=7)
        wizard.action_propose()
        beans = wizard.line_ids.filtered(lambda l: l.product_id == self.beans)
        self.assertEqual(beans.proposed_qty, 0, "a week is covered by what is there and coming")
        with self.assertRaisesRegex(UserError, "Nothing to order"):
            wizard.action_create_purchase_order()
        index = list(wizard.line_ids).index(beans)
        form = Form(wizard)
        with form.line_ids.edit(index) as line:
            line.proposed_qty = -6
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            form.save()
        with form.line_ids.edit(index) as line:
            line.proposed_qty = 12
            self.assertEqual(line.cases, 2)
        form.save()
        order = self.env["purchase.order"].browse(wizard.action_create_purchase_order()["res_id"])
        self.assertEqual(order.order_line.product_qty, 2)

    def test_the_menu_is_for_those_who_can_order(self):
        organiser = new_test_user(
            self.env,
            login="reorder_organiser",
            groups="coop_purchase.group_coop_purchase_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        menu = self.env.ref("coop_purchase.menu_coop_purchase_reorder")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.buyer)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(organiser)._visible_menu_ids())

    def test_bad_parameters(self):
        with self.assertRaisesRegex(ValidationError, "at least one day"):
            self._wizard(sales_days=0)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._wizard(cover_days=-1)
        nobody = self.env["res.partner"].create({"name": "Unknown Supplier"})
        with self.assertRaisesRegex(UserError, "no price list entry"):
            self._wizard(supplier_id=nobody).action_propose()
