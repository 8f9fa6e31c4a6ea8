from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_purchase_min_amount = fields.Monetary(
        string="Minimum Group Order",
        currency_field="coop_purchase_currency_id",
        help="A supplier's minimum order amount: a round that misses it drops this supplier.",
    )
    coop_purchase_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )
    coop_purchase_balance = fields.Monetary(
        string="Prepaid Balance",
        compute="_compute_coop_purchase_balance",
        currency_field="coop_purchase_balance_currency_id",
        help="What is left on the member's prepaid group-order account in this company.",
    )
    coop_purchase_balance_currency_id = fields.Many2one(
        "res.currency", compute="_compute_coop_purchase_balance"
    )

    @api.depends_context("company")
    def _compute_coop_purchase_balance(self):
        company = self.env.company
        balances = self.env["coop.purchase.account.move"]._balances(self, company)
        for partner in self:
            partner.coop_purchase_balance = balances[partner.commercial_partner_id.id]
            partner.coop_purchase_balance_currency_id = company.currency_id
