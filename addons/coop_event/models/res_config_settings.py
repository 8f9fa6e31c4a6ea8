from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_ticket_hold_minutes = fields.Integer(
        related="company_id.coop_ticket_hold_minutes", readonly=False
    )
