from odoo import api, models
from odoo.exceptions import ValidationError


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    @api.constrains("journal_id", "split_transactions")
    def _check_coop_customer_account_identifies(self):
        """Sales on a Customer Account not split per customer are booked at closing as one
        line with no member: members' balances would never see them."""
        for method in self:
            if method.type == "pay_later" and not method.split_transactions:
                raise ValidationError(
                    self.env._(
                        "%s charges members' accounts: tick Identify Customer, so that each "
                        "sale is charged to the member who made it.",
                        method.name,
                    )
                )
