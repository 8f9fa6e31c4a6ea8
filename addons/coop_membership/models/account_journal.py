from odoo import fields, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    coop_is_share_capital = fields.Boolean(
        string="Share Capital Journal",
        help="Capital release invoices and share refunds only; no goods.",
    )
