from collections import defaultdict

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _process_saved_order(self, draft):
        # Checked here, on the saved order and before its picking exists, because Odoo
        # swallows errors raised later (action_pos_order_paid) and the whole sync must fail.
        if not draft:
            self._coop_check_consigned_stock()
        return super()._process_saved_order(draft)

    def _coop_check_consigned_stock(self):
        """Refuse an order that sells more of a consignor's goods than they have on hand.

        On hand is what their quants hold in the till's stock location, less what earlier
        orders of open sessions sold without a picking yet (stock updated at closing).
        """
        for order in self:
            demand = defaultdict(float)
            for line in order.lines.filtered(lambda li: li.coop_consignor_id and li.qty > 0):
                demand[(line.product_id, line.coop_consignor_id)] += line.qty
            if not demand:
                continue
            location = order.config_id.picking_type_id.default_location_src_id
            for (product, consignor), quantity in demand.items():
                held = consignor._coop_consigned_stock(location).get(product, 0.0)
                pending = order._coop_pending_quantity(product, consignor)
                available = held - pending
                if (
                    float_compare(quantity, available, precision_rounding=product.uom_id.rounding)
                    > 0
                ):
                    raise UserError(
                        self.env._(
                            "Only %(available)s of %(product)s belonging to %(consignor)s "
                            "are in stock, and this order sells %(quantity)s. Check the shelf "
                            "and receive their goods before selling more.",
                            available=max(available, 0.0),
                            product=product.display_name,
                            consignor=consignor.display_name,
                            quantity=quantity,
                        )
                    )

    def _coop_pending_quantity(self, product, consignor):
        """Quantity of `product` sold for `consignor` by other paid orders still waiting for
        their picking (open sessions that update stock at closing)."""
        self.ensure_one()
        lines = (
            self.env["pos.order.line"]
            .sudo()
            .search(
                [
                    ("product_id", "=", product.id),
                    ("coop_consignor_id", "=", consignor.id),
                    ("order_id", "!=", self.id),
                    ("order_id.state", "in", ("paid", "done", "invoiced")),
                    ("order_id.session_id.state", "!=", "closed"),
                    ("order_id.picking_ids", "=", False),
                ]
            )
        )
        return sum(lines.mapped("qty"))
