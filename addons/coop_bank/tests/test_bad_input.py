from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CoopBankCase

HEADER = (
    "Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,"
    "Debit Amount,Credit Amount,Balance\n"
)


@tagged("post_install", "-at_install")
class TestBadStatementInput(CoopBankCase):
    """Transfers the co-op rule must not settle: each is left with its reason, and nothing
    else changes."""

    def _csv(self, *rows):
        """A statement of `rows` (date, description, amount received), from a nil balance."""
        balance, lines = 0.0, []
        for day, description, amount in rows:
            balance += amount
            lines.append(f"{day},FPI,12-34-56,98765432,{description},,{amount:.2f},{balance:.2f}\n")
        return (HEADER + "".join(lines)).encode()

    def _partials(self, invoice):
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        return receivable.matched_credit_ids

    def test_the_same_file_twice_is_refused_and_changes_nothing(self):
        data = self._statement_file("statement_november.csv")
        statement = self._import_csv(data=data)
        lines = self.env["account.bank.statement.line"].search_count(
            [("journal_id", "=", self.current_account.id)]
        )
        balance = self.priya._coop_account_balance()
        with self.assertRaisesRegex(UserError, "already imported"):
            self._import_csv(data=data)
        self.assertEqual(
            self.env["account.bank.statement.line"].search_count(
                [("journal_id", "=", self.current_account.id)]
            ),
            lines,
        )
        self.assertEqual(len(self._partials(self.priya_invoice)), 1)
        self.assertEqual(self.priya._coop_account_balance(), balance)
        self.assertEqual(self.ada_request.effective_quantity, 10)
        self.assertAlmostEqual(self._bank_balance(), statement.balance_end_real)

    def test_the_same_ofx_file_twice_is_refused(self):
        self._import("statement_november.ofx")
        with self.assertRaisesRegex(UserError, "already imported"):
            self._import("statement_november.ofx")
        self.assertEqual(self.ada_request.effective_quantity, 10)

    def test_two_identical_transfers_in_one_file_are_two_lines(self):
        """Two members' identical top-ups the same day are two transactions, not a copy."""
        reference = self.priya._coop_payment_reference()
        statement = self._import_csv(
            data=self._csv(
                ("09/11/2026", f"P SHARMA {reference}", 10.0),
                ("09/11/2026", f"P SHARMA {reference}", 10.0),
            )
        )
        self.assertEqual(len(statement.line_ids), 2)
        self.assertTrue(all(statement.line_ids.mapped("is_reconciled")))
        self.assertEqual(self.priya._coop_account_balance(), -15.50 + 20.0)

    def test_an_invoice_paid_twice_keeps_one_payment(self):
        reference = self.priya_invoice.payment_reference
        self._import_csv(data=self._csv(("05/11/2026", f"P SHARMA {reference}", 15.50)))
        self.assertEqual(self.priya_invoice.payment_state, "paid")
        statement = self._import_csv(
            filename="december.csv",
            data=self._csv(("01/12/2026", f"PRIYA SHARMA {reference}", 15.50)),
        )
        line = statement.line_ids
        self.assertFalse(line.is_reconciled)
        self.assertIn("already paid", line.coop_match_note)
        self.assertIn(self.priya_invoice.name, line.coop_match_note)
        self.assertEqual(len(self._partials(self.priya_invoice)), 1)
        self.assertEqual(self.priya._coop_account_balance(), 0.0, "not credited either")

    def test_an_amount_other_than_the_balance_due_is_left(self):
        statement = self._import_csv(
            data=self._csv(
                ("16/11/2026", f"T WILLIAMS {self.tom_invoice.payment_reference}", 35.0),
                ("17/11/2026", f"A OKAFOR {self.ada_request.move_id.payment_reference}", 150.0),
            )
        )
        over, capital = statement.line_ids.sorted("date")
        self.assertFalse(over.is_reconciled)
        self.assertIn("35.00", over.coop_match_note)
        self.assertIn("30.00", over.coop_match_note)
        self.assertEqual(self.tom_invoice.amount_residual, 30.0)
        self.assertFalse(over.partner_id, "nothing is booked to the member either")
        self.assertFalse(capital.is_reconciled)
        self.assertIn("more than", capital.coop_match_note)
        self.assertEqual(self.ada_request.effective_quantity, 0)
        self.assertFalse(self.ada.coop_member_number)

    def test_unknown_references_are_left_with_the_reason(self):
        cancelled = self._goods_invoice(self.tom, 12.0)
        cancelled.button_draft()
        cancelled.button_cancel()
        number = self.tom.coop_member_number
        statement = self._import_csv(
            data=self._csv(
                ("18/11/2026", f"T WILLIAMS {number}-999999", 5.0),
                ("18/11/2026", "J DOE 99999-TOPUP", 5.0),
                ("18/11/2026", "J DOE P99999999-123", 5.0),
                ("19/11/2026", f"T WILLIAMS {cancelled.payment_reference}", 12.0),
            )
        )
        no_invoice, no_member, no_person, cancelled_line = statement.line_ids.sorted("id")
        self.assertIn("no invoice of Tom Williams", no_invoice.coop_match_note)
        self.assertIn("no member has the number 99999", no_member.coop_match_note)
        self.assertIn("unknown reference", no_person.coop_match_note)
        self.assertIn("cancelled", cancelled_line.coop_match_note)
        self.assertFalse(any(statement.line_ids.mapped("is_reconciled")))
        self.assertEqual(self.tom._coop_account_balance(), -30.0)

    def test_a_sort_code_before_the_reference_does_not_hide_it(self):
        reference = self.tom_invoice.payment_reference
        statement = self._import_csv(
            data=self._csv(("16/11/2026", f"FROM 60-16-13 T WILLIAMS {reference}", 30.0))
        )
        self.assertTrue(statement.line_ids.is_reconciled)
        self.assertEqual(self.tom_invoice.payment_state, "paid")

    def test_lines_entered_by_hand_are_matched_when_created(self):
        """Outside the import (a line typed in, or a bank feed), OCA reconciles lines when
        they are created: lines with a co-op reference go to the co-op rule alone, so an
        overpayment is not settled by Odoo's perfect-match model with the rest booked to
        the member."""
        Line = self.env["account.bank.statement.line"].with_context(
            _test_account_reconcile_oca=True
        )
        values = {"journal_id": self.current_account.id, "date": fields.Date.today()}
        paid = Line.create(
            {**values, "payment_ref": self.priya_invoice.payment_reference, "amount": 15.50}
        )
        self.assertTrue(paid.is_reconciled)
        self.assertEqual(self.priya_invoice.payment_state, "paid")
        over = Line.create(
            {
                **values,
                "payment_ref": f"T WILLIAMS {self.tom_invoice.payment_reference}",
                "amount": 40.0,
                "partner_id": self.tom.id,
            }
        )
        self.assertFalse(over.is_reconciled)
        self.assertIn("is due on", over.coop_match_note)
        self.assertEqual(self.tom_invoice.amount_residual, 30.0)

    def test_a_payment_recorded_by_hand_is_cleared_not_paid_again(self):
        """Staff recorded the member's transfer before the statement came: the statement
        line clears that payment instead of being a second payment or paying again."""
        receipts = self.env["account.account"].create(
            {
                "name": "Outstanding Receipts (bank test)",
                "code": "OUTBNK",
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        self.current_account.inbound_payment_method_line_ids[:1].payment_account_id = receipts
        payment = self.priya_invoice._coop_register_payment(journal=self.current_account)
        self.assertTrue(payment.move_id)
        reference = self.priya_invoice.payment_reference
        statement = self._import_csv(data=self._csv(("05/11/2026", f"P SHARMA {reference}", 15.50)))
        line = statement.line_ids
        self.assertTrue(line.is_reconciled)
        self.assertIn("cleared", line.coop_match_note)
        receipt = payment.move_id.line_ids.filtered(lambda aml: aml.account_id == receipts)
        self.assertTrue(receipt.reconciled)
        self.assertEqual(self.priya_invoice.payment_state, "paid")
        self.assertEqual(len(self._partials(self.priya_invoice)), 1)
        self.assertEqual(self.priya._coop_account_balance(), 0.0)
