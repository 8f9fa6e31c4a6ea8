from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.coop_membership.cron import in_batches

from ..const import MONEY_GROUPS, PURCHASE_USER
from .coop_purchase_round import ALLOCATED_STATES


class CoopPurchaseMemberOrder(models.Model):
    """One member's basket in a round."""

    _name = "coop.purchase.member.order"
    _description = "Member Group Order"
    _order = "round_id desc, partner_id"

    round_id = fields.Many2one("coop.purchase.round", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="round_id.company_id", store=True)
    line_ids = fields.One2many("coop.purchase.member.line", "order_id")

    invoice_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, copy=False, index="btree_not_null"
    )
    invoice_payment_state = fields.Selection(
        related="invoice_id.payment_state", string="Payment", groups=MONEY_GROUPS
    )
    amount_due = fields.Monetary(
        string="Still Due",
        compute="_compute_money",
        currency_field="currency_id",
        groups=MONEY_GROUPS,
        help="What the member still owes on this round's invoice.",
    )
    member_balance = fields.Monetary(
        string="Member's Balance",
        compute="_compute_money",
        currency_field="currency_id",
        groups=MONEY_GROUPS,
        help="What the members' account says this member has with the co-op today "
        "(negative: what they owe).",
    )
    currency_id = fields.Many2one(related="round_id.currency_id")
    collected = fields.Boolean(copy=False, help="Ticked when the member took their basket.")
    collected_date = fields.Datetime(readonly=True, copy=False)
    pickup_date = fields.Date(related="round_id.pickup_date")
    pickup_place = fields.Char(related="round_id.pickup_place")
    round_state = fields.Selection(related="round_id.state", string="Round Status")
    allocated_total = fields.Integer(compute="_compute_allocated_total", string="Units")

    result_to_send = fields.Boolean(
        readonly=True, copy=False, index="btree_not_null", help="The result mail is queued."
    )

    _sql_constraints = [
        ("one_per_member", "unique(round_id, partner_id)", "One basket per member and round."),
    ]

    def _notify_result(self):
        """Queue the result mails; a job renders and sends them, so closing a round of a
        thousand members does not wait for a thousand templates to render."""
        if not self:
            return
        # A flag for the job, which nothing else depends on, set on the baskets of members
        # with an email address in one statement: the ORM would read a thousand partners
        # and write a hundred baskets a query.
        self.flush_model(["result_to_send", "partner_id"])
        self.env["res.partner"].flush_model(["email"])
        # The members looked up by id: joined by the baskets' member, PostgreSQL would read
        # every contact of the co-op.
        self.env.cr.execute(
            SQL(
                "UPDATE coop_purchase_member_order basket SET result_to_send = TRUE, "
                "write_uid = %s, write_date = %s "
                "FROM (SELECT id FROM res_partner WHERE id = ANY(%s) "
                "      AND email IS NOT NULL AND email != '') partner "
                "WHERE basket.id = ANY(%s) AND basket.partner_id = partner.id",
                self.env.uid,
                fields.Datetime.now(),
                self.partner_id.ids,
                self.ids,
            )
        )
        self.invalidate_recordset(["result_to_send", "write_uid", "write_date"])
        cron = self.env.ref("coop_purchase.ir_cron_coop_purchase_send_results", False)
        if cron:
            cron._trigger()

    @api.model
    def _cron_send_results(self, batch_size=200):
        template = self.env.ref("coop_purchase.mail_template_round_result", False)
        if not template:
            return
        # The flag is cleared in the batch that queues the mail: a rerun never mails twice.
        to_send = self.search([("result_to_send", "=", True)], order="id")
        for orders in in_batches(to_send, batch_size):
            template.sudo().send_mail_batch(
                orders.ids, email_layout_xmlid="mail.mail_notification_light"
            )
            orders.write({"result_to_send": False})

    def _compute_money(self):
        balances = {}
        for company in self.company_id:
            balances[company] = self.filtered(
                lambda o, c=company: o.company_id == c
            ).partner_id._coop_account_balances(company)
        for order in self:
            order.amount_due = order.invoice_id.amount_residual if order.invoice_id else 0.0
            order.member_balance = balances.get(order.company_id, {}).get(
                order.partner_id.commercial_partner_id.id, 0.0
            )

    @api.model
    def _pay_open_prepaid_invoices(self, partners):
        """Pay what these members still owe on prepaid rounds from their credit, e.g. after
        a top-up: a prepaid round's invoice is meant to be paid from the balance."""
        orders = self.search(
            [
                ("partner_id", "in", partners.commercial_partner_id.ids),
                ("round_id.settlement_mode", "=", "prepaid"),
                ("invoice_id.state", "=", "posted"),
                ("invoice_id.payment_state", "in", ("not_paid", "partial")),
            ]
        )
        return orders.invoice_id._coop_pay_from_member_credit()

    def _compute_allocated_total(self):
        for order in self:
            order.allocated_total = sum(order.line_ids.mapped("allocated_qty"))

    def _pick_lines(self):
        """The lines to hand over: only what the member was allocated."""
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.allocated_qty > 0).sorted(
            lambda line: (
                line.round_line_id.supplier_id.name or "",
                line.round_line_id.product_id.display_name or "",
            )
        )

    def _check_collectable(self):
        for order in self:
            if order.round_id.state not in ALLOCATED_STATES:
                raise UserError(
                    self.env._(
                        "%(member)s cannot collect from %(round)s yet: "
                        "baskets are collected only once the round is closed.",
                        member=order.partner_id.name,
                        round=order.round_id.name,
                    )
                )

    def write(self, vals):
        if "collected" not in vals:
            return super().write(vals)
        self._check_collectable()
        if not vals["collected"]:
            return super().write(dict(vals, collected_date=False))
        # The first tick counts: baskets already collected keep their date.
        done = self.filtered("collected")
        todo = self - done
        values = dict(vals)
        values.setdefault("collected_date", fields.Datetime.now())
        if done:
            super(CoopPurchaseMemberOrder, done).write(
                {k: v for k, v in vals.items() if k != "collected_date"}
            )
        if todo:
            super(CoopPurchaseMemberOrder, todo).write(values)
        return True

    def action_mark_collected(self):
        self.env["res.users"]._coop_require(
            PURCHASE_USER, message=self.env._("Only group-order staff hand out baskets.")
        )
        self.write({"collected": True})
        return True

    def action_mark_not_collected(self):
        self.env["res.users"]._coop_require(
            PURCHASE_USER, message=self.env._("Only group-order staff hand out baskets.")
        )
        self.write({"collected": False})
        return True

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

    def _prepare_invoice(self, journal, transport_product, transport_share=0.0, date=None):
        """The member's invoice for this basket: goods at the member price with their taxes,
        and their part of the transport. The one way a round charges a member, by invoice or
        from a prepaid balance alike."""
        self.ensure_one()
        round_ = self.round_id
        lines = [
            fields.Command.create(values) for values in self._invoice_line_values(round_.company_id)
        ]
        if not round_.currency_id.is_zero(transport_share):
            lines.append(
                fields.Command.create(
                    {
                        "product_id": transport_product.id,
                        "name": self.env._("Transport, %s", round_.name),
                        "quantity": 1,
                        "price_unit": transport_share,
                        "tax_ids": [fields.Command.clear()],
                    }
                )
            )
        values = {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "journal_id": journal.id,
            "invoice_origin": round_.name,
            "invoice_line_ids": lines,
        }
        if date:
            values["invoice_date"] = date
        return values
