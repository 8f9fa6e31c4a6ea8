from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..const import PURCHASE_USER
from ..kernels.reorder import reorder_units


class CoopPurchaseReorder(models.TransientModel):
    """What to order from a supplier to restock the shop, from recent sales."""

    _name = "coop.purchase.reorder"
    _description = "Shop Reorder Proposal"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    supplier_id = fields.Many2one("res.partner", string="Supplier", required=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda s: s.env["stock.warehouse"].search(
            [("company_id", "=", s.env.company.id)], limit=1
        ),
    )
    sales_days = fields.Integer(
        string="Sales Over (days)",
        required=True,
        default=28,
        help="The period sales are read from.",
    )
    cover_days = fields.Integer(
        string="Cover (days)",
        required=True,
        default=14,
        help="How many days of sales the stock should last once this order arrives.",
    )
    line_ids = fields.One2many("coop.purchase.reorder.line", "wizard_id", string="Proposal")

    @api.constrains("sales_days", "cover_days")
    def _check_days(self):
        for wizard in self:
            if wizard.sales_days < 1:
                raise ValidationError(self.env._("Read sales over at least one day."))
            if wizard.cover_days < 0:
                raise ValidationError(self.env._("The cover cannot be negative."))

    def action_propose(self):
        self.ensure_one()
        self.env["res.users"]._coop_require(
            PURCHASE_USER, message=self.env._("Only group-order staff propose shop orders.")
        )
        self.line_ids.unlink()
        self.env["coop.purchase.reorder.line"].create(
            [dict(values, wizard_id=self.id) for values in self._proposal()]
        )
        return self._reopen()

    def _supplier_products(self):
        """{product: its price list entry from this supplier}, the preferred entry first."""
        entries = self.env["product.supplierinfo"]._coop_preferred_entries(
            self.supplier_id, self.company_id, with_templates=True
        )
        return {
            product: info for (product, _supplier), info in entries.items() if product.is_storable
        }

    def _sold(self, products):
        """{product id: units that went out to customers over the period, less returns}."""
        since = fields.Datetime.now() - timedelta(days=self.sales_days)
        base = [
            ("state", "=", "done"),
            ("product_id", "in", products.ids),
            ("date", ">=", since),
        ]
        Move = self.env["stock.move"]
        sold = dict.fromkeys(products.ids, 0.0)
        for direction, sign in (
            (("location_id", "location_dest_id"), 1),
            (("location_dest_id", "location_id"), -1),
        ):
            shop, customer = direction
            for product, quantity in Move._read_group(
                [
                    *base,
                    (f"{shop}.warehouse_id", "=", self.warehouse_id.id),
                    (f"{customer}.usage", "=", "customer"),
                ],
                ["product_id"],
                ["product_qty:sum"],
            ):
                sold[product.id] += sign * quantity
        return sold

    def _proposal(self):
        self.ensure_one()
        entries = self._supplier_products()
        products = self.env["product.product"].union(*entries)
        if not products:
            raise UserError(
                self.env._(
                    "%s has no price list entry for a product the shop keeps in stock.",
                    self.supplier_id.name,
                )
            )
        sold = self._sold(products)
        stock = products.with_context(warehouse_id=self.warehouse_id.id)
        RoundLine = self.env["coop.purchase.round.line"]
        proposal = []
        for product in stock:
            offer = RoundLine._values_from_supplierinfo(entries[product], product, self.company_id)
            units, _cases = reorder_units(
                sold[product.id],
                self.sales_days,
                product.qty_available,
                product.incoming_qty,
                self.cover_days,
                case_size=offer["case_size"],
                min_units=offer["min_order_qty"],
            )
            proposal.append(
                {
                    "product_id": product.id,
                    "supplier_uom_id": offer["supplier_uom_id"],
                    "price": offer["price"],
                    "case_size": offer["case_size"],
                    "sold_qty": sold[product.id],
                    "on_hand_qty": product.qty_available,
                    "incoming_qty": product.incoming_qty,
                    "proposed_qty": units,
                }
            )
        return proposal

    def action_create_purchase_order(self):
        self.ensure_one()
        self.env["res.users"]._coop_require(
            PURCHASE_USER, message=self.env._("Only group-order staff propose shop orders.")
        )
        lines = self.line_ids.filtered(lambda line: line.proposed_qty > 0)
        if not lines:
            raise UserError(self.env._("Nothing to order: every proposed quantity is zero."))
        RoundLine = self.env["coop.purchase.round.line"]
        entries = self._supplier_products()
        Order = self.env["purchase.order"].with_company(self.company_id)
        order = Order.create(
            {
                "partner_id": self.supplier_id.id,
                "company_id": self.company_id.id,
                "picking_type_id": self.warehouse_id.in_type_id.id,
                "origin": self.env._("Reorder proposal"),
                **Order._coop_supplier_defaults(self.supplier_id, self.company_id)[
                    self.supplier_id
                ],
            }
        )
        order.order_line = [
            fields.Command.create(
                RoundLine._purchase_line_for(
                    order,
                    line.product_id,
                    line.supplier_uom_id,
                    line.proposed_qty,
                    line.price,
                    entries.get(line.product_id),
                )
            )
            for line in lines
        ]
        return order._get_records_action()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Reorder Proposal"),
        }
