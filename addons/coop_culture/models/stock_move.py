from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _update_reserved_quantity(
        self, need, location_id, lot_id=None, package_id=None, owner_id=None, strict=True
    ):
        # A move restricted to an owner reserves only that owner's goods, so a sale of a
        # consigned record never takes the co-op's own stock or another artist's.
        if not owner_id and self.restrict_partner_id:
            owner_id = self.restrict_partner_id
        return super()._update_reserved_quantity(
            need,
            location_id,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
        )

    def _prepare_move_line_vals(self, quantity=None, reserved_quant=None):
        vals = super()._prepare_move_line_vals(quantity=quantity, reserved_quant=reserved_quant)
        # Goods coming back (a till refund) are the consignor's again, not the co-op's; and
        # goods sold beyond what was reserved (a till's oversold sale, recorded and flagged)
        # leave the consignor's count, never the co-op's own stock or another artist's.
        if not reserved_quant and not vals.get("owner_id") and self.restrict_partner_id:
            vals["owner_id"] = self.restrict_partner_id.id
        return vals
