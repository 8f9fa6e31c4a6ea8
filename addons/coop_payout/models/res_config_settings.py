from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_commission_account_id = fields.Many2one(
        related="company_id.coop_commission_account_id", readonly=False
    )
    coop_consignment_journal_id = fields.Many2one(
        related="company_id.coop_consignment_journal_id", readonly=False
    )
    coop_commission_tax_id = fields.Many2one(
        related="company_id.coop_commission_tax_id", readonly=False
    )
