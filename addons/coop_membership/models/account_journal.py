from odoo import api, fields, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    coop_is_share_capital = fields.Boolean(
        string="Share Capital Journal",
        help="Capital release invoices and share refunds only; no goods.",
    )

    @api.model
    def _coop_book_bank_payments(self, company_id):
        """Let the company's bank journals book each payment when it is registered, on
        Odoo's outstanding receipts and payments accounts, rather than only once a bank
        statement line is reconciled: the invoice is paid in the books at once, and the
        statement later moves the money from outstanding to the bank account."""
        company = self.env["res.company"].browse(company_id)
        accounts = {
            "inbound": company.account_journal_payment_debit_account_id,
            "outbound": company.account_journal_payment_credit_account_id,
        }
        journals = self.search([("type", "=", "bank"), ("company_id", "=", company.id)])
        for line in journals.inbound_payment_method_line_ids | (
            journals.outbound_payment_method_line_ids
        ):
            if not line.payment_account_id and accounts[line.payment_type]:
                line.payment_account_id = accounts[line.payment_type]
        return journals
