from collections import defaultdict

from odoo import api, models
from odoo.tools import float_compare


class PosOrder(models.Model):
    _inherit = "pos.order"

    @api.model
    def _coop_sale_problems(self, config, partner, lines, order=None):
        """Also: no more of a consignor's goods than they have on hand.

        On hand is what their quants hold in the till's stock location, less what other
        paid orders of open sessions sold without a picking yet (stock updated at closing),
        plus what this order's own picking already took (judged after it was made).
        """
        problems = super()._coop_sale_problems(config, partner, lines, order=order)
        demand = defaultdict(float)
        for product, quantity in self._coop_quantities(lines).items():
            consignor = product.product_tmpl_id.coop_consignor_id
            if consignor:
                demand[(product, consignor)] += quantity
        if order:
            # The consignor on the stored line, frozen when it was sold.
            demand = defaultdict(float)
            for line in order.lines.filtered(lambda li: li.coop_consignor_id and li.qty > 0):
                demand[(line.product_id, line.coop_consignor_id)] += line.qty
        location = config.picking_type_id.default_location_src_id
        for (product, consignor), quantity in demand.items():
            held = consignor._coop_consigned_stock(location).get(product, 0.0)
            available = held - self._coop_pending_quantity(product, consignor, order)
            if order:
                available += order._coop_taken_by_own_picking(product, consignor)
            if float_compare(quantity, available, precision_rounding=product.uom_id.rounding) > 0:
                problems.append(
                    (
                        "stock",
                        self.env._(
                            "Only %(available)s of %(product)s belonging to %(consignor)s "
                            "are in stock, and this order sells %(quantity)s. Check the shelf "
                            "and receive their goods before selling more.",
                            available=max(available, 0.0),
                            product=product.display_name,
                            consignor=consignor.display_name,
                            quantity=quantity,
                        ),
                    )
                )
        return problems

    @api.model
    def _coop_pending_quantity(self, product, consignor, order=None):
        """Quantity of `product` sold for `consignor` by other paid orders still waiting for
        their picking (open sessions that update stock at closing)."""
        domain = [
            ("product_id", "=", product.id),
            ("coop_consignor_id", "=", consignor.id),
            ("order_id.state", "in", ("paid", "done", "invoiced")),
            ("order_id.session_id.state", "!=", "closed"),
            ("order_id.picking_ids", "=", False),
        ]
        if order:
            domain.append(("order_id", "!=", order.id))
        lines = self.env["pos.order.line"].sudo().search(domain)
        return sum(lines.mapped("qty"))

    def _coop_taken_by_own_picking(self, product, consignor):
        self.ensure_one()
        move_lines = self.sudo().picking_ids.move_line_ids.filtered(
            lambda ml: (
                ml.product_id == product
                and ml.owner_id == consignor
                and ml.picking_id.state == "done"
            )
        )
        outgoing = sum(ml.quantity for ml in move_lines if ml.location_dest_id.usage != "internal")
        incoming = sum(ml.quantity for ml in move_lines if ml.location_dest_id.usage == "internal")
        return outgoing - incoming
