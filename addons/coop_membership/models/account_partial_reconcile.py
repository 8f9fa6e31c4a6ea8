from odoo import models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def unlink(self):
        moves = (self.debit_move_id | self.credit_move_id).move_id
        res = super().unlink()
        # An undone payment takes back the shares it had made effective.
        moves.exists()._coop_sync_share_capital()
        return res
