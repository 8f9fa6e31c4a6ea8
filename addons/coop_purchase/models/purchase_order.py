from odoo import fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    coop_round_id = fields.Many2one(
        "coop.purchase.round", string="Group Order", index="btree_not_null"
    )
