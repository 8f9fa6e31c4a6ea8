from odoo.tests import HttpCase, tagged

from .common import CoopEventCase

MEMBER_CARD = "0420000900016"


@tagged("post_install", "-at_install")
class TestPosTicketTour(HttpCase, CoopEventCase):
    def test_tour_sell_a_member_ticket_at_the_till(self):
        self.member.barcode = MEMBER_CARD
        self.assertTrue(self.member.coop_can_shop)
        self.config.with_user(self.cashier).open_ui()
        self.start_tour(
            f"/pos/ui?config_id={self.config.id}", "coop_event_pos_ticket", login="coop_cashier"
        )
        order = self.env["pos.order"].search([("partner_id", "=", self.member.id)])
        self.assertEqual(order.state, "paid")
        registration = order.lines.event_registration_ids
        self.assertEqual(len(registration), 1)
        self.assertEqual(registration.event_ticket_id, self.member_ticket)
        self.assertEqual(registration.partner_id, self.member)
        self.assertEqual(registration.state, "open")
