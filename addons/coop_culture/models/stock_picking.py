from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _prepare_stock_move_vals(self, first_line, order_lines):
        vals = super()._prepare_stock_move_vals(first_line, order_lines)
        consignor = order_lines.coop_consignor_id[:1]
        if consignor:
            vals["restrict_partner_id"] = consignor.id
        return vals
