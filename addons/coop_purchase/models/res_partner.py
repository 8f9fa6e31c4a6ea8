from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_purchase_min_amount = fields.Monetary(
        string="Minimum Group Order",
        currency_field="coop_purchase_currency_id",
        help="A supplier's minimum order amount: a round that misses it drops this supplier.",
    )
    coop_purchase_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )
