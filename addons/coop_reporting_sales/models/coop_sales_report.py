from psycopg2 import sql

from odoo import fields, models, tools

from odoo.addons.coop_membership_pos.models.pos_order import PAID_STATES

BUYER_KINDS = [
    ("member", "Member"),
    ("associated", "Household Member"),
    ("other", "Not a Member"),
    ("walk_in", "No Customer Named"),
]


class CoopSalesReport(models.Model):
    """Every sale, one row a basket: a till order paid, or a round's member invoice (and
    its credit notes). A view over what is in the books, so it is never behind them; the
    buyer's kind is their membership as it stands today."""

    _name = "coop.sales.report"
    _description = "Sales to Members"
    _auto = False
    _order = "date desc, id desc"

    name = fields.Char(string="Reference", readonly=True)
    source = fields.Selection(
        [("till", "Till"), ("round", "Group Order")], readonly=True, string="Sold At"
    )
    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Buyer", readonly=True)
    household_id = fields.Many2one(
        "res.partner",
        string="Household",
        readonly=True,
        help="The member whose household the buyer shops in (the buyer when on their own).",
    )
    buyer_kind = fields.Selection(BUYER_KINDS, string="Buyer Is", readonly=True)
    is_refund = fields.Boolean(string="Refund", readonly=True)
    orders = fields.Integer(
        string="Baskets", readonly=True, aggregator="sum", help="Refunds are not baskets."
    )
    amount_untaxed = fields.Monetary(string="Untaxed", readonly=True, aggregator="sum")
    amount_total = fields.Monetary(string="Total", readonly=True, aggregator="sum")
    basket = fields.Monetary(
        string="Average Basket",
        readonly=True,
        aggregator="avg",
        help="A basket's total, taxes included; refunds left out of the average.",
    )
    pos_order_id = fields.Many2one("pos.order", string="Till Order", readonly=True)
    pos_config_id = fields.Many2one("pos.config", string="Till", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    round_id = fields.Many2one("coop.purchase.round", string="Round", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Buyer columns shared by both halves.
        buyer = """
            COALESCE(p.coop_household_head_id, p.id) AS household_id,
            CASE WHEN p.id IS NULL THEN 'walk_in'
                 WHEN p.coop_membership_state IN ('member', 'associated')
                 THEN p.coop_membership_state
                 ELSE 'other' END AS buyer_kind"""
        # A round's invoice has a day but no hour: noon UTC keeps it on its day in any
        # shop's time zone when the reader groups by day, week or month.
        self.env.cr.execute(
            sql.SQL(
                """
            CREATE VIEW {table} AS (
                SELECT 2 * o.id AS id, 'till' AS source, o.name, o.date_order AS date,
                       o.company_id, c.currency_id, o.partner_id, {buyer},
                       o.amount_total < 0 AS is_refund,
                       CASE WHEN o.amount_total < 0 THEN 0 ELSE 1 END AS orders,
                       o.amount_total - o.amount_tax AS amount_untaxed, o.amount_total,
                       CASE WHEN o.amount_total >= 0 THEN o.amount_total END AS basket,
                       o.id AS pos_order_id, s.config_id AS pos_config_id,
                       NULL::integer AS move_id, NULL::integer AS round_id
                  FROM pos_order o
                  JOIN pos_session s ON s.id = o.session_id
                  JOIN res_company c ON c.id = o.company_id
                  LEFT JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.state IN %s
                UNION ALL
                SELECT 2 * m.id + 1, 'round', m.name, m.invoice_date + time '12:00',
                       m.company_id, c.currency_id, m.partner_id, {buyer},
                       m.move_type = 'out_refund',
                       CASE WHEN m.move_type = 'out_refund' THEN 0 ELSE 1 END,
                       m.amount_untaxed_signed, m.amount_total_signed,
                       CASE WHEN m.move_type = 'out_invoice' THEN m.amount_total_signed END,
                       NULL, NULL, m.id, mo.round_id
                  FROM account_move m
                  JOIN coop_purchase_member_order mo
                    ON mo.invoice_id = COALESCE(m.reversed_entry_id, m.id)
                  JOIN res_company c ON c.id = m.company_id
                  LEFT JOIN res_partner p ON p.id = m.partner_id
                 WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
            )"""
            ).format(table=sql.Identifier(self._table), buyer=sql.SQL(buyer)),
            (PAID_STATES,),
        )
