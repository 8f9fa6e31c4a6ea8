from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_capital_journal_id = fields.Many2one(
        related="company_id.coop_capital_journal_id", readonly=False
    )
    coop_capital_account_id = fields.Many2one(
        related="company_id.coop_capital_account_id", readonly=False
    )
    coop_member_account_id = fields.Many2one(
        related="company_id.coop_member_account_id", readonly=False
    )
    coop_online_top_up_max = fields.Monetary(
        related="company_id.coop_online_top_up_max", readonly=False
    )
    coop_sellback_delay_months = fields.Integer(
        related="company_id.coop_sellback_delay_months", readonly=False
    )
    coop_household_max = fields.Integer(related="company_id.coop_household_max", readonly=False)
    coop_erase_after_years = fields.Integer(
        related="company_id.coop_erase_after_years", readonly=False
    )
