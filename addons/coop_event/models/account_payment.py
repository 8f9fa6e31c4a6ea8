from odoo import models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def write(self, vals):
        res = super().write(vals)
        # A payment without a journal entry settles its invoices when it is posted or linked
        # to them, without any reconciliation: core's paid hook is not called for it.
        if vals.get("state") == "in_process" or "invoice_ids" in vals:
            self.invoice_ids._coop_payment_linked()
        elif "state" in vals:
            self.invoice_ids._coop_confirm_paid_tickets()
        return res
