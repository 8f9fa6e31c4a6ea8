from odoo import models
from odoo.exceptions import UserError


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payments(self):
        self._coop_check_no_overpayment()
        return super()._create_payments()

    def _reconcile_payments(self, to_process, edit_mode=False):
        res = super()._reconcile_payments(to_process, edit_mode=edit_mode)
        # Payments are linked to their invoices only now.
        self.line_ids.move_id._coop_sync_share_capital()
        return res

    def _coop_check_no_overpayment(self):
        """Share capital is paid exactly: an overpayment would be capital nobody subscribed."""
        moves = self.line_ids.move_id.filtered(
            lambda m: m.journal_id.coop_is_share_capital or m.coop_subscription_request_id
        )
        if not moves:
            return
        for wizard in self:
            residual = sum(move.amount_total - move._coop_paid_amount() for move in moves)
            if wizard.currency_id.compare_amounts(wizard.amount, residual) > 0:
                raise UserError(
                    self.env._(
                        "This payment of %(amount)s is more than the %(residual)s still due on "
                        "the share capital invoice. Record the exact amount; refund any excess "
                        "separately.",
                        amount=wizard.amount,
                        residual=residual,
                    )
                )
