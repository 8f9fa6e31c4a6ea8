"""A group order's invoice paid online, through Odoo's demo payment provider.

It lives in the suite's tests because it needs payment_demo, which no co-op addon depends on.
"""

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.coop_purchase.tests.test_receive_settle import ReceiveSettleSetup


@tagged("post_install", "-at_install")
class TestRoundPaidOnline(ReceiveSettleSetup, TransactionCase):
    def test_a_round_invoice_paid_online_with_the_demo_provider(self):
        invoice = self._settle("equal")[self.people[0]]
        # The demo provider of Odoo's payment_demo, copied for this company.
        provider = self.env.ref("payment.payment_provider_demo").copy(
            {"company_id": self.company.id, "state": "test", "is_published": True}
        )
        desk = self._members_desk("ONLR")
        provider.journal_id = desk
        line = desk.inbound_payment_method_line_ids.filtered(
            lambda m: m.payment_provider_id == provider
        )
        line.payment_account_id = desk.inbound_payment_method_line_ids[:1].payment_account_id
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
                "reference": "ROUND-ONLINE-TEST",
                "amount": invoice.amount_residual,
                "currency_id": invoice.currency_id.id,
                "partner_id": invoice.partner_id.id,
                "operation": "online_direct",
                "invoice_ids": [(6, 0, invoice.ids)],
            }
        )
        tx._handle_notification_data("demo", {"reference": tx.reference, "simulated_state": "done"})
        tx._post_process()
        receivable = invoice.line_ids.filtered(lambda m: m.display_type == "payment_term")
        self.assertEqual(receivable.account_id, self.company._coop_member_account())
        self.assertEqual(tx.payment_id.destination_account_id, receivable.account_id)
        self.assertTrue(receivable.reconciled)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertAlmostEqual(invoice.partner_id._coop_account_balance(self.company), 0.0)
