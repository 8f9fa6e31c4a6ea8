from odoo import models


class PosSession(models.Model):
    _inherit = "pos.session"

    def _get_split_receivable_vals(self, payment, amount, amount_converted):
        vals = super()._get_split_receivable_vals(payment, amount, amount_converted)
        if payment.payment_method_id.type == "pay_later":
            # Paid from the member's account: charged where their money sits.
            vals["account_id"] = self.company_id._coop_member_account().id
        return vals

    def _reconcile_account_move_lines(self, data):
        data = super()._reconcile_account_move_lines(data)
        self._coop_settle_sales_on_account()
        return data

    def _coop_settle_sales_on_account(self):
        """What members bought on account is paid, as far as it goes, by what they paid in
        ahead: the session's charges are reconciled with their credits, like a round's
        invoice."""
        account = self.company_id._coop_member_account()
        partners = self.order_ids.payment_ids.filtered(
            lambda p: p.payment_method_id.type == "pay_later"
        ).pos_order_id.partner_id.commercial_partner_id
        if not partners or not account.reconcile:
            return
        open_lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", account.id),
                ("partner_id", "in", partners.ids),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("company_id", "=", self.company_id.id),
            ],
            order="date, id",
        )
        for partner in partners:
            lines = open_lines.filtered(lambda line, p=partner: line.partner_id == p)
            if lines.filtered(lambda line: line.balance > 0) and lines.filtered(
                lambda line: line.balance < 0
            ):
                lines.reconcile()
