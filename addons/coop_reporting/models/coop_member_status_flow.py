from odoo import fields, models


class CoopMemberStatusFlow(models.Model):
    """A member who moved from one status to another since the day before's snapshot:
    the flows a board asks about (how many went into alert, were suspended, came back,
    left). Written with each snapshot, one row per move, so reading a year of them does
    not mean comparing a year of snapshots."""

    _name = "coop.member.status.flow"
    _description = "Flows between Statuses"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _log_access = False

    date = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, readonly=True, ondelete="cascade"
    )
    status_from = fields.Selection(selection="_status_selection", string="From", readonly=True)
    status_to = fields.Selection(selection="_status_selection", string="To", readonly=True)

    def _status_selection(self):
        return self.env["res.partner"]._coop_status_selection()
