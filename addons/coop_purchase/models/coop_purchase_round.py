import gc
import math
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round, formatLang

from odoo.addons.coop_membership.const import ACCOUNTANT
from odoo.addons.coop_membership.cron import in_batches
from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import PURCHASE_MANAGER, PURCHASE_USER, UNIT_COST_DIGITS
from ..kernels.allocation import allocate
from ..kernels.cases import cases_to_order
from ..kernels.money import split_cents

POLICIES = [
    ("first_come", "First Come, First Served"),
    ("proportional", "Proportional"),
    ("fair_tolerance", "Fair Tolerance"),
]
TRANSPORT_SPLITS = [
    ("equal", "Equally per Member"),
    ("value", "In Proportion to Goods Value"),
    ("items", "In Proportion to Items"),
]
# From these states on, allocated quantities are what members get.
ALLOCATED_STATES = ("closed", "received", "settled", "done")


@contextmanager
def collector_paused():
    """Python's cycle collector paused while a close or a receipt makes tens of thousands
    of short-lived objects (order histories, kernel results, the ORM's records): its full
    passes over a large Odoo process took three quarters of reading a round's histories.
    What the work leaves behind is collected on the next pass after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
        group_expand=True,
    )
    order_count = fields.Integer(string="Baskets", compute="_compute_order_count")
    line_ids = fields.One2many("coop.purchase.round.line", "round_id", string="Offer", copy=True)
    order_ids = fields.One2many("coop.purchase.member.order", "round_id", string="Member Orders")
    purchase_ids = fields.One2many("purchase.order", "coop_round_id", string="Purchase Orders")
    purchase_count = fields.Integer(compute="_compute_purchase_count")
    transport_cost = fields.Monetary(
        help="Delivery charges passed on to the members on their invoices, tax included."
    )
    transport_split = fields.Selection(
        TRANSPORT_SPLITS,
        required=True,
        default="equal",
        help="How the transport cost is shared among the members who get goods.",
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    settlement_mode = fields.Selection(
        [("invoice", "Invoice Each Member"), ("prepaid", "Charge Prepaid Accounts")],
        required=True,
        default="invoice",
        help="Invoice: settling posts one invoice per member, paid later. Prepaid: settling "
        "posts the same invoices and pays each at once from what the member paid in ahead "
        "(their credit on the members' account); what the credit does not cover stays due.",
    )
    member_charge_total = fields.Monetary(
        string="Charged to Members",
        compute="_compute_margin",
        help="Goods and transport charged to the members, tax excluded.",
    )
    supplier_bill_total = fields.Monetary(
        string="Supplier Bills",
        compute="_compute_margin",
        help="Posted supplier bills of this round's purchase orders, less refunds, tax excluded.",
    )
    margin = fields.Monetary(
        compute="_compute_margin", help="Charged to members less supplier bills, tax excluded."
    )
    surplus_policy = fields.Selection(
        [("stock", "Keep in the Shop's Stock"), ("extras", "Offer to Members as Extras")],
        required=True,
        default="stock",
        help="What happens to units delivered beyond what members get. Offered as extras, "
        "members may take them in the portal until the round is settled; what is left stays "
        "in stock.",
    )

    @api.constrains("date_open", "date_close", "date_box_fill")
    def _check_dates(self):
        for round_ in self:
            if round_.date_close <= round_.date_open:
                raise ValidationError(self.env._("A round must close after it opens."))
            if round_.date_box_fill and not (
                round_.date_open <= round_.date_box_fill <= round_.date_close
            ):
                raise ValidationError(self.env._("Box filling happens while the round is open."))

    def _check_offer_editable(self, allow_open=False):
        """Products come and go only in a draft round; their terms may change while open."""
        allowed = ("draft", "open") if allow_open else ("draft",)
        for round_ in self:
            if round_.state not in allowed:
                raise UserError(
                    self.env._(
                        "The offer of %(round)s cannot change now that it is %(state)s.",
                        round=round_.name,
                        state=dict(round_._fields["state"]._description_selection(self.env))[
                            round_.state
                        ],
                    )
                )

    def _compute_order_count(self):
        counts = dict(
            self.env["coop.purchase.member.order"]._read_group(
                [("round_id", "in", self.ids)], ["round_id"], ["__count"]
            )
        )
        for round_ in self:
            round_.order_count = counts.get(round_, 0)

    def _compute_purchase_count(self):
        for round_ in self:
            round_.purchase_count = len(round_.purchase_ids)

    def copy(self, default=None):
        default = dict(default or {})
        default.setdefault("name", self.env._("%s (next)", self.name))
        return super().copy(default)

    # ------------------------------------------------------------ who may order

    def _coop_member_state_label(self):
        """Where the round stands, in the words of a member who ordered in it (the
        states' own labels are the buyers' words: "Settled")."""
        self.ensure_one()
        labels = {
            "open": self.env._("Open for orders"),
            "closed": self.env._("Orders closed"),
            "received": self.env._("Ready to collect"),
            "settled": self.env._("Invoiced"),
            "done": self.env._("Completed"),
        }
        states = dict(self._fields["state"]._description_selection(self.env))
        return labels.get(self.state) or states[self.state]

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

    def _coop_order_refusal(self, partner):
        """Why `partner` may not order in this round right now, or an empty string. The one
        rule for baskets: line writes, the portal page and its script ask it."""
        self.ensure_one()
        if self.state != "open":
            return self.env._("%s is not open for orders.", self.name)
        now = fields.Datetime.now()
        if now < self.date_open or now > self.date_close:
            return self.env._("%s takes orders only while it is open.", self.name)
        if not self._may_order(partner):
            return self.env._("%s may not order in this round.", partner.name)
        return ""

    def _may_order_now(self, partner):
        return not self._coop_order_refusal(partner)

    # ------------------------------------------------------------ states

    def action_open(self):
        self._coop_check_round_right()
        for round_ in self:
            if round_.state != "draft":
                raise UserError(self.env._("Only a draft round can be opened."))
            if not round_.line_ids:
                raise UserError(self.env._("Add products to %s before opening it.", round_.name))
        self.write({"state": "open"})
        return True

    def action_cancel(self):
        self._coop_check_round_right()
        if self.filtered(lambda r: r.state not in ("draft", "open")):
            raise UserError(self.env._("Only a round not yet closed can be cancelled."))
        self.write({"state": "cancelled"})
        return True

    def action_load_catalogue(self):
        """Offer every product the suppliers list in their price lists.

        Prices and quantities are turned into member units (the product's unit): a case is
        the product's purchase packaging, or else the supplier's unit when it holds several.
        """
        self._coop_check_round_right()
        for round_ in self:
            if round_.state != "draft":
                raise UserError(self.env._("The offer can change only while the round is a draft."))
            offered = set(
                round_.line_ids.mapped(lambda line: (line.product_id.id, line.supplier_id.id))
            )
            entries = self.env["product.supplierinfo"]._coop_preferred_entries(
                round_.supplier_ids, round_.company_id
            )
            values = [
                dict(
                    self.env["coop.purchase.round.line"]._values_from_supplierinfo(
                        info, company=round_.company_id
                    ),
                    round_id=round_.id,
                )
                for (product, supplier), info in entries.items()
                if (product.id, supplier.id) not in offered
            ]
            self.env["coop.purchase.round.line"].create(values)
        return True

    def action_close(self):
        """Round to cases, allocate, and order from each supplier. Closing twice changes nothing."""
        self._coop_check_round_right()
        to_close = self.filtered(lambda r: r.state == "open")
        if to_close:
            with self.env["decimal.precision"]._coop_remember_precisions(), collector_paused():
                for round_ in to_close:
                    round_._close()
                # What the close left to compute and write, while precisions are at hand.
                self.env.flush_all()
        return True

    def _close(self):
        self.ensure_one()
        lines = self.line_ids
        # First, so that a basket saved since this transaction began fails it (and Odoo
        # retries the close with that basket) instead of being left out. The lines are all
        # written below (their cases), which makes a basket saved meanwhile fail in turn.
        lines._lock_for_close()
        # Every basket's history, read once: it gives the totals to round to cases, then
        # the queue to share the cases out.
        kernel_lines = self.env["coop.purchase.member.line"]._kernel_lines(lines)
        totals = {
            line_id: (sum(m.quantity for m in members), sum(m.tolerance for m in members))
            for line_id, members in kernel_lines.items()
        }
        kept_lines = self._drop_suppliers_below_minimum(lines, totals)
        kept_ids = set(kept_lines.ids)
        ordered = {}
        for line in lines:
            quantity, tolerance = totals.get(line.id, (0, 0))
            if line.id in kept_ids:
                cases, units = cases_to_order(
                    quantity,
                    tolerance,
                    line.case_size,
                    min_order_units=line.min_order_qty,
                    by_weight=line.by_weight,
                )
                ordered[line.id] = (cases, units, False)
            else:
                ordered[line.id] = (0, 0, True)
        lines._store_orders(ordered)
        self._allocate(
            lines, "units_ordered", dropped=lines - kept_lines, kernel_lines=kernel_lines
        )
        self._create_purchase_orders(kept_lines.filtered("units_ordered"))
        self.write({"state": "closed"})
        # By id: the baskets' own order sorts a thousand of them by member name. Their
        # members are all the result needs of them.
        self.env["coop.purchase.member.order"].search_fetch(
            [("round_id", "=", self.id)], ["partner_id"], order="id"
        )._notify_result()

    def _member_totals(self):
        groups = self.env["coop.purchase.member.line"]._read_group(
            [("round_line_id", "in", self.line_ids.ids)],
            ["round_line_id"],
            ["quantity:sum", "tolerance:sum"],
        )
        return {line.id: (int(quantity), int(tolerance)) for line, quantity, tolerance in groups}

    # ------------------------------------------------------------ the basket page

    def _portal_offer_version(self):
        """A fingerprint of what the offer part of the basket page shows (QWeb's t-cache key):
        each line's price, case and limits, its product's name, code and variant values,
        category and supplier. Made of the values, not of write dates, so that a change is
        seen even when it was made in a transaction that began before the last one."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT md5(string_agg(concat_ws('|',
                          line.id, line.member_price, line.case_size, line.by_weight,
                          line.max_per_member, supplier.name, template.name::text,
                          variant.default_code, variant.combination_indices, category.complete_name,
                          (SELECT string_agg(value.name::text, ',' ORDER BY value.id)
                             FROM product_variant_combination combination
                             JOIN product_template_attribute_value template_value
                               ON template_value.id =
                                  combination.product_template_attribute_value_id
                             JOIN product_attribute_value value
                               ON value.id = template_value.product_attribute_value_id
                            WHERE combination.product_product_id = variant.id)
                      ), '/' ORDER BY line.id))
                 FROM coop_purchase_round_line line
                 JOIN product_product variant ON variant.id = line.product_id
                 JOIN product_template template ON template.id = variant.product_tmpl_id
            LEFT JOIN product_category category ON category.id = template.categ_id
                 JOIN res_partner supplier ON supplier.id = line.supplier_id
                WHERE line.round_id = %s""",
            [self.id],
        )
        (fingerprint,) = self.env.cr.fetchone()
        currency = self.currency_id
        return (
            self.id,
            fingerprint,
            currency.symbol,
            currency.position,
            currency.decimal_places,
        )

    def _portal_offer_groups(self):
        """The offer as the page lists it: [(supplier, [(category, [lines])])], by supplier,
        category and product name."""
        self.ensure_one()
        by_supplier = {}
        for line in self.line_ids.sorted(
            lambda line: (
                line.supplier_id.name or "",
                line.product_id.categ_id.complete_name or "",
                line.product_id.display_name or "",
            )
        ):
            categories = by_supplier.setdefault(line.supplier_id, {})
            categories.setdefault(line.product_id.categ_id, []).append(line)
        return [
            (supplier, list(categories.items())) for supplier, categories in by_supplier.items()
        ]

    def _drop_suppliers_below_minimum(self, lines, totals):
        kept = lines
        by_supplier = defaultdict(list)
        for line in lines:
            by_supplier[line.supplier_id].append(line.id)
        currency = self.currency_id
        for supplier, line_ids in by_supplier.items():
            minimum = supplier.coop_purchase_min_amount
            if not minimum:
                continue
            # The offer's prices are in the round's currency; the minimum may be in the
            # supplier's.
            minimum = (supplier.coop_purchase_currency_id or currency)._convert(
                minimum, currency, self.company_id, shop_today(self)
            )
            supplier_lines = lines.browse(line_ids)
            amount = sum(line.price * totals.get(line.id, (0, 0))[0] for line in supplier_lines)
            if currency.compare_amounts(amount, minimum) < 0:
                kept -= supplier_lines
                self.message_post(
                    body=self.env._(
                        "%(supplier)s dropped: %(amount)s ordered, the minimum is %(minimum)s.",
                        supplier=supplier.name,
                        amount=currency.format(amount),
                        minimum=currency.format(minimum),
                    )
                )
        return kept

    def _allocate(self, lines, available_field, dropped=None, kernel_lines=None):
        """Share each line's units among its member lines with the round's policy.

        Order histories are read (unless given, as `_kernel_lines` gives them) and results
        stored in bulk, so a round of a thousand members costs the same few queries as one
        of ten.
        """
        if kernel_lines is None:
            kernel_lines = self.env["coop.purchase.member.line"]._kernel_lines(lines)
        dropped = dropped if dropped is not None else lines.filtered("supplier_dropped")
        dropped_ids = set(dropped.ids)
        policy = self.allocation_policy
        results, sentences = {}, {}
        for line in lines:
            result = allocate(kernel_lines.get(line.id, []), int(line[available_field]), policy)
            if line.id in dropped_ids:
                why = self.env._(
                    "Not ordered: %s's minimum order was not reached.", line.supplier_id.name
                )
                results.update(
                    (member_id, (units, why)) for member_id, (units, _r) in result.items()
                )
                continue
            for member_id, (units, (reason, values)) in result.items():
                # Thousands of members share a few dozen distinct sentences (the kernel
                # gives each reason's values in one order).
                key = (reason, tuple(values.items()))
                if key not in sentences:
                    sentences[key] = self._explain(reason, values)
                results[member_id] = (units, sentences[key])
        self.env["coop.purchase.member.line"]._store_allocations(results)

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
        """One purchase order per supplier, in the supplier's unit and cases, created together."""
        ordered_from = self.purchase_ids.partner_id
        lines_of = defaultdict(list)
        for line in lines:
            if line.supplier_id not in ordered_from:
                lines_of[line.supplier_id].append(line)
        if not lines_of:
            return self.env["purchase.order"]
        company = self.company_id
        Order = self.env["purchase.order"].with_company(company)
        # The receipt's operation type is the same for every order: asked of Odoo once
        # (three searches) rather than once per supplier.
        picking_type = Order.default_get(["picking_type_id"])["picking_type_id"]
        suppliers = self.env["res.partner"].concat(*lines_of)
        defaults = Order._coop_supplier_defaults(suppliers, company)
        # Odoo's purchase creates orders one by one, and the chatter then logs each order's
        # creation note apart; the notes are logged together here, as the chatter does for
        # any other model's records created together.
        orders = Order.with_context(mail_create_nolog=True).create(
            [
                {
                    "partner_id": supplier.id,
                    "coop_round_id": self.id,
                    "origin": self.name,
                    "picking_type_id": picking_type,
                    **defaults[supplier],
                }
                for supplier in suppliers
            ]
        )
        orders = orders.with_env(Order.env)
        # Where the caller turned the chatter off, Odoo would log nothing either.
        context = self.env.context
        if not context.get("tracking_disable") and not context.get("mail_create_nolog"):
            orders._message_log_batch(
                bodies={order.id: order._creation_message() for order in orders}
            )
        order_of = dict(zip(suppliers, orders, strict=True))
        analytic_models = self.env["account.analytic.distribution.model"].search_count(
            [("company_id", "in", (False, company.id))], limit=1
        )
        lines = self.env["coop.purchase.round.line"].concat(
            *(line for supplier_lines in lines_of.values() for line in supplier_lines)
        )
        line_values = self._purchase_line_values(lines, analytic_models, order_of)
        # Every order's lines in one create, each given what it copies from its order:
        # Odoo would otherwise create them order by order and copy these line by line.
        OrderLine = self.env["purchase.order.line"].with_company(company)
        order_lines = OrderLine.create(
            [
                {
                    **line_values[line.id],
                    "order_id": order.id,
                    "company_id": order.company_id.id,
                    "currency_id": order.currency_id.id,
                    "partner_id": order.partner_id.id,
                    "state": order.state,
                }
                for line in lines
                for order in [order_of[line.supplier_id]]
            ]
        )
        # Read for all lines at once: Odoo's order totals would read them order by order.
        order_lines.fetch(["taxes_id"])
        return orders

    def _purchase_line_values(self, lines, analytic_models, order_of):
        """{round line id: purchase line values} for `lines`, each prepared once for its
        supplier's order in `order_of`, with the fields Odoo would otherwise work out line
        by line.

        The same answers as Odoo's own computes (taxes through the order's fiscal position,
        planned date from the supplier's lead time, the purchase packaging that fits, no
        analytic distribution when no model exists), found for all lines and suppliers at
        once: a round of 300 products from a dozen suppliers costs the same few queries as
        one of 3. With `analytic_models`, the company has distribution models, and Odoo's
        own compute is left to apply them.
        """
        company = self.company_id
        suppliers = lines.supplier_id
        # The price list entry each offer came from gives the line's lead time, and the
        # supplier's own name, code, price and discount for the product.
        entries = self.env["product.supplierinfo"]._coop_preferred_entries(suppliers, company)
        # Many products share a few tax sets: map each set through a position once.
        mapped_taxes = {}
        line_values = {}
        for line in lines:
            product, supplier = line.product_id, line.supplier_id
            order = order_of[supplier]
            entry = entries.get((product, supplier))
            values = line._prepare_purchase_order_line(order, entry)
            # Read on the template: the variant's copy of the field costs four times more.
            taxes = product.product_tmpl_id.supplier_taxes_id.filtered(
                lambda t, c=company: t.company_id == c
            )
            position = order.fiscal_position_id
            if (position, taxes) not in mapped_taxes:
                mapped_taxes[position, taxes] = position.map_tax(taxes).ids
            packaging = product.packaging_ids.filtered(
                lambda p, c=company: p.purchase and p.product_id.company_id <= p.company_id <= c
            )._find_suitable_product_packaging(values["product_qty"], line.supplier_uom_id)
            values.update(
                taxes_id=[fields.Command.set(mapped_taxes[position, taxes])],
                date_planned=order.date_order + timedelta(days=entry.delay if entry else 0),
                product_packaging_id=packaging.id,
            )
            if not analytic_models:
                values["analytic_distribution"] = False
            line_values[line.id] = values
        return line_values

    @api.model
    def _cron_close_due_rounds(self):
        due = self.search([("state", "=", "open"), ("date_close", "<=", fields.Datetime.now())])
        # One round a batch: a job cut off half-way keeps the rounds it closed, and its next
        # run closes the others.
        for round_ in in_batches(due, 1):
            round_.action_close()

    def action_view_purchases(self):
        self.ensure_one()
        self._coop_check_staff()
        # A domain, not records: staff who may read the round open the list, and the
        # purchase app's own rights decide what it shows.
        return {
            "type": "ir.actions.act_window",
            "res_model": "purchase.order",
            "name": self.env._("Purchase Orders"),
            "view_mode": "list,form",
            "domain": [("coop_round_id", "=", self.id)],
        }

    @api.constrains("transport_cost")
    def _check_transport_cost(self):
        for round_ in self:
            if round_.currency_id.compare_amounts(round_.transport_cost, 0) < 0:
                raise ValidationError(self.env._("The transport cost cannot be negative."))

    def _compute_invoice_count(self):
        for round_ in self:
            round_.invoice_count = len(round_.order_ids.invoice_id)

    # ------------------------------------------------------------ receiving

    def action_receive(self):
        """Read what the validated receipts brought in and share it out again."""
        self._coop_check_round_right()
        for round_ in self:
            if round_.state != "closed":
                raise UserError(
                    self.env._("Only a closed round can be received: %s is not.", round_.name)
                )
        received = {round_: round_._received_per_line() for round_ in self}
        with collector_paused():
            for round_ in self:
                round_._receive(received[round_])
        return True

    def _received_per_line(self):
        """{round line: units received} from the confirmed purchase orders.

        A cancelled purchase order counts as nothing delivered. Any other that is not
        confirmed, or whose receipt brought nothing in yet, stops the receiving.
        """
        self.ensure_one()
        received = defaultdict(float)
        for po in self.purchase_ids.filtered(lambda p: p.state != "cancel"):
            if po.state not in ("purchase", "done"):
                raise UserError(
                    self.env._(
                        "Confirm purchase order %(po)s of %(round)s before receiving.",
                        po=po.name,
                        round=self.name,
                    )
                )
            lines = po.order_line.filtered("product_id")
            if not any(line.qty_received for line in lines):
                raise UserError(
                    self.env._(
                        "Nothing has been received yet on purchase order %(po)s: validate its "
                        "receipt first.",
                        po=po.name,
                    )
                )
            for po_line in lines:
                qty = po_line.product_uom._compute_quantity(
                    po_line.qty_received, po_line.product_id.uom_id, round=False
                )
                received[(po.partner_id, po_line.product_id)] += qty
        offered = {(line.supplier_id, line.product_id) for line in self.line_ids}
        unexpected = [
            product for supplier, product in received if (supplier, product) not in offered
        ]
        if unexpected:
            self.message_post(
                body=self.env._(
                    "Received but not offered in this round, so kept in the shop's stock: %s",
                    ", ".join(product.display_name for product in unexpected),
                )
            )
        return {
            line: math.floor(received.get((line.supplier_id, line.product_id), 0.0) + 1e-6)
            for line in self.line_ids
        }

    def _receive(self, received):
        self.ensure_one()
        for line, qty in received.items():
            line.received_qty = qty
        self._allocate(self.line_ids, "received_qty")
        allocated = defaultdict(int)
        for member_line in self.env["coop.purchase.member.line"].search(
            [("round_line_id", "in", self.line_ids.ids)]
        ):
            allocated[member_line.round_line_id] += member_line.allocated_qty
        for line in self.line_ids:
            line.surplus_qty = max(0, line.received_qty - allocated[line])
        self.write({"state": "received"})

    # ------------------------------------------------------------ settling

    def action_settle(self):
        """One customer invoice per member with goods, in a prepaid round paid at once from the
        member's credit. Settling twice creates nothing twice."""
        self._coop_check_money_right()
        to_settle = self.filtered(lambda r: r.state not in ("settled", "done"))
        for round_ in to_settle:
            if round_.state != "received":
                raise UserError(
                    self.env._(
                        "Receive the goods of %s before settling it with the members.",
                        round_.name,
                    )
                )
        transport = self.env.ref("coop_purchase.product_transport_cost", raise_if_not_found=False)
        journals = {round_: round_._sale_journal() for round_ in to_settle}
        for round_ in to_settle:
            if not round_.currency_id.is_zero(round_.transport_cost) and not transport:
                raise UserError(self.env._("The transport product is missing; update the module."))
        for round_ in to_settle:
            round_._update_prices_from_bills()
            round_._settle(journals[round_], transport)
        return True

    def _coop_check_staff(self):
        """The back office's views of a round: staff, not members (the portal has its own)."""
        self.env["res.users"]._coop_require(
            "base.group_user", message=self.env._("Members see their rounds in the portal.")
        )

    def _coop_check_round_right(self):
        """Opening, closing, receiving a round orders from suppliers for the members."""
        self.env["res.users"]._coop_require(
            PURCHASE_USER, message=self.env._("Only group-order staff run a round.")
        )

    def _coop_check_money_right(self):
        """Settling and repricing charge members: a group-order manager or an accountant."""
        self.env["res.users"]._coop_require(
            PURCHASE_MANAGER,
            ACCOUNTANT,
            message=self.env._(
                "Only a group-order manager or an accountant charges members for a round."
            ),
        )

    def action_update_prices_from_bills(self):
        self._coop_check_money_right()
        for round_ in self:
            if round_.state not in ("closed", "received"):
                raise UserError(
                    self.env._(
                        "Prices of %s can be corrected from the supplier bills only between "
                        "closing and settling.",
                        round_.name,
                    )
                )
            if not round_._update_prices_from_bills():
                raise UserError(
                    self.env._(
                        "The posted supplier bills of %s change no price.",
                        round_.name,
                    )
                )
        return True

    def _update_prices_from_bills(self):
        """Take each product's price from the posted supplier bills, when they differ.

        The billed price is averaged over what was billed, in member units, so a bill split
        over several lines or deliveries gives one price. Returns the lines changed.
        """
        self.ensure_one()
        bill_lines = self.env["account.move.line"].search(
            [
                ("purchase_line_id.order_id", "in", self.purchase_ids.ids),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "=", "in_invoice"),
            ]
        )
        billed = defaultdict(lambda: [0.0, 0.0])
        for bill_line in bill_lines:
            product = bill_line.product_id
            quantity = bill_line.product_uom_id._compute_quantity(
                bill_line.quantity, product.uom_id, round=False
            )
            amount = bill_line.currency_id._convert(
                bill_line.price_unit * (1 - (bill_line.discount or 0) / 100) * bill_line.quantity,
                self.currency_id,
                self.company_id,
                bill_line.move_id.invoice_date or shop_today(self),
                round=False,
            )
            totals = billed[(bill_line.purchase_line_id.order_id.partner_id, product)]
            totals[0] += quantity
            totals[1] += amount
        changed = self.env["coop.purchase.round.line"]
        notes = []
        for line in self.line_ids:
            quantity, amount = billed.get((line.supplier_id, line.product_id), (0.0, 0.0))
            if quantity <= 0:
                continue
            # To the unit cost's precision: to the cent, a case's price divided into
            # units would not multiply back to what the supplier billed.
            digits = UNIT_COST_DIGITS[1]
            price = float_round(amount / quantity, precision_digits=digits)
            if float_compare(price, line.price, precision_digits=digits):
                old, new = self.currency_id.format(line.price), self.currency_id.format(price)
                if old == new:  # a change below the cent: shown to the unit cost's digits
                    old, new = (formatLang(self.env, p, digits=digits) for p in (line.price, price))
                notes.append(
                    self.env._(
                        "%(product)s: %(old)s → %(new)s",
                        product=line.product_id.display_name,
                        old=old,
                        new=new,
                    )
                )
                line.price = price
                changed |= line
        if notes:
            self.message_post(
                body=Markup("<br/>").join(
                    [self.env._("Prices corrected from the supplier bills:"), *notes]
                )
            )
        return changed

    @api.depends(
        "order_ids.invoice_id.amount_untaxed_signed",
        "order_ids.invoice_id.state",
        "purchase_ids.invoice_ids.amount_untaxed_signed",
        "purchase_ids.invoice_ids.state",
        "state",
    )
    def _compute_margin(self):
        for round_ in self:
            invoices = round_.order_ids.invoice_id.filtered(lambda m: m.state == "posted")
            charged = sum(invoices.mapped("amount_untaxed_signed"))
            bills = round_.purchase_ids.invoice_ids.filtered(lambda m: m.state == "posted")
            round_.member_charge_total = charged
            # Supplier bills are negative in company currency, refunds positive.
            round_.supplier_bill_total = -sum(bills.mapped("amount_untaxed_signed"))
            round_.margin = round_.member_charge_total - round_.supplier_bill_total

    def _sale_journal(self):
        self.ensure_one()
        return self.company_id._coop_goods_sale_journal()

    def _settle(self, journal, transport):
        self.ensure_one()
        self._invoice_members(journal, transport)
        if self.settlement_mode == "prepaid":
            self._pay_invoices_from_balances()
        self.write({"state": "settled"})

    def _pay_invoices_from_balances(self):
        """Pay each member's invoice of this prepaid round from their credit at once, and say
        on the round who still owes what the credit did not cover."""
        self.ensure_one()
        invoices = self.order_ids.invoice_id
        invoices._coop_pay_from_member_credit()
        still_due = invoices.filtered(
            lambda m: m.state == "posted" and m.payment_state in ("not_paid", "partial")
        )
        if still_due:
            self.message_post(
                body=Markup("<br/>").join(
                    [
                        self.env._("Not covered by the prepaid balance, still due:"),
                        *(
                            self.env._(
                                "%(member)s: %(amount)s on %(invoice)s",
                                member=invoice.partner_id.name,
                                amount=invoice.currency_id.format(invoice.amount_residual),
                                invoice=invoice.name,
                            )
                            for invoice in still_due.sorted("id")
                        ),
                    ]
                )
            )

    def _invoice_members(self, journal, transport, orders=None, date=None):
        """Post one invoice per member order with goods that has none yet."""
        invoices = self._create_member_invoices(journal, transport, orders=orders, date=date)
        invoices.action_post()
        return invoices

    def _create_member_invoices(self, journal, transport, orders=None, date=None):
        """Draft invoices of `orders` (by default every basket with goods) that have none yet,
        owed on the members' account, each linked to its basket."""
        self.ensure_one()
        shares = self._transport_shares(self._orders_to_charge())
        orders = (self._orders_to_charge() if orders is None else orders).filtered(
            lambda o: not o.invoice_id
        )
        if not orders:
            return self.env["account.move"]
        invoices = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                [
                    order._prepare_invoice(journal, transport, shares.get(order, 0.0), date=date)
                    for order in orders
                ]
            )
        )
        invoices._coop_owe_on_member_account()
        for order, invoice in zip(orders, invoices, strict=True):
            order.invoice_id = invoice
        return invoices

    def _transport_shares(self, orders):
        """{member order: its part of the transport cost}, adding up to the cost exactly."""
        if not orders or self.currency_id.is_zero(self.transport_cost):
            return {}
        if self.transport_split == "value":
            weights = {order: order._goods_value() for order in orders}
        elif self.transport_split == "items":
            weights = {order: sum(order.line_ids.mapped("allocated_qty")) for order in orders}
        else:
            weights = dict.fromkeys(orders, 1)
        rounding = self.currency_id.rounding
        cents = round(self.transport_cost / rounding)
        return {
            order: self.currency_id.round(share * rounding)
            for order, share in split_cents(cents, weights).items()
        }

    def action_done(self):
        self._coop_check_round_right()
        if self.filtered(lambda r: r.state != "settled"):
            raise UserError(self.env._("Only a settled round can be marked done."))
        self.write({"state": "done"})
        return True

    def action_view_invoices(self):
        self.ensure_one()
        self._coop_check_staff()
        return self.order_ids.invoice_id._get_records_action(
            name=self.env._("Member Invoices"), context={"default_move_type": "out_invoice"}
        )

    # ------------------------------------------------------------ prepaid accounts

    def _orders_to_charge(self):
        """The baskets with goods, by invoice or prepaid account alike."""
        self.ensure_one()
        return self.order_ids.filtered(
            lambda o: any(line.allocated_qty > 0 for line in o.line_ids)
        ).sorted("id")

    def _check_prepaid_balance_for(self, partner):
        """In a prepaid round, taking more needs a balance at or above the minimum."""
        self.ensure_one()
        if self.settlement_mode != "prepaid":
            return
        minimum = self.company_id.coop_purchase_min_balance
        balance = partner._coop_account_balance(self.company_id)
        if self.currency_id.compare_amounts(balance, minimum) < 0:
            raise UserError(
                self.env._(
                    "Your prepaid balance is %(balance)s, below the %(minimum)s needed to order. "
                    "Please top up your account first; you can still lower your order.",
                    balance=self.currency_id.format(balance),
                    minimum=self.currency_id.format(minimum),
                )
            )

    # ------------------------------------------------------------ distribution

    def _qty_field(self):
        """Allocated quantities once the round is closed, ordered ones before."""
        self.ensure_one()
        return "allocated_qty" if self.state in ALLOCATED_STATES else "quantity"

    def _qty_label(self):
        self.ensure_one()
        if self.state in ALLOCATED_STATES:
            return self.env._("Allocated quantities")
        return self.env._("Ordered quantities (not yet allocated)")

    def _member_lines(self):
        self.ensure_one()
        return self.env["coop.purchase.member.line"].search(
            [("round_line_id", "in", self.line_ids.ids)]
        )

    def _distribution_rows(self):
        """Per offered product, who gets how much: [(round_line, [(partner, qty)], total)]."""
        self.ensure_one()
        field = self._qty_field()
        rows = []
        for line in self.line_ids:
            people = [
                (member_line.partner_id, member_line[field])
                for member_line in line.member_line_ids.sorted(lambda m: m.partner_id.name or "")
                if member_line[field] > 0
            ]
            if people:
                rows.append((line, people, sum(qty for _partner, qty in people)))
        return rows

    def _matrix(self):
        """Members × products: (partners, round_lines, {(partner_id, line_id): qty})."""
        self.ensure_one()
        field = self._qty_field()
        cells = {}
        for member_line in self._member_lines():
            if member_line[field] > 0:
                key = (member_line.partner_id.id, member_line.round_line_id.id)
                cells[key] = cells.get(key, 0) + member_line[field]
        partners = self.env["res.partner"].browse(sorted({p for p, _l in cells})).sorted("name")
        lines = self.line_ids.filtered(lambda line: any(line.id == lid for _p, lid in cells))
        return partners, lines, cells

    def action_download_matrix(self):
        self.ensure_one()
        self._coop_check_staff()
        return {
            "type": "ir.actions.act_url",
            "url": f"/coop_purchase/round/{self.id}/matrix.xlsx",
            "target": "download",
        }

    def action_pickup_checklist(self):
        self.ensure_one()
        self._coop_check_staff()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_purchase.action_coop_purchase_pickup_checklist"
        )
        action["name"] = self.env._("Pickup checklist: %s", self.name)
        action["domain"] = [("round_id", "=", self.id)]
        action["context"] = {"default_round_id": self.id}
        return action
