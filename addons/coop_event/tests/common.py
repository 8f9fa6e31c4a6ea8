from datetime import timedelta

from odoo import Command, fields

from odoo.addons.coop_membership_pos.tests.common import CoopPosCase, pos_order_data


class CoopEventCase(CoopPosCase):
    """A partner venue's concert: 3 seats, a member ticket and a public one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.venue = cls.env["res.partner"].create(
            {"name": "The Old Chapel", "email": "bookings@oldchapel.example.org"}
        )
        cls.ticket_product = cls.env["product.product"].create(
            {
                "name": "Concert Ticket",
                "type": "service",
                "service_tracking": "event",
                "available_in_pos": True,
                "coop_open_to_public": True,
                "list_price": 12.0,
                "taxes_id": [Command.clear()],
            }
        )
        now = fields.Datetime.now()
        cls.concert = cls.env["event.event"].create(
            {
                "name": "Hackney Folk Night",
                "date_begin": now + timedelta(days=10),
                "date_end": now + timedelta(days=10, hours=3),
                "seats_limited": True,
                "seats_max": 3,
                "coop_venue_id": cls.venue.id,
                "coop_venue_share_percent": 70,
                "coop_sold_in_portal": True,
                "question_ids": [Command.clear()],
                "event_ticket_ids": [
                    Command.create(
                        {
                            "name": "Member",
                            "product_id": cls.ticket_product.id,
                            "price": 8.0,
                            "coop_members_only": True,
                        }
                    ),
                    Command.create(
                        {"name": "Public", "product_id": cls.ticket_product.id, "price": 12.0}
                    ),
                ],
            }
        )
        cls.member_ticket = cls.concert.event_ticket_ids.filtered("coop_members_only")
        cls.public_ticket = cls.concert.event_ticket_ids - cls.member_ticket
        # Selling tickets at the till registers attendees: Odoo's pos_event needs Events/User.
        cls.cashier.groups_id |= cls.env.ref("event.group_event_user")
        cls.member = cls._member("Ticket Member Mo", share_type=cls.share_b, quantity=1)
        cls.outsider = cls._person("Ticket Outsider Oz")

    @classmethod
    def _held(cls, invoice):
        """The registrations bought with this portal invoice."""
        return cls.env["event.registration"].search([("coop_invoice_id", "=", invoice.id)])

    @classmethod
    def _pay(cls, invoice, amount=None):
        """Pay through Odoo's payment wizard, as a treasurer registering a transfer."""
        return invoice._coop_register_payment(amount=amount, journal=cls.bank_journal)

    @classmethod
    def _register(cls, ticket, partner):
        return cls.env["event.registration"].create(
            {
                "event_id": ticket.event_id.id,
                "event_ticket_id": ticket.id,
                "partner_id": partner.id if partner else False,
                "name": partner.name if partner else "Walk-in",
            }
        )

    def _ticket_order(self, partner, ticket):
        self.config.open_ui()
        session = self.config.current_session_id
        session.set_opening_control(0, None)
        registration = {
            "event_id": ticket.event_id.id,
            "event_ticket_id": ticket.id,
            "partner_id": partner.id if partner else False,
            "name": partner.name if partner else "Walk-in",
        }
        line = {
            "event_ticket_id": ticket.id,
            "event_registration_ids": [Command.create(registration)],
        }
        return pos_order_data(
            session,
            self.cash_pm,
            [(ticket.product_id, 1, ticket.price, line)],
            partner,
            user_id=self.cashier.id,
        )
