from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_till_min_balance = fields.Monetary(
        related="company_id.coop_till_min_balance", readonly=False
    )
    pos_coop_allow_anonymous = fields.Boolean(
        related="pos_config_id.coop_allow_anonymous", readonly=False
    )
    pos_coop_review_user_ids = fields.Many2many(
        related="pos_config_id.coop_review_user_ids", readonly=False
    )
