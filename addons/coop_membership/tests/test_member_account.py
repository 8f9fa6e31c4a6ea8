from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CoopMembershipCase


@tagged("post_install", "-at_install")
class TestMemberAccount(CoopMembershipCase):
    """A member's balance is what the members' account says, nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls._member("Account Member Ann", share_type=cls.share_b, quantity=1)
        cls.other = cls._member("Account Member Bo", share_type=cls.share_b, quantity=1)
        cls.account = cls.company._coop_member_account()
        # Payments booked when recorded: the journal's inbound method clears through an
        # outstanding receipts account, as the bank statement later confirms.
        cls.desk = cls.env["account.journal"].create(
            {"name": "Members' Desk", "type": "bank", "code": "MDSK"}
        )
        outstanding = cls.env["account.account"].create(
            {
                "name": "Desk Receipts",
                "code": "101299",
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        cls.desk.inbound_payment_method_line_ids.payment_account_id = outstanding

    def test_members_account_defaults_to_odoos_receivable(self):
        self.assertEqual(self.account.account_type, "asset_receivable")
        self.assertEqual(self.account, self.member.property_account_receivable_id)

    def test_top_up_is_a_posted_payment_on_the_members_account(self):
        self.assertEqual(self.member._coop_account_balance(), 0.0)
        payment = self.member._coop_top_up(25.0, self.desk)
        self.assertTrue(payment.coop_is_top_up)
        self.assertEqual(payment.state, "in_process")
        self.assertEqual(payment.memo, f"{self.member.coop_member_number}-TOPUP")
        line = payment.move_id.line_ids.filtered(lambda li: li.account_id == self.account)
        self.assertAlmostEqual(line.credit, 25.0)
        self.assertEqual(line.partner_id, self.member)
        self.assertAlmostEqual(self.member._coop_account_balance(), 25.0)
        self.assertEqual(self.other._coop_account_balance(), 0.0)

    def test_goods_charged_reduce_the_balance(self):
        self.member._coop_top_up(20.0, self.desk)
        journal = self.company._coop_goods_sale_journal()
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.member.id,
                "journal_id": journal.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Flour",
                            "quantity": 1,
                            "price_unit": 7.5,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        self.assertAlmostEqual(self.member._coop_account_balance(), 20.0, msg="a draft is nothing")
        invoice.action_post()
        balances = (self.member | self.other)._coop_account_balances()
        self.assertAlmostEqual(balances[self.member.id], 12.5)
        self.assertAlmostEqual(balances[self.other.id], 0.0)

    def test_bad_top_ups_are_refused(self):
        for amount in (0.0, -5.0):
            with self.subTest(amount=amount), self.assertRaisesRegex(ValidationError, "positive"):
                self.member._coop_top_up(amount, self.desk)
        sales = self.company._coop_goods_sale_journal()
        with self.assertRaisesRegex(ValidationError, "bank, cash or card journal"):
            self.member._coop_top_up(10.0, sales)
        unbooked = self.env["account.journal"].create(
            {"name": "Booked on Statement", "type": "bank", "code": "BOST"}
        )
        unbooked.inbound_payment_method_line_ids.payment_account_id = False
        with self.assertRaisesRegex(ValidationError, "only when a bank statement"):
            self.member._coop_top_up(10.0, unbooked)
        self.assertEqual(self.member._coop_account_balance(), 0.0)

    def test_a_top_up_reference_fits_a_uk_bank_reference(self):
        reference = self.member._coop_payment_reference()
        self.assertLessEqual(len(reference), 18)
        self.assertIn(self.member.coop_member_number, reference)
        stranger = self._person("No Number Yet")
        self.assertEqual(stranger._coop_payment_reference(), f"P{stranger.id}-TOPUP")
