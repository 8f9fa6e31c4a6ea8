from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_till_min_balance = fields.Monetary(
        string="Lowest Balance at the Till",
        currency_field="currency_id",
        default=0.0,
        help="A member paying from their account at the till (the Customer Account payment "
        "method) may not take it below this. Zero: only what they paid in ahead.",
    )
