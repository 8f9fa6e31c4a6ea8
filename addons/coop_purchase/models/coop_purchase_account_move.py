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
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
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
