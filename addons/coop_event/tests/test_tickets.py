from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CoopEventCase


@tagged("post_install", "-at_install")
class TestTickets(CoopEventCase):
    def _seats_taken(self):
        return self.env["event.registration"].search_count(
            [("event_id", "=", self.concert.id), ("state", "!=", "cancel")]
        )

    def test_member_price_for_members_who_may_shop(self):
        self.assertTrue(self.member._coop_can_shop())
        registration = self._register(self.member_ticket, self.member)
        self.assertEqual(registration.state, "open")

    def test_member_price_refused_to_anyone_else(self):
        self.assertFalse(self.outsider._coop_can_shop())
        with self.assertRaisesRegex(ValidationError, "may not shop"):
            self._register(self.member_ticket, self.outsider)
        with self.assertRaisesRegex(ValidationError, "choose the member"):
            self._register(self.member_ticket, False)
        registration = self._register(self.public_ticket, self.outsider)
        # Nor can a public ticket be switched to the member price afterwards.
        with self.assertRaisesRegex(ValidationError, "may not shop"):
            registration.event_ticket_id = self.member_ticket
        self.assertEqual(self._seats_taken(), 1)

    def test_a_blocked_member_loses_the_member_price(self):
        self.member.write({"coop_blocked": True, "coop_block_reason": "Unpaid contribution"})
        with self.assertRaisesRegex(ValidationError, "Unpaid contribution"):
            self._register(self.member_ticket, self.member)

    def test_no_ticket_beyond_capacity(self):
        for _seat in range(3):
            self._register(self.public_ticket, self.outsider)
        with self.assertRaisesRegex(ValidationError, "Only 0 seats are left"):
            self._register(self.member_ticket, self.member)
        self.assertEqual(self._seats_taken(), 3)

    def test_venue_share_between_0_and_100(self):
        for bad in (-5, 120):
            with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
                self.concert.coop_venue_share_percent = bad

    def test_attendee_list_mailed_to_the_venue(self):
        self._register(self.member_ticket, self.member)
        self._register(self.public_ticket, self.outsider)
        self.concert.action_coop_send_attendee_list()
        mail = self.env["mail.mail"].search(
            [("model", "=", "event.event"), ("res_id", "=", self.concert.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(self.venue, mail.recipient_ids)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertIn("Attendee List", mail.attachment_ids.name)
        self.concert.coop_venue_id = self.env["res.partner"].create({"name": "No Mail Hall"})
        with self.assertRaisesRegex(UserError, "no partner venue with an email"):
            self.concert.action_coop_send_attendee_list()

    def test_the_venue_gets_ticket_holders_only(self):
        holder = self._register(self.member_ticket, self.member)
        cancelled = self._register(self.public_ticket, self._person("Cancelled Cal"))
        cancelled.action_cancel()
        self.public_ticket._coop_sell_in_portal(self.outsider, 1)  # held, unpaid
        self.concert.action_coop_send_attendee_list()
        mail = self.env["mail.mail"].search(
            [("model", "=", "event.event"), ("res_id", "=", self.concert.id)]
        )
        self.assertIn(f"Attendee List - {self.concert.name}", mail.attachment_ids.name)
        html = mail.attachment_ids.raw.decode()  # tests render reports as HTML
        self.assertIn(holder.name, html)
        self.assertNotIn("Cancelled Cal", html)
        self.assertNotIn(self.outsider.name, html)

    def test_only_event_staff_send_the_attendee_list(self):
        self._register(self.member_ticket, self.member)
        plain_cashier = new_test_user(
            self.env, login="plain_cashier", groups="base.group_user,point_of_sale.group_pos_user"
        )
        # The till reads events; that gives no right to mail people's names to the venue.
        self.assertTrue(self.concert.with_user(plain_cashier).name)
        with self.assertRaisesRegex(AccessError, "Events / User"):
            self.concert.with_user(plain_cashier).action_coop_send_attendee_list()
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "event.event"), ("res_id", "=", self.concert.id)]
            )
        )

    # ------------------------------------------------------------ at the till

    def test_till_sells_member_ticket_to_member(self):
        data = self._ticket_order(self.member, self.member_ticket)
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
        order = self.env["pos.order"].search([("uuid", "=", data["uuid"])])
        self.assertEqual(order.state, "paid")
        registration = order.lines.event_registration_ids
        self.assertEqual(
            (registration.partner_id, registration.event_ticket_id),
            (self.member, self.member_ticket),
        )

    def test_till_asks_before_selling_a_member_ticket(self):
        Order = self.env["pos.order"].with_user(self.cashier)
        product = self.member_ticket.product_id.id
        ticket = {"event_ticket_id": self.member_ticket.id}
        verdict = Order.coop_check_sale(self.config.id, self.member.id, [[product, 1, ticket]])
        self.assertEqual(verdict["problems"], [])
        verdict = Order.coop_check_sale(self.config.id, self.outsider.id, [[product, 1, ticket]])
        self.assertEqual([p["kind"] for p in verdict["problems"]], ["ticket"])
        self.assertIn("pays the public price", verdict["problems"][0]["message"])
        verdict = Order.coop_check_sale(self.config.id, self.member.id, [[product, 4, ticket]])
        self.assertEqual([p["kind"] for p in verdict["problems"]], ["seats"])
        self.assertIn("Only 3 seats are left", verdict["problems"][0]["message"])

    def test_paid_member_ticket_for_a_non_member_is_recorded_and_flagged(self):
        """The till took the money (offline, or the status changed): the sale stands."""
        self.config.coop_allow_anonymous = True
        for partner in (self.outsider, False):
            data = self._ticket_order(partner, self.member_ticket)
            self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
            order = self.env["pos.order"].search([("uuid", "=", data["uuid"])])
            self.assertEqual(order.state, "paid")
            self.assertEqual(order.coop_review_state, "to_review")
            self.assertRegex(order.coop_review_reason, "public price|at the member price")
            self.assertEqual(order.lines.event_registration_ids.state, "open")
        self.assertEqual(self._seats_taken(), 2)

    def test_paid_tickets_beyond_capacity_are_recorded_and_flagged(self):
        orders = self.env["pos.order"]
        for _seat in range(4):
            data = self._ticket_order(self.member, self.public_ticket)
            self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
            orders |= self.env["pos.order"].search([("uuid", "=", data["uuid"])])
        self.assertEqual(set(orders.mapped("state")), {"paid"})
        self.assertEqual(self._seats_taken(), 4, "the fourth seat was sold: it is recorded")
        self.assertFalse(orders[:3].filtered("coop_review_state"))
        self.assertEqual(orders[3].coop_review_state, "to_review")
        self.assertIn("overbooked", orders[3].coop_review_reason)
        # Elsewhere than a till's sync, the capacity is still Odoo's.
        with self.assertRaisesRegex(ValidationError, "Only 0 seats are left"):
            self._register(self.public_ticket, self.outsider)

    def test_a_cashier_registers_only_what_the_till_sold(self):
        plain_cashier = new_test_user(
            self.env,
            login="plain_ticket_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
        )
        # Odoo's till lets any cashier create registrations, though only one with an event
        # right sells tickets through it (see the README).
        data = self._ticket_order(self.member, self.public_ticket)
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
        line = self.env["pos.order"].search([("uuid", "=", data["uuid"])]).lines
        self.assertEqual(len(line.event_registration_ids), 1)
        Registration = self.env["event.registration"].with_user(plain_cashier)
        seat = {
            "event_id": self.concert.id,
            "event_ticket_id": self.public_ticket.id,
            "partner_id": self.outsider.id,
        }
        with self.assertRaisesRegex(AccessError, "registrations come with the order"):
            Registration.create(seat)
        with self.assertRaisesRegex(AccessError, "no more attendees"):
            Registration.create(dict(seat, pos_order_line_id=line.id))
        # Nor does a cashier give back a seat that was cancelled.
        line.event_registration_ids.action_cancel()
        with self.assertRaisesRegex(AccessError, "Only event staff"):
            line.event_registration_ids.with_user(plain_cashier).action_confirm()
        self.assertEqual(self._seats_taken(), 0)
