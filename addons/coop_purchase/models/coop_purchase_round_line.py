from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .coop_purchase_round import ALLOCATED_STATES


class CoopPurchaseRoundLine(models.Model):
    """A product on offer in a round, from one supplier, sold to members in whole units."""

    _name = "coop.purchase.round.line"
    _description = "Group Order Offer Line"
    _order = "round_id, supplier_id, product_id"

    round_id = fields.Many2one("coop.purchase.round", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="round_id.company_id", store=True)
    currency_id = fields.Many2one(related="round_id.currency_id")
    product_id = fields.Many2one("product.product", required=True)
    supplier_id = fields.Many2one("res.partner", string="Supplier", required=True)
    price = fields.Monetary(string="Supplier Price", help="Per member unit, before markup.")
    case_size = fields.Integer(
        required=True, default=1, help="Member units in one of the supplier's cases."
    )
    min_order_qty = fields.Integer(string="Minimum Order (units)")
    max_per_member = fields.Integer(help="0 means no limit.")
    by_weight = fields.Boolean(
        compute="_compute_by_weight", store=True, help="Sold by weight or volume: no case rounding."
    )
    member_price = fields.Monetary(compute="_compute_member_price")
    ordered_qty = fields.Integer(compute="_compute_totals")
    tolerance_qty = fields.Integer(compute="_compute_totals")
    supplier_dropped = fields.Boolean(
        readonly=True, help="The supplier's minimum order was missed: nothing was ordered."
    )
    cases_ordered = fields.Integer(readonly=True)
    units_ordered = fields.Integer(readonly=True)

    received_qty = fields.Integer(
        string="Received", readonly=True, copy=False, help="Units the receipts brought in."
    )
    surplus_qty = fields.Integer(
        string="Surplus",
        readonly=True,
        copy=False,
        help="Units received beyond what the members get: they stay in the shop's stock.",
    )
    member_line_ids = fields.One2many("coop.purchase.member.line", "round_line_id")
    distribution = fields.Char(
        string="Who Gets How Much",
        compute="_compute_distribution",
        help="Members and their quantities: allocated once the round is closed, ordered before.",
    )

    _sql_constraints = [
        (
            "product_supplier_once",
            "unique(round_id, product_id, supplier_id)",
            "A product is offered once per supplier in a round.",
        ),
    ]

    @api.depends("product_id.uom_id.category_id")
    def _compute_by_weight(self):
        weight = self.env.ref("uom.product_uom_categ_kgm", raise_if_not_found=False)
        volume = self.env.ref("uom.product_uom_categ_vol", raise_if_not_found=False)
        for line in self:
            line.by_weight = line.product_id.uom_id.category_id in (weight | volume)

    @api.depends("price", "round_id.markup_percent", "product_id.taxes_id")
    def _compute_member_price(self):
        for line in self:
            base = line.price * (1 + (line.round_id.markup_percent or 0) / 100)
            company = line.company_id
            taxes = line.product_id.taxes_id.filtered(lambda t, c=company: t.company_id == c)
            line.member_price = (
                taxes.compute_all(base, line.currency_id)["total_included"] if taxes else base
            )

    def _compute_totals(self):
        totals = self.round_id._member_totals() if self.round_id else {}
        for line in self:
            line.ordered_qty, line.tolerance_qty = totals.get(line.id, (0, 0))

    @api.constrains("case_size", "min_order_qty", "max_per_member")
    def _check_numbers(self):
        for line in self:
            if line.case_size < 1:
                raise ValidationError(self.env._("A case holds at least one unit."))
            if line.min_order_qty < 0 or line.max_per_member < 0:
                raise ValidationError(self.env._("Minimums and maximums cannot be negative."))

    @api.depends("member_line_ids.allocated_qty", "member_line_ids.quantity", "round_id.state")
    def _compute_distribution(self):
        for line in self:
            field = "allocated_qty" if line.round_id.state in ALLOCATED_STATES else "quantity"
            parts = [
                f"{m.partner_id.name}: {m[field]}"
                for m in line.member_line_ids.sorted(lambda m: m.partner_id.name or "")
                if m[field] > 0
            ]
            line.distribution = ", ".join(parts)

    def _member_unit_base(self):
        """The member price per unit before tax (supplier price plus markup)."""
        self.ensure_one()
        return self.price * (1 + (self.round_id.markup_percent or 0) / 100)

    def _member_taxes(self):
        self.ensure_one()
        company = self.company_id
        return self.product_id.taxes_id.filtered(lambda t, c=company: t.company_id == c)
