import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_round, get_lang

from ..const import UNIT_COST_DIGITS
from ..kernels.cases import case_fill
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
    price = fields.Float(
        string="Supplier Price", digits=UNIT_COST_DIGITS, help="Per member unit, before markup."
    )
    member_uom_id = fields.Many2one(related="product_id.uom_id", string="Member Unit")
    supplier_uom_id = fields.Many2one(
        "uom.uom",
        string="Supplier Unit",
        compute="_compute_supplier_uom_id",
        store=True,
        readonly=False,
        help="The unit the supplier sells in; purchase orders use it.",
    )
    case_size = fields.Integer(
        required=True, default=1, help="Member units in one of the supplier's cases."
    )
    min_order_qty = fields.Integer(string="Minimum Order (units)")
    max_per_member = fields.Integer(help="0 means no limit.")
    by_weight = fields.Boolean(
        compute="_compute_by_weight", store=True, help="Sold by weight or volume: no case rounding."
    )
    # Stored: the basket page shows it for every product to every member at once.
    member_price = fields.Monetary(compute="_compute_member_price", store=True)
    ordered_qty = fields.Integer(compute="_compute_totals")
    tolerance_qty = fields.Integer(compute="_compute_totals")
    case_fill_percent = fields.Integer(
        compute="_compute_totals", help="How full the case being filled is right now."
    )
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

    # What members order against: fixed once the round is closed.
    _FROZEN_AFTER_CLOSING = frozenset(
        {"round_id", "product_id", "supplier_id", "supplier_uom_id", "case_size", "min_order_qty"}
    )

    @api.model_create_multi
    def create(self, vals_list):
        rounds = self.env["coop.purchase.round"].browse(
            {vals["round_id"] for vals in vals_list if vals.get("round_id")}
        )
        rounds._check_offer_editable(allow_open=True)
        return super().create(vals_list)

    def write(self, vals):
        if self._FROZEN_AFTER_CLOSING & set(vals):
            self.round_id._check_offer_editable(allow_open=True)
        return super().write(vals)

    def _lock_for_baskets(self):
        """Serialise basket changes on these lines with the round's close.

        Touching the rows (not only locking them) matters: under Odoo's REPEATABLE READ a
        basket saved while the round closes would otherwise land unseen by the close's
        snapshot. With both touching the lines, whichever comes second fails with a
        serialization error and Odoo retries it: the close then counts the basket, or the
        basket meets a closed round and is refused.
        """
        if self.ids:
            self.env.cr.execute(
                "UPDATE coop_purchase_round_line SET write_date = write_date WHERE id = ANY(%s)",
                [sorted(self.ids)],
            )

    def _lock_for_close(self):
        """Lock these lines for a close, which then writes every one of them (their cases,
        `_store_orders`) before it commits.

        As `_lock_for_baskets` explains, baskets touch their line: one saved since the
        close's snapshot makes this lock fail with a serialization error (Odoo replays the
        close, which then counts it), and one saved after the lock waits, then fails on the
        row the close wrote (Odoo replays it, and it meets a closed round). Locking without
        touching spares the close a second write of every line.
        """
        if self.ids:
            self.env.cr.execute(
                "SELECT id FROM coop_purchase_round_line WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                [self.ids],
            )

    def _store_orders(self, ordered):
        """Store {line id: (cases, units, supplier dropped)} in one statement.

        A close orders a few hundred lines with as many different quantities: the ORM would
        write them group by group and flush them again. Nothing stored depends on these
        three fields, so dropping them from the cache afterwards is all the ORM needs.
        """
        if not ordered:
            return
        self.flush_model(["cases_ordered", "units_ordered", "supplier_dropped"])
        ids = list(ordered)
        self.env.cr.execute(
            SQL(
                "UPDATE coop_purchase_round_line AS line "
                "SET cases_ordered = result.cases, units_ordered = result.units, "
                "supplier_dropped = result.dropped, write_uid = %s, write_date = %s "
                "FROM unnest(%s::int[], %s::int[], %s::int[], %s::bool[]) "
                "AS result(id, cases, units, dropped) "
                "WHERE line.id = result.id",
                self.env.uid,
                self.env.cr.now(),
                ids,
                [ordered[i][0] for i in ids],
                [ordered[i][1] for i in ids],
                [ordered[i][2] for i in ids],
            )
        )
        self.invalidate_model(
            ["cases_ordered", "units_ordered", "supplier_dropped", "write_uid", "write_date"]
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_unordered_lines(self):
        """Members' orders would go with the line: once someone ordered it, it stays."""
        self.round_id._check_offer_editable(allow_open=True)
        ordered = self.filtered("member_line_ids")
        if ordered:
            raise UserError(
                self.env._(
                    "Members have ordered %s, so it stays in the round.",
                    ordered[0].product_id.display_name,
                )
            )

    @api.depends("product_id")
    def _compute_supplier_uom_id(self):
        for line in self:
            if not line.supplier_uom_id or (
                line.supplier_uom_id.category_id != line.product_id.uom_id.category_id
            ):
                line.supplier_uom_id = line.product_id.uom_po_id

    @api.constrains("supplier_uom_id", "product_id")
    def _check_supplier_uom(self):
        for line in self:
            if line.supplier_uom_id.category_id != line.product_id.uom_id.category_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s is counted in %(unit)s: the supplier's unit must measure the "
                        "same thing.",
                        product=line.product_id.display_name,
                        unit=line.product_id.uom_id.name,
                    )
                )

    @api.model
    def _values_from_supplierinfo(self, info, product=None, company=None):
        """An offer line's values from a price list entry, in member units and in
        `company`'s currency (the current company's by default).

        `product` is the variant, for entries made on a product template.
        """
        product = product or info.product_id
        company = company or self.env.company
        member_uom = product.uom_id
        supplier_uom = info.product_uom or product.uom_po_id
        minimum = supplier_uom._compute_quantity(info.min_qty or 0, member_uom)
        # What the co-op pays: the supplier's discount taken off, in the co-op's currency at
        # this day's rate.
        price = info.currency_id._convert(
            info.price_discounted, company.currency_id, company, company._coop_today(), round=False
        )
        return {
            "product_id": product.id,
            "supplier_id": info.partner_id.id,
            "supplier_uom_id": supplier_uom.id,
            "price": supplier_uom._compute_price(price, member_uom),
            "case_size": self._case_size_for(product, supplier_uom),
            "min_order_qty": math.ceil(minimum - 1e-9),
        }

    @api.model
    def _case_size_for(self, product, supplier_uom=None):
        """Member units in one of the supplier's cases: the product's purchase packaging, or
        else the supplier's unit when it holds several."""
        member_uom = product.uom_id
        packaging = product.packaging_ids.filtered("purchase")[:1]
        if packaging:
            case_size = packaging.product_uom_id._compute_quantity(packaging.qty, member_uom)
        else:
            case_size = (supplier_uom or product.uom_po_id)._compute_quantity(1, member_uom)
        return max(1, round(case_size))

    def _prepare_purchase_order_line(self, order, entry=None):
        """The line of `order` for what was ordered, in the supplier's unit; `entry` is the
        supplier's price list entry the offer came from."""
        self.ensure_one()
        return self._purchase_line_for(
            order, self.product_id, self.supplier_uom_id, self.units_ordered, self.price, entry
        )

    @api.model
    def _purchase_line_for(self, order, product, supplier_uom, units, unit_price, entry=None):
        """A line of `order` for `units` member units at `unit_price` each (in the order's
        company's currency), expressed in the supplier's unit and currency and described as
        Odoo describes it to the supplier; Odoo suggests the packaging (cases) from there.

        While the price is still the price list `entry`'s (neither changed by hand nor taken
        from a bill), the line shows it as Odoo's purchase form does: the entry's price in
        the order's currency, less the entry's discount.
        """
        member_uom = product.uom_id
        supplier_uom = supplier_uom or member_uom
        company, currency = order.company_id, order.currency_id
        day = order.date_order.date()  # Odoo converts at the order's date
        price_unit = member_uom._compute_price(unit_price, supplier_uom)
        if currency != company.currency_id:
            price_unit = company.currency_id._convert(
                price_unit, currency, company, day, round=False
            )
        discount = 0.0
        if entry:
            digits = self.env["decimal.precision"].precision_get("Product Price")
            listed = entry.currency_id._convert(entry.price, currency, company, day, round=False)
            listed = entry.product_uom._compute_price(
                float_round(listed, precision_digits=max(currency.decimal_places, digits)),
                supplier_uom,
            )
            if not float_compare(
                price_unit, listed * (1 - entry.discount / 100), precision_digits=digits
            ):
                price_unit, discount = listed, entry.discount
        return {
            "product_id": product.id,
            "product_uom": supplier_uom.id,
            "product_qty": member_uom._compute_quantity(units, supplier_uom, round=False),
            "price_unit": price_unit,
            "discount": discount,
            "name": self._purchase_description(product, order.partner_id, entry),
        }

    @api.model
    def _purchase_description(self, product, supplier, entry=None):
        """A purchase line's description as Odoo's purchase writes it for `supplier`: the
        product's name and code, or the supplier's own from its price list `entry`, in the
        supplier's language, then the product's purchase description."""
        lang = get_lang(self.env, supplier.lang).code
        if product.env.lang != lang:
            product = product.with_context(lang=lang)
        named = product
        if entry and (entry.product_name or entry.product_code):
            # Named after one entry: computed for this product alone.
            named = product.with_context(seller_id=entry.id).with_prefetch()
        description = named.display_name
        if product.description_purchase:
            description += "\n" + product.description_purchase
        return description

    @api.depends("product_id.uom_id.category_id")
    def _compute_by_weight(self):
        weight = self.env.ref("uom.product_uom_categ_kgm", raise_if_not_found=False)
        volume = self.env.ref("uom.product_uom_categ_vol", raise_if_not_found=False)
        for line in self:
            line.by_weight = line.product_id.uom_id.category_id in (weight | volume)

    @api.depends(
        "price",
        "round_id.markup_percent",
        "product_id.taxes_id",
        "product_id.taxes_id.amount",
        "product_id.taxes_id.price_include_override",
    )
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
            fill = line._case_fill(line.ordered_qty + line.tolerance_qty)
            line.case_fill_percent = fill.percent if fill else 0

    def _case_fill(self, units):
        """How far `units` of this product go in its cases (see kernels.cases.case_fill);
        None for a product sold by weight, which has no cases."""
        self.ensure_one()
        if self.by_weight or self.case_size < 1:
            return None
        return case_fill(units, self.case_size)

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

    def _take_extra(self, partner, quantity):
        """`partner` takes `quantity` surplus units of this line, first come, first served.

        The line's row is locked first, so two members asking for the last units at once
        cannot both get them.
        """
        self.ensure_one()
        round_ = self.round_id
        if round_.state != "received" or round_.surplus_policy != "extras":
            raise UserError(self.env._("%s offers no extras at the moment.", round_.name))
        if not isinstance(quantity, int) or quantity < 1:
            raise ValidationError(self.env._("Take at least one whole unit."))
        if not round_._may_order(partner):
            raise UserError(self.env._("%s may not order in this round.", partner.name))
        self.env.cr.execute(
            "SELECT surplus_qty FROM coop_purchase_round_line WHERE id = %s FOR UPDATE",
            [self.id],
        )
        self.invalidate_recordset(["surplus_qty"])
        if quantity > self.surplus_qty:
            raise UserError(
                self.env._(
                    "Only %(left)s of %(product)s are left.",
                    left=self.surplus_qty,
                    product=self.product_id.display_name,
                )
            )
        MemberLine = self.env["coop.purchase.member.line"]
        member_line = MemberLine.search(
            [("round_line_id", "=", self.id), ("order_id.partner_id", "=", partner.id)]
        )
        if self.max_per_member and member_line.allocated_qty + quantity > self.max_per_member:
            raise ValidationError(
                self.env._(
                    "At most %(max)s of %(product)s per member.",
                    max=self.max_per_member,
                    product=self.product_id.display_name,
                )
            )
        round_._check_prepaid_balance_for(partner)
        if not member_line:
            Order = self.env["coop.purchase.member.order"]
            order = Order.search([("round_id", "=", round_.id), ("partner_id", "=", partner.id)])
            order = order or Order.create({"round_id": round_.id, "partner_id": partner.id})
            member_line = MemberLine.create({"order_id": order.id, "round_line_id": self.id})
        extra = member_line.extra_qty + quantity
        before = member_line._explanation_before_extras()
        member_line.write(
            {
                "allocation_explanation": before,
                "allocated_qty": member_line.allocated_qty + quantity,
                "extra_qty": extra,
                "explanation": self.env._(
                    "%(before)s Plus %(extra)s taken from the surplus.",
                    before=before,
                    extra=extra,
                ).strip(),
            }
        )
        self.surplus_qty -= quantity
        return member_line
