from odoo import api, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    # A line moved onto a paid order, or changed there, changes what was sold: the order is
    # judged again as stored, like after any other path that changes a paid order.
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.context.get("coop_defer_sale_review"):
            lines.order_id._coop_review_sale()
        return lines

    def write(self, vals):
        orders_before = self.order_id
        res = super().write(vals)
        if not self.env.context.get("coop_defer_sale_review") and (
            {"order_id", "product_id", "qty"} & set(vals)
        ):
            (orders_before | self.order_id)._coop_review_sale()
        return res
