from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountJournal(models.Model):
    _inherit = "account.journal"

    coop_is_share_capital = fields.Boolean(
        string="Share Capital Journal",
        help="Capital release invoices and share refunds only; no goods.",
    )

    @api.model
    def _coop_book_bank_payments(self, company_id):
        """Let the company's bank journals book each payment when it is registered, on an
        outstanding receipts (payments) account beside the bank's, rather than only once a
        bank statement line is reconciled: the invoice is paid in the books at once, and
        the statement later moves the money from outstanding to the bank account."""
        company = self.env["res.company"].browse(company_id)
        journals = self.search([("type", "=", "bank"), ("company_id", "=", company.id)])
        names = {
            "inbound": self.env._("Outstanding Receipts"),
            "outbound": self.env._("Outstanding Payments"),
        }
        for journal in journals:
            for line in journal.inbound_payment_method_line_ids | (
                journal.outbound_payment_method_line_ids
            ):
                if not line.payment_account_id:
                    line.payment_account_id = journal._coop_outstanding_account(
                        f"{names[line.payment_type]} ({journal.name})"
                    )
        return journals

    def _coop_outstanding_account(self, name):
        self.ensure_one()
        Account = self.env["account.account"].with_company(self.company_id)
        account = Account.search(
            [*Account._check_company_domain(self.company_id), ("name", "=", name)], limit=1
        )
        return account or Account.create(
            {
                "name": name,
                "code": Account._search_new_account_code(self.default_account_id.code or "1000"),
                "account_type": "asset_current",
                "reconcile": True,
            }
        )

    def _coop_top_up_method_line(self, provider=None):
        """The incoming payment method a top-up into this journal is recorded with (the
        provider's own for an online payment). Refuses a journal that would leave the
        top-up off the books, so that the member's balance always shows it."""
        self.ensure_one()
        if self.type not in ("bank", "cash", "credit"):
            raise ValidationError(
                self.env._("A top-up is paid into a bank, cash or card journal, not %s.", self.name)
            )
        method_lines = self.inbound_payment_method_line_ids
        if provider:
            method_lines = method_lines.filtered(lambda line: line.payment_provider_id == provider)
        method_line = method_lines[:1]
        if not method_line.payment_account_id:
            # Odoo 18 would record the payment with no journal entry until a bank statement
            # is reconciled: the member's balance would not show it.
            raise ValidationError(
                self.env._(
                    "%s books incoming payments only when a bank statement is reconciled. "
                    "Give its incoming payment method an outstanding receipts account "
                    "(Accounting > Configuration > Journals), or let the bank statement bring "
                    "the transfer in.",
                    self.name,
                )
            )
        return method_line
