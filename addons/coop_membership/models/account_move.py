from odoo import fields, models
from odoo.exceptions import UserError

from .res_company import shop_today


class AccountMove(models.Model):
    _inherit = "account.move"

    coop_subscription_request_id = fields.Many2one(
        "coop.subscription.request",
        string="Subscription Request",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    coop_sellback_request_id = fields.Many2one(
        "coop.sellback.request",
        string="Sell-back Request",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    def _post(self, soft=True):
        self._coop_check_capital_separation()
        return super()._post(soft=soft)

    def _coop_check_capital_separation(self):
        """Capital lives in its own journal; goods never share an invoice with it."""
        capital_products = (
            self.env["coop.share.type"].with_context(active_test=False).search([]).product_id
        )
        for move in self.filtered(lambda m: m.is_invoice(include_receipts=True)):
            products = move.invoice_line_ids.product_id
            in_capital_journal = move.journal_id.coop_is_share_capital
            if in_capital_journal and (
                products - capital_products
                or move.invoice_line_ids.filtered(
                    lambda line: line.display_type == "product" and not line.product_id
                )
            ):
                raise UserError(
                    self.env._(
                        "%s is in the share capital journal: it may only hold share lines.",
                        move.display_name,
                    )
                )
            if not in_capital_journal and products & capital_products:
                raise UserError(
                    self.env._(
                        "%s sells shares outside the share capital journal. "
                        "Shares are sold through a subscription request.",
                        move.display_name,
                    )
                )

    def button_cancel(self):
        res = super().button_cancel()
        if not self.env.context.get("coop_cancelling_request"):
            requests = self.coop_subscription_request_id.filtered(
                lambda r: r.state in ("draft", "waiting")
            )
            if requests:
                requests.action_cancel()
        return res

    def _coop_unmoved_payments(self):
        """Payments that settle this invoice without a journal entry (Odoo 18 can do that)."""
        self.ensure_one()
        return self.matched_payment_ids.filtered(
            lambda p: not p.move_id and p.state in ("in_process", "paid")
        )

    def _coop_paid_amount(self):
        """What has been paid on this invoice, reconciled or not, in its currency."""
        self.ensure_one()
        reconciled = self.amount_total - self.amount_residual
        return reconciled + sum(self._coop_unmoved_payments().mapped("amount"))

    def _coop_last_payment_date(self):
        """Date of the latest payment on this invoice, never in the future."""
        self.ensure_one()
        receivable = self.line_ids.filtered(
            lambda line: line.account_id.account_type in ("asset_receivable", "liability_payable")
        )
        counterparts = (
            receivable.matched_debit_ids.debit_move_id
            | receivable.matched_credit_ids.credit_move_id
        ) - receivable
        dates = counterparts.mapped("date") + self._coop_unmoved_payments().mapped("date")
        today = shop_today(self)
        return min(max(dates, default=today), today)

    def _coop_register_payment(self, amount=None, payment_date=None, journal=None):
        """Pay this invoice or refund through Odoo's own payment wizard."""
        values = {}
        if amount is not None:
            values["amount"] = amount
        if payment_date:
            values["payment_date"] = payment_date
        if journal:
            values["journal_id"] = journal.id
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=self.ids)
            .create(values)
        )
        return wizard._create_payments()

    def _coop_sync_share_capital(self):
        moves = self.sudo()
        moves.coop_subscription_request_id._coop_sync_with_payments()
        moves.coop_sellback_request_id._coop_sync_with_payments()
