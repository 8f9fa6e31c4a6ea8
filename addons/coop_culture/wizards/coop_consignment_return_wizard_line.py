from odoo import fields, models


class CoopConsignmentReturnWizardLine(models.TransientModel):
    _name = "coop.consignment.return.wizard.line"
    _description = "Goods to Return to a Consignor"

    wizard_id = fields.Many2one("coop.consignment.return.wizard", required=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", required=True)
    quantity = fields.Float(string="To Return", digits="Product Unit of Measure")
