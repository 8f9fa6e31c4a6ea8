from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _coop_owe_on_member_account(self):
        """What members owe on these draft invoices is owed on the members' account, where
        their prepaid money waits as a credit (it is Odoo's default receivable unless the
        co-op chose another)."""
        for company in self.company_id:
            member_account = company._coop_member_account()
            self.filtered(lambda m, c=company: m.company_id == c).line_ids.filtered(
                lambda line, a=member_account: (
                    line.display_type == "payment_term" and line.account_id != a
                )
            ).account_id = member_account

    def _coop_pay_from_member_credit(self):
        """Pay these posted customer invoices from what their members hold on the members'
        account: Odoo's own outstanding credits (top-ups, credit notes, overpayments), the
        oldest first, as the invoice's *Outstanding credits* widget would. An invoice larger
        than the credit stays open for the difference."""
        invoices = self.filtered(
            lambda m: (
                m.state == "posted"
                and m.move_type == "out_invoice"
                and m.payment_state in ("not_paid", "partial")
            )
        ).sorted(lambda m: (m.invoice_date or m.date, m.id))
        if not invoices:
            return self.env["account.move.line"]
        receivables = invoices.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        credits = self.env["account.move.line"].search(
            [
                ("account_id", "in", receivables.account_id.ids),
                ("partner_id", "in", invoices.commercial_partner_id.ids),
                ("company_id", "in", invoices.company_id.ids),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("balance", "<", 0.0),
                ("amount_residual", "!=", 0.0),
            ],
            order="date, id",
        )
        used = self.env["account.move.line"]
        for invoice in invoices:
            for credit in credits.filtered(
                lambda line, m=invoice: (
                    line.partner_id == m.commercial_partner_id
                    and line.company_id == m.company_id
                    and line.account_id in m.line_ids.account_id
                    and not line.reconciled
                )
            ):
                if invoice.currency_id.is_zero(invoice.amount_residual):
                    break
                invoice.js_assign_outstanding_line(credit.id)
                used |= credit
        return used
