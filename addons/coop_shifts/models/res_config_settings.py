from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_shift_cycle_weeks = fields.Integer(
        related="company_id.coop_shift_cycle_weeks", readonly=False
    )
    coop_shift_anchor_date = fields.Date(
        related="company_id.coop_shift_anchor_date", readonly=False
    )
    coop_shift_generate_days = fields.Integer(
        related="company_id.coop_shift_generate_days", readonly=False
    )
    coop_shift_max_per_day = fields.Integer(
        related="company_id.coop_shift_max_per_day", readonly=False
    )
    coop_shift_max_per_period = fields.Integer(
        related="company_id.coop_shift_max_per_period", readonly=False
    )
    coop_shift_period_days = fields.Integer(
        related="company_id.coop_shift_period_days", readonly=False
    )
    coop_shift_cancel_hours = fields.Integer(
        related="company_id.coop_shift_cancel_hours", readonly=False
    )
    coop_shift_points_team_absent = fields.Integer(
        related="company_id.coop_shift_points_team_absent", readonly=False
    )
    coop_shift_points_team_excused = fields.Integer(
        related="company_id.coop_shift_points_team_excused", readonly=False
    )
    coop_shift_points_makeup = fields.Integer(
        related="company_id.coop_shift_points_makeup", readonly=False
    )
    coop_shift_points_flying_attended = fields.Integer(
        related="company_id.coop_shift_points_flying_attended", readonly=False
    )
    coop_shift_points_flying_absent = fields.Integer(
        related="company_id.coop_shift_points_flying_absent", readonly=False
    )
    coop_shift_points_flying_cycle = fields.Integer(
        related="company_id.coop_shift_points_flying_cycle", readonly=False
    )
    coop_shift_alert_days = fields.Integer(
        related="company_id.coop_shift_alert_days", readonly=False
    )
    coop_shift_unsubscribe_threshold = fields.Integer(
        related="company_id.coop_shift_unsubscribe_threshold", readonly=False
    )
    coop_shift_grace_days = fields.Integer(
        related="company_id.coop_shift_grace_days", readonly=False
    )
    coop_shift_on_leave_may_shop = fields.Boolean(
        related="company_id.coop_shift_on_leave_may_shop", readonly=False
    )
    coop_shift_autoclose_hours = fields.Integer(
        related="company_id.coop_shift_autoclose_hours", readonly=False
    )
    coop_shift_autoclose_mark = fields.Selection(
        related="company_id.coop_shift_autoclose_mark", readonly=False
    )
