from odoo import fields, models
from odoo.tools.misc import formatLang

from .res_partner import TOP_UP


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    coop_match_note = fields.Char(
        string="Co-op Match",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice",
        help="What the co-op payment reference on this line paid, or why the line was left "
        "for you to match.",
    )

    def _coop_reference_verdict(self):
        """What the co-op payment reference on this line names, and whether the co-op's
        reconciliation models may settle it. The one rule for the import, the
        reconciliation models and the reconciliation screen.

        Returns None when the line carries no co-op reference or pays money out, else
        {"reference", "key", "rule": "member_invoice" | "member_top_up", "partner",
        "invoice", "amls", "reason"}, where `reason` tells the person who matches the
        line by hand why it was not matched (empty when it may be)."""
        self.ensure_one()
        currency = self.foreign_currency_id or self.currency_id
        amount = self.amount_currency if self.foreign_currency_id else self.amount
        if currency.compare_amounts(amount, 0) <= 0:
            return None
        verdict = self._coop_find_reference()
        if verdict is None:
            return None
        reference, key, invoice = verdict["reference"], verdict["key"], verdict["invoice"]

        def refuse(reason):
            verdict["reason"] = reason
            return verdict

        if verdict["rule"] == "member_top_up":
            if not verdict["partner"]:
                return refuse(
                    self.env._(
                        "%(reference)s: no member has the number %(key)s.",
                        reference=reference,
                        key=key,
                    )
                )
            return verdict
        if not invoice:
            if not verdict["partner"]:
                return refuse(
                    self.env._(
                        "%(reference)s: unknown reference; no member has the number %(key)s.",
                        reference=reference,
                        key=key,
                    )
                )
            return refuse(
                self.env._(
                    "%(reference)s: no invoice of %(member)s has this reference.",
                    reference=reference,
                    member=verdict["partner"].display_name,
                )
            )
        verdict["partner"] = invoice.commercial_partner_id
        names = {"reference": reference, "invoice": invoice.display_name}
        if invoice.state != "posted":
            return refuse(
                self.env._(
                    "%(reference)s: %(invoice)s is cancelled or in draft, not awaiting payment.",
                    **names,
                )
            )
        if invoice.currency_id != currency:
            return refuse(
                self.env._(
                    "%(reference)s: %(invoice)s is in %(invoice_currency)s, the transfer in "
                    "%(currency)s.",
                    invoice_currency=invoice.currency_id.name,
                    currency=currency.name,
                    **names,
                )
            )
        if invoice._coop_unmoved_payments():
            return refuse(
                self.env._(
                    "%(reference)s: %(invoice)s has a payment recorded that the bank has not "
                    "cleared yet: match this line with that payment.",
                    **names,
                )
            )
        # A payment someone recorded for this transfer, waiting for the bank: clear it.
        recorded = self._coop_uncleared_payment_line(invoice, amount)
        if recorded:
            verdict["amls"] = recorded
            return verdict
        due = invoice.amount_residual
        if invoice.payment_state in ("paid", "in_payment", "reversed") or currency.is_zero(due):
            return refuse(
                self.env._(
                    "%(reference)s: %(invoice)s is already paid. This is a second payment: "
                    "refund it, or keep it as a credit on the member's account.",
                    **names,
                )
            )
        amounts = {
            "amount": formatLang(self.env, amount, currency_obj=currency),
            "due": formatLang(self.env, due, currency_obj=currency),
            **names,
        }
        comparison = currency.compare_amounts(amount, due)
        if invoice.journal_id.coop_is_share_capital:
            # Capital may be paid in instalments; each one makes whole shares effective.
            if comparison > 0:
                return refuse(
                    self.env._(
                        "%(reference)s: %(amount)s received, more than the %(due)s still due "
                        "on %(invoice)s.",
                        **amounts,
                    )
                )
        elif comparison:
            return refuse(
                self.env._(
                    "%(reference)s: %(amount)s received, but %(due)s is due on %(invoice)s.",
                    **amounts,
                )
            )
        verdict["amls"] = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        )
        return verdict

    def _coop_match_member_references(self):
        """Settle the lines carrying a co-op reference through the co-op's reconciliation
        models, and write on each what it paid or why it is left for a person. Called on
        import and when lines are created."""
        for line in self:
            if line.is_reconciled:
                continue
            verdict = line._coop_reference_verdict()
            if verdict is None:
                continue
            if verdict["reason"]:
                line.sudo().coop_match_note = verdict["reason"]
                continue
            models = self.env["account.reconcile.model"].search(
                [
                    ("company_id", "=", line.company_id.id),
                    ("coop_rule", "=", verdict["rule"]),
                    ("auto_reconcile", "=", True),
                ]
            )
            member = verdict["partner"]
            if models:
                if line.partner_id != member:
                    line.partner_id = member
                line._do_auto_reconcile(models)
            values = {"reference": verdict["reference"], "member": member.display_name}
            if not line.is_reconciled:
                line.sudo().coop_match_note = self.env._(
                    "%(reference)s: for %(member)s, but no co-op reconciliation model "
                    "settles it automatically in this journal.",
                    **values,
                )
            elif verdict["rule"] == "member_top_up":
                line.sudo().coop_match_note = self.env._(
                    "%(reference)s: top-up of %(member)s.", **values
                )
            elif verdict["amls"].move_id == verdict["invoice"]:
                line.sudo().coop_match_note = self.env._(
                    "%(reference)s: paid on %(invoice)s of %(member)s.",
                    invoice=verdict["invoice"].display_name,
                    **values,
                )
            else:
                line.sudo().coop_match_note = self.env._(
                    "%(reference)s: the bank cleared %(payment)s, recorded for %(invoice)s of "
                    "%(member)s.",
                    payment=verdict["amls"].move_id.display_name,
                    invoice=verdict["invoice"].display_name,
                    **values,
                )

    def _auto_reconcile(self):
        # What Odoo and OCA match on their own when lines are created: the lines with a
        # co-op reference go to the co-op rule only, never to matching by amount or text.
        coop_lines = self.filtered(lambda line: line._coop_reference_verdict() is not None)
        coop_lines._coop_match_member_references()
        return super(AccountBankStatementLine, self - coop_lines)._auto_reconcile()

    def _coop_find_reference(self):
        """The co-op reference on this line, with what it names. Bank text may hold
        other digit-hyphen-digit groups (a sort code, a date), so the first one naming an
        invoice or a member's top-up wins, then one naming a member; one naming nothing
        is only taken when it is clearly the co-op's (a top-up, or a P key)."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        found, found_rank = None, 0
        for key, what in Partner._coop_parse_payment_references(self.payment_ref, self.ref):
            reference = f"{key}-{what}"
            partner = Partner._coop_from_reference_key(key)
            invoice = self.env["account.move"]
            if what != TOP_UP:
                invoice = invoice.search(
                    [
                        ("payment_reference", "=", reference),
                        ("move_type", "=", "out_invoice"),
                        ("company_id", "=", self.company_id.id),
                    ],
                    order="id desc",
                    limit=1,
                )
            candidate = {
                "reference": reference,
                "key": key,
                "rule": "member_top_up" if what == TOP_UP else "member_invoice",
                "partner": partner,
                "invoice": invoice,
                "amls": self.env["account.move.line"],
                "reason": "",
            }
            if invoice or (partner and what == TOP_UP):
                return candidate
            rank = 2 if partner else 1 if (what == TOP_UP or key.startswith("P")) else 0
            if rank > found_rank:
                found, found_rank = candidate, rank
        return found

    def _coop_uncleared_payment_line(self, invoice, amount):
        """The receipt line of a payment of `invoice` recorded in this line's journal for
        exactly `amount` and not yet matched with the bank, if there is one."""
        self.ensure_one()
        payments = invoice._get_reconciled_payments().filtered(
            lambda payment: (
                payment.journal_id == self.journal_id
                and payment.currency_id.compare_amounts(payment.amount, amount) == 0
            )
        )
        for payment in payments:
            account = payment.outstanding_account_id
            receipt = payment.move_id.line_ids.filtered(
                lambda line, account=account: (
                    line.account_id == account and account.reconcile and not line.reconciled
                )
            )
            if receipt:
                return receipt[:1]
        return self.env["account.move.line"]
