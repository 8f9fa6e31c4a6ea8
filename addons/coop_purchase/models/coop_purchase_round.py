from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..kernels.allocation import allocate
from ..kernels.cases import cases_to_order

POLICIES = [
    ("first_come", "First Come, First Served"),
    ("proportional", "Proportional"),
    ("fair_tolerance", "Fair Tolerance"),
]


class CoopPurchaseRound(models.Model):
    """A group order: members order from suppliers' catalogues until it closes."""

    _name = "coop.purchase.round"
    _description = "Group Order Round"
    _inherit = ["mail.thread"]
    _order = "date_close desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    supplier_ids = fields.Many2many("res.partner", string="Suppliers", required=True)
    date_open = fields.Datetime(string="Opens", required=True, default=fields.Datetime.now)
    date_close = fields.Datetime(string="Closes", required=True, tracking=True)
    date_box_fill = fields.Datetime(
        string="Box-fill From",
        help="From then on, a change may not reduce the number of full cases.",
    )
    pickup_date = fields.Date()
    pickup_place = fields.Char()
    participant_category_id = fields.Many2one(
        "res.partner.category",
        string="Participants Tag",
        help="Before the group has share classes, people with this tag may order. "
        "Once it has, the membership rule decides.",
    )
    markup_percent = fields.Float(string="Markup (%)", help="Added to supplier prices for members.")
    allocation_policy = fields.Selection(POLICIES, required=True, default="fair_tolerance")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("open", "Open"),
            ("closed", "Closed"),
            ("received", "Received"),
            ("settled", "Settled"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    line_ids = fields.One2many("coop.purchase.round.line", "round_id", string="Offer", copy=True)
    order_ids = fields.One2many("coop.purchase.member.order", "round_id", string="Member Orders")
    purchase_ids = fields.One2many("purchase.order", "coop_round_id", string="Purchase Orders")
    purchase_count = fields.Integer(compute="_compute_purchase_count")

    @api.constrains("date_open", "date_close", "date_box_fill")
    def _check_dates(self):
        for round_ in self:
            if round_.date_close <= round_.date_open:
                raise ValidationError(self.env._("A round must close after it opens."))
            if round_.date_box_fill and not (
                round_.date_open <= round_.date_box_fill <= round_.date_close
            ):
                raise ValidationError(self.env._("Box filling happens while the round is open."))

    def _compute_purchase_count(self):
        for round_ in self:
            round_.purchase_count = len(round_.purchase_ids)

    def copy(self, default=None):
        default = dict(default or {})
        default.setdefault("name", self.env._("%s (next)", self.name))
        return super().copy(default)

    # ------------------------------------------------------------ who may order

    def _may_order(self, partner):
        """Members who may shop, or before any share class exists, the tagged participants."""
        self.ensure_one()
        if (
            self.env["coop.share.type"]
            .sudo()
            .search_count([("company_id", "=", self.company_id.id)])
        ):
            return partner._coop_can_shop()
        if self.participant_category_id:
            return self.participant_category_id in partner.category_id
        return True

    # ------------------------------------------------------------ states

    def action_open(self):
        for round_ in self:
            if round_.state != "draft":
                raise UserError(self.env._("Only a draft round can be opened."))
            if not round_.line_ids:
                raise UserError(self.env._("Add products to %s before opening it.", round_.name))
        self.write({"state": "open"})
        return True

    def action_cancel(self):
        if self.filtered(lambda r: r.state not in ("draft", "open")):
            raise UserError(self.env._("Only a round not yet closed can be cancelled."))
        self.write({"state": "cancelled"})
        return True

    def action_load_catalogue(self):
        """Offer every product the suppliers list in their price lists."""
        for round_ in self:
            if round_.state != "draft":
                raise UserError(self.env._("The offer can change only while the round is a draft."))
            offered = set(
                round_.line_ids.mapped(lambda line: (line.product_id.id, line.supplier_id.id))
            )
            infos = self.env["product.supplierinfo"].search(
                [("partner_id", "in", round_.supplier_ids.ids), ("product_id", "!=", False)]
            )
            self.env["coop.purchase.round.line"].create(
                [
                    {
                        "round_id": round_.id,
                        "product_id": info.product_id.id,
                        "supplier_id": info.partner_id.id,
                        "price": info.price,
                        "case_size": max(1, int(info.min_qty or 1)),
                    }
                    for info in infos
                    if (info.product_id.id, info.partner_id.id) not in offered
                ]
            )
        return True

    def action_close(self):
        """Round to cases, allocate, and order from each supplier. Closing twice changes nothing."""
        for round_ in self.filtered(lambda r: r.state == "open"):
            round_._close()
        return True

    def _close(self):
        self.ensure_one()
        lines = self.line_ids
        totals = self._member_totals()
        kept_lines = self._drop_suppliers_below_minimum(lines, totals)
        ordered = defaultdict(list)
        for line in lines:
            quantity, tolerance = totals.get(line.id, (0, 0))
            if line in kept_lines:
                cases, units = cases_to_order(
                    quantity,
                    tolerance,
                    line.case_size,
                    min_order_units=line.min_order_qty,
                    by_weight=line.by_weight,
                )
            else:
                cases, units = 0, 0
            ordered[(cases, units)].append(line.id)
        for (cases, units), ids in ordered.items():
            lines.browse(ids).write({"cases_ordered": cases, "units_ordered": units})
        (lines - kept_lines).write({"supplier_dropped": True})
        self._allocate(lines, "units_ordered")
        self._create_purchase_orders(kept_lines.filtered("units_ordered"))
        self.write({"state": "closed"})
        self.order_ids._notify_result()

    def _member_totals(self):
        groups = self.env["coop.purchase.member.line"]._read_group(
            [("round_line_id", "in", self.line_ids.ids)],
            ["round_line_id"],
            ["quantity:sum", "tolerance:sum"],
        )
        return {line.id: (int(quantity), int(tolerance)) for line, quantity, tolerance in groups}

    def _drop_suppliers_below_minimum(self, lines, totals):
        kept = lines
        for supplier in lines.supplier_id:
            minimum = supplier.coop_purchase_min_amount
            if not minimum:
                continue
            supplier_lines = lines.filtered(lambda line, s=supplier: line.supplier_id == s)
            amount = sum(line.price * totals.get(line.id, (0, 0))[0] for line in supplier_lines)
            if self.currency_id.compare_amounts(amount, minimum) < 0:
                kept -= supplier_lines
                self.message_post(
                    body=self.env._(
                        "%(supplier)s dropped: %(amount)s ordered, the minimum is %(minimum)s.",
                        supplier=supplier.name,
                        amount=amount,
                        minimum=minimum,
                    )
                )
        return kept

    def _allocate(self, lines, available_field, dropped=None):
        """Share each line's units among its member lines with the round's policy.

        Results are written grouped by identical values, so a round of a thousand members
        costs a handful of updates per distinct result rather than one per member line.
        """
        member_lines = self.env["coop.purchase.member.line"].search(
            [("round_line_id", "in", lines.ids)]
        )
        by_round_line = defaultdict(list)
        for member_line in member_lines:
            by_round_line[member_line.round_line_id.id].append(member_line)
        dropped = dropped if dropped is not None else lines.filtered("supplier_dropped")
        results = defaultdict(list)
        for line in lines:
            kernel_lines = [m._as_kernel_line() for m in by_round_line.get(line.id, [])]
            result = allocate(kernel_lines, int(line[available_field]), self.allocation_policy)
            for member_line in by_round_line.get(line.id, []):
                units, (reason, values) = result[member_line.id]
                if line in dropped:
                    why = self.env._(
                        "Not ordered: %s's minimum order was not reached.", line.supplier_id.name
                    )
                else:
                    why = self._explain(reason, values)
                results[(units, why)].append(member_line.id)
        MemberLine = self.env["coop.purchase.member.line"]
        for (units, why), ids in results.items():
            MemberLine.browse(ids).write({"allocated_qty": units, "explanation": why})

    def _explain(self, reason, values):
        """The kernel's reason in the user's words and language."""
        if reason == "all":
            return self.env._("You get all %(quantity)s you ordered.", **values)
        if reason == "with_extra":
            return self.env._(
                "You get the %(quantity)s you ordered and %(extra)s of your %(tolerance)s "
                "extra, to fill the last case.",
                **values,
            )
        if reason == "short_proportional":
            return self.env._(
                "You get %(given)s of the %(quantity)s you ordered: %(short)s short, the "
                "shortfall being shared in proportion to orders.",
                **values,
            )
        return self.env._(
            "You get %(given)s of the %(quantity)s you ordered: %(short)s short because "
            "earlier orders were served first.",
            **values,
        )

    def _create_purchase_orders(self, lines):
        PurchaseOrder = self.env["purchase.order"].with_company(self.company_id)
        for supplier in lines.supplier_id:
            if self.purchase_ids.filtered(lambda po, s=supplier: po.partner_id == s):
                continue
            supplier_lines = lines.filtered(lambda line, s=supplier: line.supplier_id == s)
            PurchaseOrder.create(
                {
                    "partner_id": supplier.id,
                    "coop_round_id": self.id,
                    "origin": self.name,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": line.product_id.id,
                                "product_qty": line.units_ordered,
                                "price_unit": line.price,
                                "name": line.product_id.display_name,
                            },
                        )
                        for line in supplier_lines
                    ],
                }
            )

    @api.model
    def _cron_close_due_rounds(self):
        self.search(
            [("state", "=", "open"), ("date_close", "<=", fields.Datetime.now())]
        ).action_close()

    def action_view_purchases(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "purchase.order",
            "name": self.env._("Purchase Orders"),
            "view_mode": "list,form",
            "domain": [("coop_round_id", "=", self.id)],
        }


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    coop_round_id = fields.Many2one(
        "coop.purchase.round", string="Group Order", index="btree_not_null"
    )
