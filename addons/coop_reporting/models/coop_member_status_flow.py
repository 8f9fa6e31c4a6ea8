from odoo import fields, models, tools


class CoopMemberStatusFlow(models.Model):
    """Members who moved from one status to another between two snapshots: the flows a
    board asks about (how many went into alert, were suspended, came back, left)."""

    _name = "coop.member.status.flow"
    _description = "Flows between Statuses"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    status_from = fields.Selection(selection="_status_selection", string="From", readonly=True)
    status_to = fields.Selection(selection="_status_selection", string="To", readonly=True)

    def _status_selection(self):
        return self.env["res.partner"]._coop_status_selection()

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT s.id, s.date, s.company_id, s.partner_id,
                       s.previous AS status_from, s.status AS status_to
                  FROM (
                    SELECT id, date, company_id, partner_id, status,
                           lag(status) OVER (PARTITION BY company_id, partner_id
                                             ORDER BY date) AS previous
                      FROM coop_member_snapshot
                  ) s
                 WHERE s.previous IS DISTINCT FROM s.status AND s.previous IS NOT NULL
            )
            """
        )
