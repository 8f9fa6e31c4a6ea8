import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

TRANSPORT_SPLITS = [
    ("equal", "Equally per Member"),
    ("value", "In Proportion to Goods Value"),
    ("items", "In Proportion to Items"),
]


def split_cents(total, weights):
    """Share `total` whole cents among `weights` (key: weight, in order) by largest remainder.

    The shares always add up to `total`; ties go to the earlier key.
    """
    keys = list(weights)
    weight_sum = sum(weights.values())
    if not keys:
        return {}
    if weight_sum <= 0:
        weights = dict.fromkeys(keys, 1)
        weight_sum = len(keys)
    shares, remainders = {}, []
    for rank, key in enumerate(keys):
        exact = total * weights[key] / weight_sum
        shares[key] = math.floor(exact)
        remainders.append((-(exact - shares[key]), rank, key))
    for _negative, _rank, key in sorted(remainders)[: total - sum(shares.values())]:
        shares[key] += 1
    return shares


class CoopPurchaseRound(models.Model):
    """Receiving what the suppliers delivered, then invoicing each member."""

    _inherit = "coop.purchase.round"

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
        for round_ in self:
            if round_.state != "closed":
                raise UserError(
                    self.env._("Only a closed round can be received: %s is not.", round_.name)
                )
        received = {round_: round_._received_per_line() for round_ in self}
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
        """One customer invoice per member with goods. Settling twice creates nothing twice."""
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
            round_._settle(journals[round_], transport)
        return True

    def _sale_journal(self):
        self.ensure_one()
        journal = self.env["account.journal"].search(
            [
                ("type", "=", "sale"),
                ("company_id", "=", self.company_id.id),
                ("coop_is_share_capital", "=", False),
            ],
            order="sequence, id",
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%s has no sales journal for goods (the share capital journal is never used "
                    "for them): create one before settling.",
                    self.company_id.name,
                )
            )
        return journal

    def _settle(self, journal, transport):
        self.ensure_one()
        orders = self.order_ids.filtered(
            lambda o: any(line.allocated_qty > 0 for line in o.line_ids)
        ).sorted("id")
        transport_shares = self._transport_shares(orders)
        Move = self.env["account.move"].with_company(self.company_id)
        for order in orders.filtered(lambda o: not o.invoice_id):
            lines = [
                fields.Command.create(values)
                for values in order._invoice_line_values(self.company_id)
            ]
            share = transport_shares.get(order, 0.0)
            if not self.currency_id.is_zero(share):
                lines.append(
                    fields.Command.create(
                        {
                            "product_id": transport.id,
                            "name": self.env._("Transport, %s", self.name),
                            "quantity": 1,
                            "price_unit": share,
                            "tax_ids": [fields.Command.clear()],
                        }
                    )
                )
            invoice = Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": order.partner_id.id,
                    "journal_id": journal.id,
                    "invoice_origin": self.name,
                    "invoice_line_ids": lines,
                }
            )
            invoice.action_post()
            order.invoice_id = invoice
        self.write({"state": "settled"})

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
        if self.filtered(lambda r: r.state != "settled"):
            raise UserError(self.env._("Only a settled round can be marked done."))
        self.write({"state": "done"})
        return True

    def action_view_invoices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "name": self.env._("Member Invoices"),
            "view_mode": "list,form",
            "domain": [("id", "in", self.order_ids.invoice_id.ids)],
            "context": {"default_move_type": "out_invoice"},
        }


class CoopPurchaseRoundLine(models.Model):
    _inherit = "coop.purchase.round.line"

    received_qty = fields.Integer(
        string="Received", readonly=True, copy=False, help="Units the receipts brought in."
    )
    surplus_qty = fields.Integer(
        string="Surplus",
        readonly=True,
        copy=False,
        help="Units received beyond what the members get: they stay in the shop's stock.",
    )

    def _member_unit_base(self):
        """The member price per unit before tax (supplier price plus markup)."""
        self.ensure_one()
        return self.price * (1 + (self.round_id.markup_percent or 0) / 100)

    def _member_taxes(self):
        self.ensure_one()
        company = self.company_id
        return self.product_id.taxes_id.filtered(lambda t, c=company: t.company_id == c)


class CoopPurchaseMemberOrder(models.Model):
    _inherit = "coop.purchase.member.order"

    invoice_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, copy=False, index="btree_not_null"
    )

    def _goods_value(self):
        self.ensure_one()
        return sum(
            line.allocated_qty * line.round_line_id.member_price
            for line in self.line_ids
            if line.allocated_qty > 0
        )

    def _invoice_line_values(self, company):
        """Invoice lines giving the same tax-included total as the member price."""
        self.ensure_one()
        return [
            {
                "product_id": line.round_line_id.product_id.id,
                "name": line.round_line_id.product_id.display_name,
                "quantity": line.allocated_qty,
                "price_unit": line.round_line_id._member_unit_base(),
                "tax_ids": [fields.Command.set(line.round_line_id._member_taxes().ids)],
            }
            for line in self.line_ids.sorted(lambda m: m.round_line_id.id)
            if line.allocated_qty > 0
        ]
