from collections import defaultdict
from contextlib import contextmanager

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..const import POS_MANAGER

# States of an order whose money is in the drawer: a sale that happened.
PAID_STATES = ("paid", "done", "invoiced")

# Written only through the methods below, never from a till's payload or a plain write.
REVIEW_FIELDS = {
    "coop_override_reason",
    "coop_override_user_id",
    "coop_review_state",
    "coop_review_reason",
    "coop_review_cashier_id",
    "coop_review_note",
    "coop_reviewed_by_id",
    "coop_reviewed_date",
    "coop_review_activity_ids",
}


class PosOrder(models.Model):
    _inherit = "pos.order"

    coop_override_reason = fields.Char(
        string="Override Reason",
        readonly=True,
        help="Why a manager let this order through for someone who may not shop.",
    )
    coop_override_user_id = fields.Many2one("res.users", string="Overridden By", readonly=True)
    coop_review_state = fields.Selection(
        [("to_review", "To Review"), ("reviewed", "Reviewed")],
        string="Sale Review",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="A paid sale the co-op's rules would have refused (a buyer who may not shop, "
        "consigned goods oversold): it is recorded, then reviewed by a POS manager.",
    )
    coop_review_reason = fields.Text(string="Why It Is Flagged", readonly=True, copy=False)
    coop_review_cashier_id = fields.Many2one(
        "res.users", string="Recorded By", readonly=True, copy=False
    )
    coop_review_note = fields.Text(string="Review Note", readonly=True, copy=False)
    coop_reviewed_by_id = fields.Many2one("res.users", string="Reviewed By", readonly=True)
    coop_reviewed_date = fields.Datetime(string="Reviewed On", readonly=True, copy=False)
    coop_review_activity_ids = fields.Many2many(
        "mail.activity", string="Review Activities", readonly=True, copy=False
    )

    # ------------------------------------------------------------ the rule

    @api.model
    def _coop_sale_problems(self, config, partner, lines, order=None):
        """What the co-op's rules say against selling `lines` to `partner` at `config`'s
        till: a list of (kind, message), empty when all is well.

        `lines` are dicts from pos.order.line's _coop_sale_line / _coop_sale_line_from_till
        ("product", "qty", and what other addons add, such as the event ticket). The one rule
        of the till, asked before payment (coop_check_sale) and on every paid order as
        stored; `order` is the stored order when there is one. Other addons add their own
        problems (consigned stock, tickets) through super().
        """
        problems = []
        sold = self._coop_quantities(lines)
        if not sold:
            return problems  # a refund is no sale
        if all(product.coop_open_to_public for product in sold):
            return problems
        if order and order.coop_override_user_id:
            return problems  # a manager let this buyer through, with a reason
        if not partner:
            if not config.coop_allow_anonymous:
                problems.append(
                    ("customer", self.env._("This till sells only to members: choose a customer."))
                )
            return problems
        if not partner._coop_can_shop():
            problems.append(
                (
                    "buyer",
                    self.env._(
                        "%(name)s may not shop: %(why)s",
                        name=partner.name,
                        why=partner._coop_status_reason(),
                    ),
                )
            )
        return problems

    @api.model
    def _coop_quantities(self, lines):
        """{product: quantity sold} of the lines that sell (refunds left out)."""
        quantities = defaultdict(float)
        for line in lines:
            quantities[line["product"]] += line["qty"]
        return {product: qty for product, qty in quantities.items() if qty > 0}

    def _coop_stored_sale_problems(self):
        self.ensure_one()
        lines = [line._coop_sale_line() for line in self.lines]
        on_account = sum(
            self.payment_ids.filtered(lambda p: p.payment_method_id.type == "pay_later").mapped(
                "amount"
            )
        )
        return self._coop_sale_problems(
            self.config_id, self.partner_id, lines, order=self
        ) + self._coop_payment_problems(self.config_id, self.partner_id, on_account, order=self)

    @api.model
    def _coop_payment_problems(self, config, partner, on_account, order=None):
        """Paying `on_account` from the member's account (Odoo's Customer Account) may not
        take their balance below the co-op's lowest balance at the till."""
        company = config.company_id
        currency = company.currency_id
        if currency.compare_amounts(on_account, 0) <= 0 or not partner:
            return []
        partner = partner.commercial_partner_id
        balance = partner._coop_till_balances(company, except_order=order)[partner.id]
        minimum = company.coop_till_min_balance
        if currency.compare_amounts(balance - on_account, minimum) >= 0:
            return []
        return [
            (
                "account",
                self.env._(
                    "%(name)s has %(balance)s on their account: paying %(amount)s from it would "
                    "take it below %(minimum)s.",
                    name=partner.name,
                    balance=currency.format(balance),
                    amount=currency.format(on_account),
                    minimum=currency.format(minimum),
                ),
            )
        ]

    @api.model
    def coop_check_sale(self, config_id, partner_id, lines, on_account=0.0):
        """The till asks before taking payment: may this basket be sold to this person,
        with `on_account` of it paid from their account?

        `lines` are [product_id, quantity] or [product_id, quantity, {more}] (an event
        ticket...). Answers the problems and the buyer's fresh status, so that the till
        shows what the server will record.
        """
        self.check_access("create")
        config = self.env["pos.config"].browse(config_id).exists()
        if not config:
            raise UserError(self.env._("This till no longer exists."))
        partner = self.env["res.partner"].browse(partner_id or []).exists()
        Line = self.env["pos.order.line"]
        sale_lines = [
            Line._coop_sale_line_from_till(
                self.env["product.product"].browse(int(product_id)),
                float(quantity),
                more[0] if more and isinstance(more[0], dict) else {},
            )
            for product_id, quantity, *more in lines or []
        ]
        problems = self._coop_sale_problems(
            config, partner, sale_lines
        ) + self._coop_payment_problems(config, partner, float(on_account or 0.0))
        return {
            "problems": [{"kind": kind, "message": message} for kind, message in problems],
            "partner": partner.read(partner._coop_pos_fields())[0] if partner else False,
        }

    # ------------------------------------------------------------ recording

    @api.model
    def _process_order(self, order, existing_order):
        # Only the server decides who overrode and what is flagged: never the payload.
        override_reason = (order.get("coop_override_reason") or "").strip()
        for field_name in REVIEW_FIELDS:
            order.pop(field_name, None)
        with self._coop_till_sync():
            order_id = super()._process_order(order, existing_order)
        pos_order = self.browse(order_id)
        if pos_order.state in PAID_STATES:
            pos_order._coop_apply_override(override_reason)
            pos_order._coop_review_sale()
        return order_id

    @api.model
    @contextmanager
    def _coop_till_sync(self):
        """While a till's order is saved, its paid sale is judged once at the end, not by
        each write on the way. Kept on the cursor, never in the context, which an RPC
        caller could set to skip the review."""
        cache = self.env.cr.cache
        cache["coop_till_sync"] = cache.get("coop_till_sync", 0) + 1
        try:
            yield
        finally:
            cache["coop_till_sync"] -= 1

    @api.model
    def _coop_in_till_sync(self):
        return self.env.cr.cache.get("coop_till_sync", 0) > 0

    def _coop_apply_override(self, reason):
        """Accept a manager's override sent with the order, if the buyer needed one."""
        self.ensure_one()
        if not reason:
            return
        problems = self._coop_stored_sale_problems()
        if not any(kind == "buyer" for kind, _message in problems):
            return  # nobody needed letting through
        if not self.env.user.has_group(POS_MANAGER):
            self.sudo().message_post(
                body=self.env._(
                    "%(user)s, who is no POS manager, tried to let this sale through: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
            return
        self.sudo().write(
            {"coop_override_reason": reason, "coop_override_user_id": self.env.user.id}
        )
        self._coop_log_override()

    def _coop_review_sale(self):
        """Flag every paid order, as stored, that the co-op's rules would have refused.

        The sale happened: it is never refused here, only recorded for a manager's review.
        """
        for order in self.filtered(lambda o: o.state in PAID_STATES):
            problems = order._coop_stored_sale_problems()
            if not problems:
                continue
            reason = "\n".join(message for _kind, message in problems)
            if order.coop_review_state == "to_review" and order.coop_review_reason == reason:
                continue
            order._coop_flag(reason)

    def _coop_flag(self, reason):
        self.ensure_one()
        cashier = self.env.user
        self.sudo().write(
            {
                "coop_review_state": "to_review",
                "coop_review_reason": reason,
                "coop_review_cashier_id": cashier.id,
                "coop_review_note": False,
                "coop_reviewed_by_id": False,
                "coop_reviewed_date": False,
            }
        )
        summary = self.env._("Sale to review: %s", self.pos_reference or self.name)
        body = self.env._(
            "Recorded and flagged for review (sold by %(cashier)s): %(reason)s",
            cashier=self.user_id.name or cashier.name,
            reason=reason,
        )
        self.sudo().message_post(body=body)
        # On the session, which the managers close: pos.order has no activities.
        session = self.session_id.sudo()
        activities = self.env["mail.activity"].sudo()
        for manager in self.config_id.sudo()._coop_sale_reviewers():
            activities |= session.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=Markup("<p>%s</p>") % body,
                user_id=manager.id,
            )
        self.sudo().coop_review_activity_ids = activities

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_guard_review_fields(vals)
        orders = super().create(vals_list)
        if not self._coop_in_till_sync():
            orders._coop_review_sale()
        return orders

    def write(self, vals):
        self._coop_guard_review_fields(vals)
        if "partner_id" in vals:
            # A manager's override is for one person, not for whoever the order goes to next.
            changed = self.filtered(lambda o: o.partner_id.id != vals["partner_id"])
            if changed.filtered("coop_override_user_id"):
                changed.sudo().write(
                    {"coop_override_reason": False, "coop_override_user_id": False}
                )
        res = super().write(vals)
        if not self._coop_in_till_sync() and ({"state", "partner_id", "lines"} & set(vals)):
            self._coop_review_sale()
        return res

    def _coop_guard_review_fields(self, vals):
        if self.env.su or not REVIEW_FIELDS & set(vals):
            return
        raise AccessError(
            self.env._(
                "Overrides and sale reviews are written by the till's server check and by "
                "POS managers through Review, not directly."
            )
        )

    # ------------------------------------------------------------ review

    def _coop_check_reviewer(self):
        if not self.env.user.has_group(POS_MANAGER):
            raise AccessError(self.env._("Only a POS manager reviews flagged sales."))

    def action_coop_open_review(self):
        self._coop_check_reviewer()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Review Sale"),
            "res_model": "coop.pos.review.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def _coop_mark_reviewed(self, note):
        """A POS manager has looked at these flagged sales and says why they stand."""
        self._coop_check_reviewer()
        note = (note or "").strip()
        if not note:
            raise UserError(self.env._("Say what you found: a review needs a note."))
        flagged = self.filtered(lambda o: o.coop_review_state == "to_review")
        if flagged != self:
            raise UserError(self.env._("Only sales flagged for review can be reviewed."))
        flagged.sudo().write(
            {
                "coop_review_state": "reviewed",
                "coop_review_note": note,
                "coop_reviewed_by_id": self.env.user.id,
                "coop_reviewed_date": fields.Datetime.now(),
            }
        )
        for order in flagged:
            order.sudo().message_post(
                body=self.env._("Review by %(user)s: %(note)s", user=self.env.user.name, note=note)
            )
        flagged.sudo().coop_review_activity_ids.exists().action_feedback(feedback=note)

    def _coop_log_override(self):
        for order in self:
            message = self.env._(
                "%(user)s let %(partner)s buy despite their status (order %(order)s): %(reason)s",
                user=order.coop_override_user_id.name,
                partner=order.partner_id.name,
                order=order.pos_reference or order.name,
                reason=order.coop_override_reason,
            )
            order.sudo().message_post(body=message)
            # Logged even when the manager may not edit contacts; the author stays the manager.
            order.partner_id.sudo().message_post(
                body=message, author_id=self.env.user.partner_id.id
            )

    @api.model
    def _load_pos_data_fields(self, config_id):
        fields_list = super()._load_pos_data_fields(config_id)
        return fields_list + ["coop_override_reason"] if fields_list else fields_list
