from odoo import fields, models

from odoo.addons.coop_membership.models.res_partner import MEMBERSHIP_STATES


class CoopMemberCount(models.Model):
    """The day's snapshot added up: how many members in each status, class and team, and
    their capital. A few dozen rows a day instead of one per member, so the graphs over
    years stay quick; the per-member snapshot is there to see who."""

    _name = "coop.member.count"
    _description = "Members Counted"
    _order = "date desc"
    _log_access = False

    date = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    membership_state = fields.Selection(MEMBERSHIP_STATES, readonly=True)
    status = fields.Selection(selection="_status_selection", readonly=True)
    may_shop = fields.Boolean(readonly=True)
    share_type_id = fields.Many2one("coop.share.type", string="Share Class", readonly=True)
    shift_mode = fields.Selection(
        [("team", "Team"), ("flying", "Flying"), ("exempt", "Exempt")],
        string="Worker Mode",
        readonly=True,
    )
    team_id = fields.Many2one("coop.shift.template", string="Team", readonly=True)
    members = fields.Integer(readonly=True, aggregator="sum")
    capital = fields.Float(readonly=True, aggregator="sum", digits=(16, 2))
    shares = fields.Integer(readonly=True, aggregator="sum")
    makeups_owed = fields.Integer(string="Make-ups Owed", readonly=True, aggregator="sum")
    members_owing = fields.Integer(string="Members Owing Make-ups", readonly=True, aggregator="sum")

    def _status_selection(self):
        return self.env["res.partner"]._coop_status_selection()
