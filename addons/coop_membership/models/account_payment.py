from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    coop_is_top_up = fields.Boolean(
        string="Top-up",
        readonly=True,
        copy=False,
        help="Money a member paid in ahead, to spend on group orders or at the till. It sits "
        "as a credit on the members' account until goods are charged against it.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # A payment can settle an invoice without any journal entry in Odoo 18,
            # so its state changes are what make shares effective or take them back.
            (self.invoice_ids | self.reconciled_invoice_ids)._coop_sync_share_capital()
        return res
