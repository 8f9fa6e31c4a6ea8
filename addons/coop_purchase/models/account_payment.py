from odoo import models
from odoo.exceptions import UserError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def _coop_check_in_the_books(self):
        """Refuse a member's payment that Odoo recorded without a journal entry.

        Odoo 18 books a payment only when its payment method has an outstanding account;
        without one it waits for a bank statement line, and a member's balance, read from
        the books, would not move.
        """
        for payment in self.filtered(lambda p: not p.move_id):
            raise UserError(
                self.env._(
                    "Nothing was recorded: %(journal)s records %(method)s payments without a "
                    "journal entry, so %(member)s's balance would not change. Give the "
                    "payment method %(method)s of %(journal)s an outstanding account "
                    "(Invoicing → Configuration → Journals), or choose another journal.",
                    journal=payment.journal_id.name,
                    method=payment.payment_method_line_id.name,
                    member=payment.partner_id.name,
                )
            )
