from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import UNIT_COST_DIGITS


class CoopPurchaseReorderLine(models.TransientModel):
    _name = "coop.purchase.reorder.line"
    _description = "Shop Reorder Proposal Line"
    _order = "proposed_qty desc, id"

    wizard_id = fields.Many2one("coop.purchase.reorder", required=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    member_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    supplier_uom_id = fields.Many2one("uom.uom", string="Supplier Unit", readonly=True)
    price = fields.Float(digits=UNIT_COST_DIGITS, readonly=True, help="Per unit.")
    case_size = fields.Integer(readonly=True)
    sold_qty = fields.Float(string="Sold", readonly=True, digits="Product Unit of Measure")
    on_hand_qty = fields.Float(string="On Hand", readonly=True, digits="Product Unit of Measure")
    incoming_qty = fields.Float(string="Incoming", readonly=True, digits="Product Unit of Measure")
    proposed_qty = fields.Integer(string="To Order")
    cases = fields.Float(compute="_compute_cases", digits=(16, 2))

    @api.depends("proposed_qty", "case_size")
    def _compute_cases(self):
        for line in self:
            line.cases = line.proposed_qty / line.case_size if line.case_size else 0

    @api.constrains("proposed_qty")
    def _check_proposed_qty(self):
        for line in self:
            if line.proposed_qty < 0:
                raise ValidationError(self.env._("A quantity to order cannot be negative."))
