from odoo import api, fields, models

from odoo.addons.coop_membership.models.res_partner import MEMBERSHIP_STATES


class CoopMemberSnapshot(models.Model):
    """How each member stood at the end of a day: written once a day for everyone who is
    or was a member, in one statement, from the values the suite keeps stored (status,
    shares, capital, counters) and the team they were in that day. The graphs over time
    read these rows; nothing here is typed by hand."""

    _name = "coop.member.snapshot"
    _description = "Member Snapshot"
    _order = "date desc, partner_id"
    _rec_name = "partner_id"
    _log_access = False

    date = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    membership_state = fields.Selection(MEMBERSHIP_STATES, readonly=True)
    status = fields.Selection(
        selection="_status_selection",
        readonly=True,
        help="The co-op status that day, shift status included.",
    )
    may_shop = fields.Boolean(readonly=True)
    share_type_id = fields.Many2one(
        "coop.share.type",
        string="Share Class",
        readonly=True,
        help="The class the member held most shares of.",
    )
    shares = fields.Integer(readonly=True, aggregator="sum")
    capital = fields.Float(readonly=True, aggregator="sum", digits=(16, 2))
    shift_mode = fields.Selection(
        [("team", "Team"), ("flying", "Flying"), ("exempt", "Exempt")],
        string="Worker Mode",
        readonly=True,
    )
    standard_points = fields.Integer(readonly=True, aggregator="sum")
    flying_points = fields.Integer(readonly=True, aggregator="sum")
    team_id = fields.Many2one("coop.shift.template", string="Team", readonly=True)
    makeups_owed = fields.Integer(
        string="Make-ups Owed",
        readonly=True,
        aggregator="sum",
        help="Shifts the member had to make up that day, as their status says it.",
    )

    _sql_constraints = [
        ("one_a_day", "unique(date, company_id, partner_id)", "One snapshot a member a day."),
    ]

    @api.model
    def _status_selection(self):
        return self.env["res.partner"]._coop_status_selection()

    @api.model
    def _coop_take(self, company=None, day=None):
        """Write the day's snapshot of every member and former member of `company` (the
        shop's today by default), replacing one already taken that day: run twice, it
        counts once."""
        company = company or self.env.company
        day = day or company._coop_shift_today()
        self.env["res.partner"].flush_model()
        self.env["coop.share.line"].flush_model()
        self.env["coop.shift.team.membership"].flush_model()
        self.env.cr.execute(
            "DELETE FROM coop_member_snapshot WHERE date = %s AND company_id = %s",
            (day, company.id),
        )
        self.env.cr.execute(
            """
            INSERT INTO coop_member_snapshot (
                date, company_id, partner_id, membership_state, status, may_shop,
                share_type_id, shares, capital, shift_mode, standard_points, flying_points,
                team_id)
            SELECT %(day)s, %(company)s, p.id, p.coop_membership_state, p.coop_status_stored,
                   COALESCE(p.coop_can_shop_stored, FALSE),
                   (SELECT l.share_type_id FROM coop_share_line l
                     WHERE l.partner_id = p.id AND l.company_id = %(company)s
                       AND l.date <= %(day)s
                     GROUP BY l.share_type_id HAVING sum(l.quantity) > 0
                     ORDER BY sum(l.quantity) DESC, l.share_type_id LIMIT 1),
                   COALESCE(p.coop_share_count, 0), COALESCE(p.coop_capital_amount, 0),
                   p.coop_shift_mode,
                   COALESCE(p.coop_shift_standard_points, 0),
                   COALESCE(p.coop_shift_flying_points, 0),
                   (SELECT m.template_id FROM coop_shift_team_membership m
                     WHERE m.partner_id = p.id AND m.date_start <= %(day)s
                       AND (m.date_end IS NULL OR m.date_end >= %(day)s)
                     ORDER BY m.date_start DESC LIMIT 1)
              FROM res_partner p
             WHERE p.coop_membership_state IN ('member', 'former')
            """,
            {"day": day, "company": company.id},
        )
        count = self.env.cr.rowcount
        self._coop_write_makeups_owed(company, day)
        self._coop_derive(company, day)
        self.invalidate_model()
        return count

    def _coop_write_makeups_owed(self, company, day):
        """Make-ups owed, from the shifts' own rule, for the few whose counter is below
        zero (nobody else owes any): one UPDATE per distinct count."""
        self.env.cr.execute(
            """
            SELECT partner_id FROM coop_member_snapshot
             WHERE date = %s AND company_id = %s AND (standard_points < 0 OR flying_points < 0)
            """,
            (day, company.id),
        )
        partner_ids = [row[0] for row in self.env.cr.fetchall()]
        by_count = {}
        partners = self.env["res.partner"].sudo().with_company(company).browse(partner_ids)
        for partner in partners:
            by_count.setdefault(partner._coop_shift_makeups_owed(), []).append(partner.id)
        for owed, ids in by_count.items():
            self.env.cr.execute(
                """
                UPDATE coop_member_snapshot SET makeups_owed = %s
                 WHERE date = %s AND company_id = %s AND partner_id = ANY(%s)
                """,
                (owed, day, company.id, ids),
            )

    def _coop_derive(self, company, day):
        """From the day's snapshot: the totals the graphs read, and who changed status
        since the last snapshot before it."""
        params = {"day": day, "company": company.id}
        for table in ("coop_member_count", "coop_member_status_flow"):
            self.env.cr.execute(
                f"DELETE FROM {table} WHERE date = %(day)s AND company_id = %(company)s",
                params,
            )
        self.env.cr.execute(
            """
            INSERT INTO coop_member_count (
                date, company_id, membership_state, status, may_shop, share_type_id,
                shift_mode, team_id, members, capital, shares, makeups_owed, members_owing)
            SELECT date, company_id, membership_state, status, may_shop, share_type_id,
                   shift_mode, team_id, count(*), sum(capital), sum(shares),
                   sum(COALESCE(makeups_owed, 0)), count(*) FILTER (WHERE makeups_owed > 0)
              FROM coop_member_snapshot
             WHERE date = %(day)s AND company_id = %(company)s
             GROUP BY date, company_id, membership_state, status, may_shop, share_type_id,
                      shift_mode, team_id
            """,
            params,
        )
        self.env["coop.member.count"].invalidate_model()
        self.env.cr.execute(
            "SELECT max(date) FROM coop_member_snapshot WHERE company_id = %(company)s "
            "AND date < %(day)s",
            params,
        )
        params["before"] = self.env.cr.fetchone()[0]
        if not params["before"]:
            return  # the first snapshot: nobody moved yet
        # Tens of thousands of rows just came in, unseen by the planner's statistics until
        # autovacuum passes: without them it would compare every pair of the two days.
        self.env.cr.execute("ANALYZE coop_member_snapshot")
        self.env.cr.execute(
            """
            INSERT INTO coop_member_status_flow (
                date, company_id, partner_id, status_from, status_to)
            SELECT today.date, today.company_id, today.partner_id, before.status, today.status
              FROM coop_member_snapshot today
              JOIN coop_member_snapshot before
                ON before.partner_id = today.partner_id
               AND before.company_id = today.company_id
               AND before.date = %(before)s
             WHERE today.date = %(day)s AND today.company_id = %(company)s
               AND before.status IS DISTINCT FROM today.status
            """,
            params,
        )
        self.env["coop.member.status.flow"].invalidate_model()

    @api.model
    def _cron_take_snapshots(self):
        for company in self.env["res.company"].search([]):
            self._coop_take(company)
