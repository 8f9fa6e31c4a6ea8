from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.coop_membership.tests.common import portal_user

from .common import CoopEventCase


@tagged("post_install", "-at_install")
class TestTicketHolds(CoopEventCase):
    """Portal seats are held for a while, become tickets once paid, and go back on sale when
    the invoice is not paid in time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls._person("Ticket Other Ola")

    def _sell(self, partner=None, count=2, ticket=None):
        return (ticket or self.public_ticket)._coop_sell_in_portal(partner or self.outsider, count)

    def _ticket_mails(self, registrations):
        return self.env["mail.mail"].search(
            [("model", "=", "event.registration"), ("res_id", "in", registrations.ids)]
        )

    def _release_job(self):
        self.env["event.registration"]._cron_release_unpaid_holds()

    def _assert_tickets(self, registrations):
        self.assertEqual(set(registrations.mapped("state")), {"open"})
        self.assertFalse(any(registrations.mapped("coop_hold_until")))

    # ------------------------------------------------------------ held, not confirmed

    def test_portal_seats_wait_for_their_payment(self):
        invoice = self._sell(count=2)
        held = self._held(invoice)
        self.assertEqual(held.mapped("state"), ["draft", "draft"], "no ticket before payment")
        expected = fields.Datetime.now() + timedelta(minutes=30)
        for registration in held:
            self.assertAlmostEqual(
                registration.coop_hold_until, expected, delta=timedelta(minutes=1)
            )
        self.assertEqual((invoice.state, invoice.payment_state), ("posted", "not_paid"))
        self.assertFalse(self._ticket_mails(held), "no ticket mailed before payment")
        # The held seats count against the capacity: the last seat is the only one left.
        self.assertEqual((self.concert.coop_seats_held, self.concert.seats_available), (2, 1))
        self.assertEqual(self.concert.seats_taken, 0, "nobody holds a ticket yet")
        with self.assertRaisesRegex(ValidationError, "Only 1 seats are left"):
            self._sell(self.other, count=2)
        # Nor at the till or in the back office.
        seat = {
            "event_id": self.concert.id,
            "event_ticket_id": self.public_ticket.id,
            "partner_id": self.other.id,
        }
        with self.assertRaisesRegex(ValidationError, "Only 1 seats are left"):
            self.env["event.registration"].create([seat, seat])
        self._register(self.public_ticket, self.other)
        self.assertEqual(self.concert.seats_available, 0)

    def test_held_seats_are_not_on_the_venues_list(self):
        self._sell(count=1)
        paid = self._register(self.public_ticket, self.other)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "coop_event.action_report_coop_venue_attendee_list", self.concert.ids
            )[0]
            .decode()
        )
        self.assertIn(paid.name, html)
        self.assertNotIn(self.outsider.name, html)

    # ------------------------------------------------------------ paid: tickets

    def test_paying_by_transfer_gives_the_tickets(self):
        # A bank journal without outstanding accounts: Odoo 18 records the payment with no
        # entry, and the invoice is paid (in payment) until the statement comes.
        self.bank_journal.inbound_payment_method_line_ids.payment_account_id = False
        invoice = self._sell(count=2)
        held = self._held(invoice)
        payment = self._pay(invoice)
        self.assertFalse(payment.move_id, "Odoo 18's payment without a journal entry")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self._assert_tickets(held)
        self.assertEqual(len(self._ticket_mails(held)), 2, "each attendee gets their ticket")
        self.assertEqual((self.concert.coop_seats_held, self.concert.seats_taken), (0, 2))
        self.assertEqual(self.concert.seats_available, 1)
        self.assertIn("2 ticket(s) confirmed", invoice.message_ids.mapped("body")[0])

    def test_paying_through_a_reconciled_payment_gives_the_tickets(self):
        # A bank journal with an outstanding account: the payment is reconciled with the
        # invoice, and core calls its paid hook.
        outstanding = self.env["account.account"].create(
            {"name": "Outstanding Receipts", "code": "OUTREC1", "account_type": "asset_current"}
        )
        self.bank_journal.inbound_payment_method_line_ids.payment_account_id = outstanding
        invoice = self._sell(count=1)
        payment = self._pay(invoice)
        self.assertTrue(payment.move_id)
        self.assertTrue(invoice.line_ids.filtered("reconciled"))
        self._assert_tickets(self._held(invoice))

    def test_paying_online_from_the_invoice_page_gives_the_tickets(self):
        invoice = self._sell(count=2)
        transaction = self._online_transaction(invoice)
        transaction._set_pending()
        # The member is on the provider's page when the hold ends: the seats wait for them.
        with freeze_time(fields.Datetime.now() + timedelta(hours=1)):
            self._release_job()
        self.assertEqual(self._held(invoice).mapped("state"), ["draft", "draft"])
        transaction._set_done()
        transaction._post_process()
        self.assertEqual(transaction.payment_id.state, "in_process")
        self._assert_tickets(self._held(invoice))

    def test_a_payment_is_never_refused(self):
        """The member price was checked when the seat was held: a member blocked before
        paying still gets the seat they pay for."""
        invoice = self._sell(self.member, count=1, ticket=self.member_ticket)
        self.member.write({"coop_blocked": True, "coop_block_reason": "Unpaid contribution"})
        self._pay(invoice)
        self._assert_tickets(self._held(invoice))

    def test_a_free_ticket_is_confirmed_at_once(self):
        self.public_ticket.price = 0
        invoice = self._sell(count=1)
        self.assertEqual(invoice.payment_state, "paid")
        self._assert_tickets(self._held(invoice))

    # ------------------------------------------------------------ unpaid: released

    def test_an_unpaid_hold_goes_back_on_sale(self):
        invoice = self._sell(count=3)
        held = self._held(invoice)
        with self.assertRaisesRegex(ValidationError, "Only 0 seats are left"):
            self._sell(self.other, count=1)
        # Before the end of the hold, the job leaves the seats alone.
        self._release_job()
        self.assertEqual(set(held.mapped("state")), {"draft"})
        with freeze_time(held[0].coop_hold_until + timedelta(minutes=1)):
            self._release_job()
        self.assertEqual(set(held.mapped("state")), {"cancel"})
        self.assertFalse(any(held.mapped("coop_hold_until")))
        self.assertEqual(invoice.state, "cancel")
        self.assertIn("went back on sale", invoice.message_ids[0].body)
        self.assertIn("Seat released", held[0].message_ids[0].body)
        self.assertEqual(self.concert.seats_available, 3)
        other = self._sell(self.other, count=3)
        self.assertEqual(len(self._held(other)), 3)

    def test_an_expired_hold_never_blocks_the_next_buyer(self):
        invoice = self._sell(count=3)
        buyer = portal_user(self.env, "ticket_other", self.other)
        with freeze_time(fields.Datetime.now() + timedelta(minutes=31)):
            # The job has not run yet: the next buyer releases the expired hold, as the
            # portal does (the buyer's own partner, then superuser).
            ticket = self.public_ticket.with_user(buyer).sudo()
            other = ticket._coop_sell_in_portal(self.other, 2)
        self.assertEqual(set(self._held(invoice).mapped("state")), {"cancel"})
        self.assertEqual(invoice.state, "cancel")
        self.assertEqual(
            invoice.message_ids[0].author_id,
            self.env.ref("base.partner_root"),
            "logged by the system, not by the other buyer",
        )
        self.assertEqual(len(self._held(other)), 2)

    def test_paid_late_but_before_the_release_still_gives_the_tickets(self):
        invoice = self._sell(count=2)
        with freeze_time(fields.Datetime.now() + timedelta(hours=2)):
            self._pay(invoice)
            self._release_job()
        self._assert_tickets(self._held(invoice))
        self.assertEqual(invoice.state, "posted")

    def test_a_partly_paid_invoice_is_never_cancelled(self):
        invoice = self._sell(count=2)
        self._pay(invoice, amount=5.0)
        # Odoo 18 shows the invoice as paid (a payment without a journal entry), yet 5.00
        # of 24.00 buys no ticket.
        self.assertEqual(set(self._held(invoice).mapped("state")), {"draft"})
        with freeze_time(fields.Datetime.now() + timedelta(hours=2)):
            self._release_job()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(set(self._held(invoice).mapped("state")), {"draft"})
        self.assertEqual(self.concert.seats_available, 1, "still held for the member")
        self._pay(invoice, amount=invoice.amount_residual)
        self._assert_tickets(self._held(invoice))

    def test_a_payment_after_the_release_is_noted_for_the_treasurer(self):
        """Odoo 18 registers a payment on a cancelled invoice. The seats have gone back on
        sale (maybe to someone else): no ticket comes of it, and the invoice says so for the
        treasurer, who refunds the member or sells them new seats."""
        invoice = self._sell(count=1)
        with freeze_time(fields.Datetime.now() + timedelta(hours=1)):
            self._release_job()
        self.assertEqual(invoice.state, "cancel")
        self._pay(invoice)
        self.assertEqual(self._held(invoice).state, "cancel")
        self.assertIn("no ticket was given", invoice.message_ids[0].body)

    def test_a_locked_journal_cancels_by_credit_note(self):
        journal = self.env.company._coop_goods_sale_journal()
        journal.restrict_mode_hash_table = True
        invoice = self._sell(count=1)
        with freeze_time(fields.Datetime.now() + timedelta(hours=1)):
            self._release_job()
        self.assertEqual(self._held(invoice).state, "cancel")
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(invoice.reversal_move_ids.move_type, "out_refund")

    def test_the_job_releases_in_batches(self):
        for partner in (self.outsider, self.other, self.member):
            self._sell(partner, count=1)
        cron = self.env.ref("coop_event.ir_cron_coop_release_unpaid_tickets")
        progress = cron._add_progress()[1]
        Registration = self.env["event.registration"].with_context(ir_cron_progress_id=progress.id)
        with freeze_time(fields.Datetime.now() + timedelta(hours=1)):
            Registration._cron_release_unpaid_holds(batch_size=2)
            self.assertEqual((progress.done, progress.remaining), (2, 1))
            Registration._cron_release_unpaid_holds(batch_size=2)
            self.assertEqual((progress.done, progress.remaining), (1, 0))
        self.assertEqual(self.concert.seats_available, 3)

    # ------------------------------------------------------------ the hold's length

    def test_the_hold_is_a_company_setting_and_ends_before_the_show(self):
        self.env.company.coop_ticket_hold_minutes = 120
        held = self._held(self._sell(count=1))
        self.assertAlmostEqual(
            held.coop_hold_until,
            fields.Datetime.now() + timedelta(hours=2),
            delta=timedelta(minutes=1),
        )
        self.concert.write(
            {
                "date_begin": fields.Datetime.now() + timedelta(minutes=45),
                "date_end": fields.Datetime.now() + timedelta(hours=3),
            }
        )
        held = self._held(self._sell(self.other, count=1))
        self.assertEqual(held.coop_hold_until, self.concert.date_begin)
        with self.assertRaisesRegex(ValidationError, "at least 5 minutes"):
            self.env.company.coop_ticket_hold_minutes = 2

    def test_the_hold_is_shown_in_the_shops_time_zone(self):
        self.env.company.partner_id.tz = "Asia/Tokyo"  # UTC+9, no summer time
        self.cashier.tz = "America/New_York"  # whoever reads it, the shop's hour
        with freeze_time("2030-01-10 10:00:00"):
            self.concert.write(
                {"date_begin": "2030-02-01 19:00:00", "date_end": "2030-02-01 22:00:00"}
            )
            held = self._held(self._sell(count=1))
        self.assertEqual(held.coop_hold_until, fields.Datetime.to_datetime("2030-01-10 10:30:00"))
        self.assertIn("19:30", held.with_user(self.cashier)._coop_hold_until_text())

    # ------------------------------------------------------------ nobody skips the payment

    def test_nobody_confirms_a_held_seat_by_hand(self):
        manager = new_test_user(
            self.env, login="coop_event_admin", groups="base.group_user,event.group_event_manager"
        )
        held = self._held(self._sell(count=1)).with_user(manager)
        with self.assertRaisesRegex(UserError, "register the payment"):
            held.action_confirm()
        with self.assertRaisesRegex(UserError, "register the payment"):
            held.action_set_done()
        with self.assertRaises(AccessError):
            held.coop_hold_until = fields.Datetime.now() + timedelta(days=30)
        with self.assertRaises(AccessError):
            held.coop_invoice_id = False
        self.assertEqual(held.state, "draft")
        # Cancelling is staff's right: the seat stops being held.
        held.action_cancel()
        self.assertFalse(held.coop_hold_until)
        self.assertEqual(self.concert.seats_available, 3)

    # ------------------------------------------------------------ helpers

    def _online_transaction(self, invoice):
        """A transaction from the invoice's portal page, through a test provider."""
        method = self.env.ref("payment.payment_method_unknown")
        provider = self.env["payment.provider"].create(
            {
                "name": "Coop Test Provider",
                "code": "none",
                "state": "test",
                "is_published": True,
                "payment_method_ids": [Command.set(method.ids)],
            }
        )
        PaymentMethod = self.env.registry["account.payment.method"]
        known = PaymentMethod._get_payment_method_information

        def information(model):
            return dict(known(model), none={"mode": "electronic", "type": ("bank",)})

        with patch.object(PaymentMethod, "_get_payment_method_information", information):
            self.env["account.payment.method"].create(
                {"name": "Coop Online", "code": "none", "payment_type": "inbound"}
            )
            provider.journal_id = self.bank_journal
        return self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": method.id,
                "amount": invoice.amount_residual,
                "currency_id": invoice.currency_id.id,
                "partner_id": invoice.partner_id.id,
                "reference": f"COOP-TEST-{invoice.id}",
                "invoice_ids": [Command.set(invoice.ids)],
                "operation": "online_redirect",
            }
        )
