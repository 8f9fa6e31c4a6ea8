from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_assembly_quorum_ordinary = fields.Float(
        related="company_id.coop_assembly_quorum_ordinary", readonly=False
    )
    coop_assembly_quorum_extraordinary = fields.Float(
        related="company_id.coop_assembly_quorum_extraordinary", readonly=False
    )
    coop_assembly_quorum_min_members = fields.Integer(
        related="company_id.coop_assembly_quorum_min_members", readonly=False
    )
    coop_assembly_max_proxies = fields.Integer(
        related="company_id.coop_assembly_max_proxies", readonly=False
    )
    coop_assembly_notice_days = fields.Integer(
        related="company_id.coop_assembly_notice_days", readonly=False
    )
    coop_assembly_vote_weight = fields.Selection(
        related="company_id.coop_assembly_vote_weight", readonly=False
    )
