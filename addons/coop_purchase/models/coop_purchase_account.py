from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

KINDS = [
    ("topup", "Top-up"),
    ("charge", "Charge"),
    ("refund", "Refund"),
    ("correction", "Correction"),
]


class CoopPurchaseAccountMove(models.Model):
    """One line of a member's prepaid account: an audit ledger, never changed once written.

    A mistake is put right by a new ``correction`` line saying why.
    """

    _name = "coop.purchase.account.move"
    _description = "Prepaid Member Account Line"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    amount = fields.Monetary(
        required=True, help="Positive: money paid in. Negative: money spent from the account."
    )
    kind = fields.Selection(KINDS, required=True, default="topup")
    round_id = fields.Many2one(
        "coop.purchase.round", string="Round", index="btree_not_null", ondelete="restrict"
    )
    member_order_id = fields.Many2one(
        "coop.purchase.member.order",
        string="Member Order",
        index="btree_not_null",
        ondelete="restrict",
    )
    note = fields.Char()

    @api.constrains("amount", "kind", "note")
    def _check_amount(self):
        for move in self:
            sign = move.currency_id.compare_amounts(move.amount, 0)
            if sign == 0:
                raise ValidationError(self.env._("An account line needs an amount."))
            if move.kind in ("topup", "refund") and sign < 0:
                raise ValidationError(self.env._("A top-up or refund must be a positive amount."))
            if move.kind == "charge" and sign > 0:
                raise ValidationError(self.env._("A charge must be a negative amount."))
            if move.kind == "correction" and not move.note:
                raise ValidationError(self.env._("Say why in the note of a correction."))

    def write(self, vals):
        if vals:
            raise UserError(
                self.env._(
                    "Account lines cannot be changed: add a correction line with a note instead."
                )
            )
        return True

    def unlink(self):
        raise UserError(
            self.env._(
                "Account lines cannot be deleted: add a correction line with a note instead."
            )
        )

    @api.model
    def _balances(self, partners, company):
        """{commercial partner id: balance} in `company`."""
        commercial = partners.commercial_partner_id
        balances = defaultdict(float)
        for partner, amount in self.sudo()._read_group(
            [("partner_id", "in", commercial.ids), ("company_id", "=", company.id)],
            ["partner_id"],
            ["amount:sum"],
        ):
            balances[partner.id] = amount
        return balances

    @api.model
    def _balance(self, partner, company):
        return self._balances(partner, company)[partner.commercial_partner_id.id]

    @api.model
    def _top_up(self, partner, amount, note=False, company=None):
        """Money paid in by `partner`: a new positive line."""
        company = company or self.env.company
        if company.currency_id.compare_amounts(amount, 0) <= 0:
            raise ValidationError(self.env._("A top-up must be a positive amount."))
        return self.create(
            {
                "partner_id": partner.commercial_partner_id.id,
                "company_id": company.id,
                "amount": amount,
                "kind": "topup",
                "note": note,
            }
        )


class CoopPurchaseRound(models.Model):
    """Prepaid rounds charge the members' accounts instead of invoicing them."""

    _inherit = "coop.purchase.round"

    settlement_mode = fields.Selection(
        [("invoice", "Invoice Each Member"), ("prepaid", "Charge Prepaid Accounts")],
        required=True,
        default="invoice",
        help="Prepaid: settling charges each member's prepaid account; no invoice is made.",
    )
    account_move_count = fields.Integer(compute="_compute_account_move_count")

    def _compute_account_move_count(self):
        counts = dict(
            self.env["coop.purchase.account.move"]._read_group(
                [("round_id", "in", self.ids)], ["round_id"], ["__count"]
            )
        )
        for round_ in self:
            round_.account_move_count = counts.get(round_, 0)

    def _sale_journal(self):
        if self.settlement_mode == "prepaid":
            return self.env["account.journal"]
        return super()._sale_journal()

    def _settle(self, journal, transport):
        if self.settlement_mode != "prepaid":
            return super()._settle(journal, transport)
        self._charge_accounts()
        self.write({"state": "settled"})
        return True

    def _orders_to_charge(self):
        self.ensure_one()
        return self.order_ids.filtered(
            lambda o: any(line.allocated_qty > 0 for line in o.line_ids)
        ).sorted("id")

    def _charge_accounts(self):
        """One negative line per member order with goods; an order charged once is skipped."""
        self.ensure_one()
        orders = self._orders_to_charge()
        shares = self._transport_shares(orders)
        Ledger = self.env["coop.purchase.account.move"].sudo()
        charged = Ledger.search(
            [("member_order_id", "in", orders.ids), ("kind", "=", "charge")]
        ).member_order_id
        values = []
        for order in orders - charged:
            total = self.currency_id.round(order._goods_value()) + shares.get(order, 0.0)
            if self.currency_id.is_zero(total):
                continue
            values.append(
                {
                    "partner_id": order.partner_id.commercial_partner_id.id,
                    "company_id": self.company_id.id,
                    "amount": -total,
                    "kind": "charge",
                    "round_id": self.id,
                    "member_order_id": order.id,
                    "note": self.env._("Goods and transport, %s", self.name),
                }
            )
        return Ledger.create(values)

    def action_view_account_moves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "coop.purchase.account.move",
            "name": self.env._("Account Charges"),
            "view_mode": "list,form",
            "domain": [("round_id", "=", self.id)],
        }


class CoopPurchaseMemberLine(models.Model):
    _inherit = "coop.purchase.member.line"

    def _check_change(self, vals):
        super()._check_change(vals)
        self._check_prepaid_balance(vals)

    def _check_prepaid_balance(self, vals):
        """In a prepaid round, asking for more needs a balance at or above the minimum."""
        self.ensure_one()
        round_ = self.round_line_id.round_id
        if round_.settlement_mode != "prepaid":
            return
        increases = any(
            int(vals.get(f, self[f]) or 0) > (self[f] or 0) for f in ("quantity", "tolerance")
        )
        if not increases:
            return
        company = round_.company_id
        minimum = company.coop_purchase_min_balance
        balance = self.env["coop.purchase.account.move"]._balance(self.order_id.partner_id, company)
        if round_.currency_id.compare_amounts(balance, minimum) < 0:
            raise UserError(
                self.env._(
                    "Your prepaid balance is %(balance)s, below the %(minimum)s needed to order. "
                    "Please top up your account first; you can still lower your order.",
                    balance=round_.currency_id.format(balance),
                    minimum=round_.currency_id.format(minimum),
                )
            )
