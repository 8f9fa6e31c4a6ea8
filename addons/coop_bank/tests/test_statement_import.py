from datetime import date

from odoo.tests import tagged

from .common import CoopBankCase


@tagged("post_install", "-at_install")
class TestStatementImport(CoopBankCase):
    """The bank's November statement, in each format a UK bank gives, paid members' invoices
    and topped up their accounts with no one matching a line by hand."""

    def _assert_capital_paid(self, request, shares, on):
        invoice = request.move_id
        self.assertEqual(request.effective_quantity, shares)
        lines = request.share_line_ids.filtered(lambda line: line.kind == "subscription")
        self.assertEqual(set(lines.mapped("date")), {on}, "shares are effective at the payment")
        self.assertTrue(request.partner_id.coop_member_number)
        return invoice

    def test_csv_statement_pays_invoices_and_tops_up(self):
        priya_balance = self.priya._coop_account_balance()
        statement = self._import_csv()

        self.assertEqual(len(statement.line_ids), 9)
        # The newcomer's capital is paid in full: ten shares, from the day her money came.
        newcomer = self._assert_capital_paid(self.ada_request, 10, date(2026, 11, 2))
        self.assertEqual(newcomer.payment_state, "paid")
        self.assertEqual(self.ada_request.state, "done")
        self.assertEqual(self.ada.coop_membership_state, "member")
        # An instalment of half a subscription makes half the shares effective.
        instalment = self._assert_capital_paid(self.kwesi_request, 5, date(2026, 11, 3))
        self.assertEqual(instalment.payment_state, "partial")
        self.assertEqual(instalment.amount_residual, 50.0)
        self.assertEqual(self.kwesi_request.state, "waiting")
        # A group order's invoice is paid.
        self.assertEqual(self.priya_invoice.payment_state, "paid")
        # A top-up is a credit on the member's account, with the member on the entry: she
        # owed her invoice, paid it, and now has her top-up in hand.
        self.assertEqual(priya_balance, -15.50)
        self.assertEqual(self.priya._coop_account_balance(), 20.0)
        top_up = self._line(statement, "-TOPUP").filtered(lambda line: line.amount == 20.0)
        self.assertTrue(top_up.is_reconciled)
        self.assertEqual(top_up.partner_id, self.priya)
        counterpart = top_up.move_id.line_ids - top_up.move_id.line_ids.filtered(
            lambda line: line.account_id == self.current_account.default_account_id
        )
        self.assertEqual(counterpart.account_id, self.company._coop_member_account())
        self.assertEqual(counterpart.partner_id, self.priya)
        self.assertEqual(counterpart.credit, 20.0)

        # What is left for a person says why.
        unknown = self._line(statement, "99999-TOPUP")
        self.assertFalse(unknown.is_reconciled)
        self.assertIn("no member has the number 99999", unknown.coop_match_note)
        short = self._line(statement, "T WILLIAMS")
        self.assertFalse(short.is_reconciled)
        self.assertIn("is due on", short.coop_match_note)
        self.assertEqual(self.tom_invoice.amount_residual, 30.0)
        second = self._line(statement, self.priya_invoice.payment_reference).sorted("date")[1]
        self.assertFalse(second.is_reconciled)
        self.assertIn("already paid", second.coop_match_note)
        # Money out, and lines without a co-op reference, are none of the co-op rule's.
        for text in ("BOOKER", "OCTOPUS"):
            line = self._line(statement, text)
            self.assertFalse(line.coop_match_note)
            self.assertFalse(line.is_reconciled)

        matched = statement.line_ids.filtered("is_reconciled")
        self.assertEqual(len(matched), 4)
        for line in matched:
            self.assertTrue(line.coop_match_note)
        # The books' bank account says what the bank says.
        self.assertEqual(statement.balance_start, 0.0)
        self.assertEqual(statement.balance_end_real, 132.20)
        self.assertAlmostEqual(self._bank_balance(), statement.balance_end_real)
        self.assertTrue(statement.is_complete)

    def test_ofx_statement_pays_capital_and_tops_up(self):
        priya_balance = self.priya._coop_account_balance()
        statement = self._import("statement_november.ofx")

        self.assertEqual(len(statement.line_ids), 4)
        newcomer = self._assert_capital_paid(self.ada_request, 10, date(2026, 11, 2))
        self.assertEqual(newcomer.payment_state, "paid")
        self.assertEqual(self.priya._coop_account_balance(), priya_balance + 20.0)
        unknown = self._line(statement, "99999-TOPUP")
        self.assertFalse(unknown.is_reconciled)
        self.assertIn("no member has the number 99999", unknown.coop_match_note)
        self.assertEqual(statement.balance_end_real, 87.40)
        self.assertAlmostEqual(self._bank_balance(), statement.balance_end_real)

    def test_camt053_statement_pays_instalment_and_goods(self):
        statement = self._import("statement_november_camt053.xml")

        self.assertEqual(len(statement.line_ids), 4)
        self._assert_capital_paid(self.kwesi_request, 5, date(2026, 11, 3))
        self.assertEqual(self.priya_invoice.payment_state, "paid")
        short = self._line(statement, self.tom_invoice.payment_reference)
        self.assertFalse(short.is_reconciled)
        self.assertIn("is due on", short.coop_match_note)
        supplier = self._line(statement, "CREDIT NOTE")
        self.assertFalse(supplier.coop_match_note, "a supplier's reference is none of ours")
        self.assertEqual(statement.balance_start, 0.0)
        self.assertEqual(statement.balance_end_real, 103.90)
        self.assertAlmostEqual(self._bank_balance(), statement.balance_end_real)
