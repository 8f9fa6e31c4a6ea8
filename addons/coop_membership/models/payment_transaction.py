from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    coop_is_top_up = fields.Boolean(
        string="Top-up",
        readonly=True,
        copy=False,
        help="Money a member pays in ahead: once done, the payment is credited to their "
        "balance on the members' account.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        transactions = super().create(vals_list)
        # Refused before any money moves; the exception undoes the creation.
        transactions._coop_check_transaction()
        return transactions

    def _coop_is_top_up(self):
        """Whether this transaction pays money in ahead rather than invoices: a top-up, or
        a capture or refund of one. The one rule the payment's accounting follows."""
        self.ensure_one()
        return bool((self | self.source_transaction_id).filtered("coop_is_top_up"))

    def _coop_invoices(self):
        self.ensure_one()
        if self.operation == self.source_transaction_id.operation:
            return self.source_transaction_id.invoice_ids  # a partial capture
        return self.invoice_ids

    def _coop_invoice_receivable_account(self):
        """The receivable account this transaction's invoices are owed on: capital release
        invoices on their own, goods on the members' account. Empty unless they share one."""
        self.ensure_one()
        accounts = (
            self._coop_invoices()
            .line_ids.filtered(lambda line: line.display_type == "payment_term")
            .account_id
        )
        return accounts if len(accounts) == 1 else accounts.browse()

    def _coop_check_transaction(self):
        for tx in self:
            if tx.operation == "refund" and tx._coop_is_top_up():
                # Money paid back from the member's balance, never more than it holds.
                tx.partner_id._coop_check_pay_out_amount(-tx.amount, tx.provider_id.company_id)
            if tx.operation in ("validation", "refund") or tx.source_transaction_id:
                continue
            if tx.coop_is_top_up:
                tx._coop_check_top_up()
            elif tx.invoice_ids:
                tx._coop_check_invoice_payment()

    def _coop_check_top_up(self):
        """A top-up is paid by a person into their own balance, in the co-op's currency,
        through a provider whose journal books it, for an amount they may pay in."""
        self.ensure_one()
        company = self.provider_id.company_id
        if self.invoice_ids:
            raise ValidationError(self.env._("A top-up pays no invoice."))
        if self.currency_id != company.currency_id:
            raise ValidationError(self.env._("A top-up is paid in %s.", company.currency_id.name))
        self.partner_id._coop_check_top_up_amount(self.amount, company, online=True)
        if not self.provider_id.journal_id:
            raise ValidationError(
                self.env._("%s has no payment journal to book top-ups.", self.provider_id.name)
            )
        self.provider_id.journal_id._coop_top_up_method_line(provider=self.provider_id)

    def _coop_check_invoice_payment(self):
        """Invoices paid online must still be due, and together owed on one receivable
        account: one payment settles them, and it can reconcile only on one account
        (capital release invoices are owed apart from goods)."""
        self.ensure_one()
        invoices = self.invoice_ids
        done = invoices.filtered(
            lambda m: (
                m.state == "cancel"
                or (m.state == "posted" and m.payment_state not in ("not_paid", "partial"))
            )
        )
        if done:
            raise ValidationError(
                self.env._("Nothing is left to pay on %s.", ", ".join(done.mapped("display_name")))
            )
        if len(invoices) > 1 and not self._coop_invoice_receivable_account():
            raise ValidationError(
                self.env._(
                    "These invoices are owed on different accounts (capital apart from "
                    "goods): pay them one by one."
                )
            )
        residual = sum(invoices.mapped("amount_residual"))
        if all(m.state == "posted" for m in invoices) and (
            self.currency_id.compare_amounts(self.amount, residual) > 0
        ):
            raise ValidationError(
                self.env._(
                    "%(amount)s is more than the %(due)s left to pay.",
                    amount=self.currency_id.format(self.amount),
                    due=self.currency_id.format(residual),
                )
            )

    def _create_payment(self, **extra_create_values):
        self.ensure_one()
        if self._coop_is_top_up():
            partner = self.partner_id.commercial_partner_id
            company = self.provider_id.company_id
            extra_create_values = {
                "destination_account_id": company._coop_member_account().id,
                "coop_is_top_up": True,
                "memo": partner._coop_payment_reference(),
                **extra_create_values,
            }
        elif account := self._coop_invoice_receivable_account():
            # Odoo takes the partner's default receivable and reconciles only on it.
            extra_create_values = {"destination_account_id": account.id, **extra_create_values}
        return super()._create_payment(**extra_create_values)
