from odoo import fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    coop_allow_anonymous = fields.Boolean(
        string="Allow Orders Without Customer",
        default=True,
        help="A co-op that must prove it sells only to its members turns this off: "
        "every order at this till then needs a customer who may shop.",
    )
