from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_group_hours_cap = fields.Float(related="company_id.coop_group_hours_cap", readonly=False)
    coop_group_hours_per_shift = fields.Float(
        related="company_id.coop_group_hours_per_shift", readonly=False
    )
    coop_info_session_on_join = fields.Boolean(
        related="company_id.coop_info_session_on_join", readonly=False
    )
    coop_info_session_required = fields.Boolean(
        related="company_id.coop_info_session_required", readonly=False
    )
