from odoo import fields, models


class AccountAccount(models.Model):
    _inherit = "account.account"

    coop_is_share_capital = fields.Boolean(
        string="Share Capital Account", help="Holds members' subscribed share capital."
    )
