from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import MONEY_GROUPS


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
        string="Balance",
        compute="_compute_coop_purchase_balance",
        currency_field="coop_purchase_balance_currency_id",
        groups=MONEY_GROUPS,
        help="What the members' account says this person has with the co-op in this company: "
        "money paid in ahead less goods charged (negative: what they owe).",
    )
    coop_purchase_balance_currency_id = fields.Many2one(
        "res.currency", compute="_compute_coop_purchase_balance"
    )

    @api.depends_context("company")
    def _compute_coop_purchase_balance(self):
        company = self.env.company
        balances = self._coop_account_balances(company)
        for partner in self:
            partner.coop_purchase_balance = balances[partner.commercial_partner_id.id]
            partner.coop_purchase_balance_currency_id = company.currency_id

    @api.model
    def _coop_purchase_account_lines_action(self):
        """Members' balances: the posted journal items of the members' account of the
        companies the user works in, grouped by member."""
        accounts = self.env["account.account"]
        for company in self.env.companies:
            accounts |= company._coop_member_account()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_purchase.action_coop_purchase_member_account_lines"
        )
        action["domain"] = [
            ("account_id", "in", accounts.ids),
            ("company_id", "in", self.env.companies.ids),
            ("parent_state", "=", "posted"),
            ("partner_id", "!=", False),
        ]
        return action

    def _coop_pay_out_balance(self, amount, journal, date=None, memo=None):
        """Pay back to this person money they hold on the members' account: a posted outbound
        customer payment from that account, never more than their balance."""
        self.ensure_one()
        company = journal.company_id
        partner = self.commercial_partner_id
        if journal.type not in ("bank", "cash"):
            raise ValidationError(
                self.env._("A refund is paid from a bank or cash journal, not %s.", journal.name)
            )
        partner._coop_check_pay_out_amount(amount, company)
        with self.env.cr.savepoint():
            payment = (
                self.env["account.payment"]
                .with_company(company)
                .create(
                    {
                        "payment_type": "outbound",
                        "partner_type": "customer",
                        "partner_id": partner.id,
                        "amount": amount,
                        "journal_id": journal.id,
                        "date": date or shop_today(self),
                        "memo": memo or self.env._("Balance refunded to %s", partner.name),
                        "destination_account_id": company._coop_member_account().id,
                    }
                )
            )
            payment.action_post()
            # A refund with no entry would leave the balance as it was, to be refunded again.
            payment._coop_check_in_the_books()
        return payment

    def _coop_personal_data_export(self):
        data = super()._coop_personal_data_export()
        orders = (
            self.env["coop.purchase.member.order"]
            .sudo()
            .search([("partner_id", "=", self.id)], order="id")
        )
        data["basket_orders"] = [
            {
                "round": order.round_id.name,
                "pickup_date": order.pickup_date,
                "collected": order.collected,
                "invoice": order.invoice_id.name or "",
                "lines": [
                    {
                        "product": line.round_line_id.product_id.display_name,
                        "quantity": line.quantity,
                        "tolerance": line.tolerance,
                        "allocated": line.allocated_qty,
                    }
                    for line in order.line_ids
                ],
            }
            for order in orders
        ]
        return data
