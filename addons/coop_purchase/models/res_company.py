from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_purchase_min_balance = fields.Monetary(
        string="Minimum Prepaid Balance",
        default=0.0,
        help="In prepaid group orders, members below this balance may not order more.",
    )
