from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    # Core's hook for "this invoice is now paid": called by every reconciliation (a payment
    # registered by hand, an online payment from the invoice's portal page, a bank statement
    # line matched to it) and on posting an invoice of zero.
    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        self._coop_confirm_paid_tickets()
        return res

    def write(self, vals):
        res = super().write(vals)
        if "matched_payment_ids" in vals:
            # Odoo 18 also settles an invoice with a payment that has no journal entry (a
            # payment method without an outstanding account): no reconciliation, no hook.
            self._coop_payment_linked()
        return res

    def _coop_payment_linked(self):
        self._coop_confirm_paid_tickets()
        self._coop_note_payment_after_release()

    def _coop_ticket_paid_in_full(self):
        """Paid in full, counting payments without a journal entry: Odoo 18 shows an
        invoice with such a payment as paid whatever its amount."""
        self.ensure_one()
        return (
            self.state == "posted"
            and self.currency_id.compare_amounts(self._coop_paid_amount(), self.amount_total) >= 0
        )

    def _coop_confirm_paid_tickets(self):
        """Seats held for these invoices become tickets once the invoice is paid in full."""
        held = (
            self.env["event.registration"]
            .sudo()
            .search(
                [
                    ("coop_invoice_id", "in", self.filtered(lambda m: m.state == "posted").ids),
                    ("state", "=", "draft"),
                    ("coop_hold_until", "!=", False),
                ]
            )
        )
        held.filtered(lambda r: r.coop_invoice_id._coop_ticket_paid_in_full())._coop_confirm_paid()

    def _coop_note_payment_after_release(self):
        """Odoo takes a payment on a cancelled invoice: when its seats were released, say so
        on the invoice for the treasurer, who refunds it or sells new seats."""
        Registration = self.env["event.registration"].sudo()
        for invoice in self.filtered(lambda m: m.state == "cancel"):
            if Registration.search_count([("coop_invoice_id", "=", invoice.id)], limit=1):
                invoice.sudo().message_post(
                    body=self.env._(
                        "A payment reached this invoice after its seats went back on sale: "
                        "no ticket was given for it. Refund it, or use it for new seats."
                    ),
                    author_id=self.env.ref("base.partner_root").id,
                )
