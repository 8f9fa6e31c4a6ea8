from odoo import _, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    coop_subscription_request_id = fields.Many2one(
        "coop.subscription.request", string="Subscription Request", readonly=True, copy=False,
        index="btree_not_null",
    )
    coop_sellback_request_id = fields.Many2one(
        "coop.sellback.request", string="Sell-back Request", readonly=True, copy=False,
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
                    _(
                        "%s is in the share capital journal: it may only hold share lines.",
                        move.display_name,
                    )
                )
            if not in_capital_journal and products & capital_products:
                raise UserError(
                    _(
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

    def _coop_last_payment_date(self):
        """Date of the latest payment reconciled with this invoice, never in the future."""
        self.ensure_one()
        receivable = self.line_ids.filtered(
            lambda line: line.account_id.account_type in ("asset_receivable", "liability_payable")
        )
        partials = receivable.matched_debit_ids | receivable.matched_credit_ids
        today = fields.Date.context_today(self)
        latest = max(partials.mapped("max_date"), default=today)
        return min(latest, today)

    def _coop_sync_share_capital(self):
        self.coop_subscription_request_id._coop_sync_with_payments()
        self.coop_sellback_request_id._coop_sync_with_payments()
