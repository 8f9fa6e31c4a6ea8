from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    coop_open_to_public = fields.Boolean(
        string="Sold to Non-Members",
        help="Anyone may buy it at the till, member or not, e.g. concert tickets at the public "
        "price or goods sold for local makers. An order made only of such products needs no "
        "member.",
    )
