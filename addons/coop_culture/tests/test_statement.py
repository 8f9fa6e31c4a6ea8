from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import Command, CoopCultureCase


@tagged("post_install", "-at_install")
class TestConsignmentStatement(CoopCultureCase):
    def _statement(self, partner, date_from, date_to, amount=100.0, rate=20.0, post=True):
        statement = self.Statement.create(
            {
                "partner_id": partner.id,
                "date_from": date_from,
                "date_to": date_to,
                "line_ids": [
                    Command.create(
                        {
                            "date": date_from,
                            "reference": "manual",
                            "product_id": self.vinyl_a.id,
                            "quantity": 1,
                            "amount": amount,
                            "commission_rate": rate,
                        }
                    )
                ],
            }
        )
        if post:
            statement.action_post()
        return statement

    def test_bill_is_sales_minus_commission(self):
        statement = self._statement(self.artist_a, "2024-03-01", "2024-03-31", 123.45, 17.5)
        self.assertAlmostEqual(statement.amount_commission, 21.6)
        self.assertAlmostEqual(statement.move_id.amount_total, 123.45 - 21.6)
        self.assertEqual(statement.move_id.ref, statement.name)
        self.assertEqual(statement.state, "posted")

    def test_vat_on_commission_is_invoiced_and_set_off(self):
        """Where the co-op is registered for VAT, its commission is a supply of its own."""
        tax = self.env["account.tax"].create(
            {
                "name": "Commission VAT 20%",
                "amount": 20.0,
                "type_tax_use": "sale",
                "company_id": self.company.id,
            }
        )
        self.company.coop_commission_tax_id = tax
        statement = self._statement(self.artist_a, "2024-05-01", "2024-05-31", 100.0, 20.0)
        self.assertEqual(statement.commission_tax_id, tax)
        self.assertAlmostEqual(statement.amount_commission, 20.0)
        self.assertAlmostEqual(statement.amount_commission_tax, 4.0)
        self.assertAlmostEqual(statement.amount_due, 76.0)
        bill, invoice = statement.move_id, statement.commission_invoice_id
        self.assertAlmostEqual(bill.amount_total, 100.0, msg="the bill pays the sales")
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_untaxed, 20.0)
        self.assertAlmostEqual(invoice.amount_tax, 4.0)
        tax_line = invoice.line_ids.filtered("tax_line_id")
        self.assertEqual(tax_line.tax_line_id, tax, "the VAT is on the return's tax lines")
        self.assertEqual(invoice.payment_state, "paid", "set off against the bill")
        self.assertAlmostEqual(bill.amount_residual, 76.0, msg="what is left to pay out")
        self.assertEqual(statement.state, "posted")
        # Cancelling undoes the three, set-off first.
        statement.action_cancel()
        self.assertEqual(
            (bill | invoice | statement.set_off_move_id).mapped("state"), ["cancel"] * 3
        )
        self.assertEqual(statement.state, "cancel")

    def test_no_vat_on_commission_keeps_one_bill(self):
        self.assertFalse(self.company.coop_commission_tax_id)
        statement = self._statement(self.artist_a, "2024-06-01", "2024-06-30", 50.0, 10.0)
        self.assertFalse(statement.commission_invoice_id)
        self.assertFalse(statement.amount_commission_tax)
        self.assertAlmostEqual(statement.move_id.amount_total, 45.0)

    def test_overlapping_period_is_refused(self):
        self._statement(self.artist_a, "2024-03-01", "2024-03-31")
        count = self.Statement.search_count([])
        bills = self.env["account.move"].search_count([("move_type", "=", "in_invoice")])
        for start, end in (
            ("2024-03-01", "2024-03-31"),
            ("2024-03-15", "2024-04-15"),
            ("2024-02-01", "2024-03-01"),
        ):
            with (
                self.subTest(start=start, end=end),
                self.assertRaisesRegex(ValidationError, "overlaps this period"),
                self.env.cr.savepoint(),
            ):
                self._statement(self.artist_a, start, end)
        self.assertEqual(self.Statement.search_count([]), count)
        self.assertEqual(
            self.env["account.move"].search_count([("move_type", "=", "in_invoice")]), bills
        )
        # Other consignors and the next month are free.
        self._statement(self.artist_b, "2024-03-01", "2024-03-31")
        self._statement(self.artist_a, "2024-04-01", "2024-04-30")

    def test_cancelled_statement_frees_its_period_and_its_bill(self):
        first = self._statement(self.artist_a, "2024-03-01", "2024-03-31")
        first.action_cancel()
        self.assertEqual(first.state, "cancel")
        self.assertEqual(first.move_id.state, "cancel")
        second = self._statement(self.artist_a, "2024-03-01", "2024-03-31")
        self.assertEqual(second.state, "posted")

    def test_paid_statement_cannot_be_cancelled_or_deleted(self):
        statement = self._statement(self.artist_a, "2024-03-01", "2024-03-31")
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=statement.move_id.ids
        ).create({})._create_payments()
        self.assertEqual(statement.state, "paid")
        with self.assertRaisesRegex(UserError, "is paid"):
            statement.action_cancel()
        with self.assertRaisesRegex(UserError, "Only draft"):
            statement.unlink()

    def test_posting_twice_and_inverted_period_are_refused(self):
        statement = self._statement(self.artist_a, "2024-03-01", "2024-03-31")
        with self.assertRaisesRegex(UserError, "already posted"):
            statement.action_post()
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            statement.action_compute()
        with self.assertRaisesRegex(ValidationError, "must end on or after"):
            self._statement(self.artist_a, "2024-05-31", "2024-05-01", post=False)

    def test_posted_lines_are_frozen(self):
        statement = self._statement(self.artist_a, "2024-03-01", "2024-03-31")
        with self.assertRaisesRegex(UserError, "cannot change"):
            statement.line_ids.amount = 1000.0
        with self.assertRaisesRegex(UserError, "cannot change"):
            statement.line_ids.unlink()
        self.assertAlmostEqual(statement.amount_sales, 100.0)

    def test_line_commission_out_of_range_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self._statement(self.artist_a, "2024-03-01", "2024-03-31", rate=120.0)

    def test_sending_needs_a_posted_statement_and_an_email(self):
        statement = self._statement(self.artist_a, "2024-03-01", "2024-03-31", post=False)
        with self.assertRaisesRegex(UserError, "before sending"):
            statement.action_send()
        statement.action_post()
        self.artist_a.email = False
        with self.assertRaisesRegex(UserError, "no email address"):
            statement.action_send()

    def test_unknown_settlement_type_is_a_clear_error(self):
        statement = self._statement(self.artist_a, "2024-03-01", "2024-03-31", post=False)
        statement.env.cr.execute(
            "UPDATE coop_consignment_statement SET settlement_type = 'no_such_type' WHERE id = %s",
            [statement.id],
        )
        statement.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "Nothing knows how to settle"):
            statement.action_compute()
