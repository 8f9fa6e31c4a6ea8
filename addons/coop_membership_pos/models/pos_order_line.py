from odoo import api, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    def _coop_sale_line(self):
        """What pos.order._coop_sale_problems judges of a stored line."""
        self.ensure_one()
        return {"product": self.product_id, "qty": self.qty}

    @api.model
    def _coop_sale_line_from_till(self, product, qty, more):
        """The same, for a line a till asks about before payment (`more` from its JS)."""
        return {"product": product, "qty": qty}

    # A line moved onto a paid order, or changed there, changes what was sold: the order is
    # judged again as stored, like after any other path that changes a paid order.
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env["pos.order"]._coop_in_till_sync():
            lines.order_id._coop_review_sale()
        return lines

    def write(self, vals):
        orders_before = self.order_id
        res = super().write(vals)
        if not self.env["pos.order"]._coop_in_till_sync() and (
            {"order_id", "product_id", "qty"} & set(vals)
        ):
            (orders_before | self.order_id)._coop_review_sale()
        return res
