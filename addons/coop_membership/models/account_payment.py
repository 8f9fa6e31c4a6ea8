from odoo import models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # A payment can settle an invoice without any journal entry in Odoo 18,
            # so its state changes are what make shares effective or take them back.
            (self.invoice_ids | self.reconciled_invoice_ids)._coop_sync_share_capital()
        return res
