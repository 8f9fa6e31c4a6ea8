import uuid

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

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

    # ------------------------------------------------------------ at the till

    def _ticket_order(self, partner, ticket):
        self.config.open_ui()
        session = self.config.current_session_id
        session.set_opening_control(0, None)
        price = ticket.price
        order_uuid = str(uuid.uuid4())
        return {
            "amount_paid": price,
            "amount_return": 0,
            "amount_tax": 0,
            "amount_total": price,
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "fiscal_position_id": False,
            "pricelist_id": self.config.pricelist_id.id,
            "name": f"Order {order_uuid}",
            "last_order_preparation_change": "{}",
            "lines": [
                Command.create(
                    {
                        "product_id": ticket.product_id.id,
                        "event_ticket_id": ticket.id,
                        "qty": 1,
                        "price_unit": price,
                        "price_subtotal": price,
                        "price_subtotal_incl": price,
                        "tax_ids": [],
                        "pack_lot_ids": [],
                        "event_registration_ids": [
                            Command.create(
                                {
                                    "event_id": ticket.event_id.id,
                                    "event_ticket_id": ticket.id,
                                    "partner_id": partner.id if partner else False,
                                    "name": partner.name if partner else "Walk-in",
                                }
                            )
                        ],
                    }
                )
            ],
            "partner_id": partner.id if partner else False,
            "session_id": session.id,
            "sequence_number": 1,
            "payment_ids": [
                Command.create(
                    {
                        "amount": price,
                        "name": fields.Datetime.now(),
                        "payment_method_id": self.cash_pm.id,
                    }
                )
            ],
            "uuid": order_uuid,
            "to_invoice": False,
            "user_id": self.cashier.id,
        }

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

    def test_till_refuses_member_ticket_to_a_non_member(self):
        self.config.coop_allow_anonymous = True
        for partner in (self.outsider, False):
            data = self._ticket_order(partner, self.member_ticket)
            with self.assertRaises(ValidationError):
                self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
            self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))
        self.assertEqual(self._seats_taken(), 0)
