from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_consignment_account_id = fields.Many2one(
        related="company_id.coop_consignment_account_id", readonly=False
    )
