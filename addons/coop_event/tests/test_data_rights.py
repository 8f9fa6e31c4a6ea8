from odoo.tests import tagged

from .common import CoopEventCase


@tagged("post_install", "-at_install")
class TestTicketDataRights(CoopEventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.coop_sellback_delay_months = 0
        cls.leaver = cls._member(
            "Ticket Leaver Lou", share_type=cls.share_b, quantity=1, phone="+44 20 7946 0000"
        )
        cls.ticket = cls._register(cls.member_ticket, cls.leaver)
        cls.other_ticket = cls._register(cls.public_ticket, cls.member)

    def _sell_back(self, partner):
        request = self.env["coop.sellback.request"].create(
            {"partner_id": partner.id, "share_type_id": self.share_b.id, "quantity": 1}
        )
        request.action_submit()
        request.action_approve()
        request.action_issue_refund()
        request._pay_refund(journal=self.bank_journal)

    def test_export_lists_own_tickets(self):
        tickets = self.leaver._coop_personal_data_export()["event_tickets"]
        self.assertEqual(
            [(t["event"], t["ticket"], t["attendee"]) for t in tickets],
            [("Hackney Folk Night", "Member", "Ticket Leaver Lou")],
        )

    def test_erasure_clears_the_attendee_copy(self):
        self.assertEqual(self.ticket.email, "ticket.leaver.lou@example.org")
        self._sell_back(self.leaver)
        log = self.leaver._coop_erase_personal_data()
        self.assertIn("event tickets", log.categories)
        self.assertEqual(self.ticket.name, self.leaver.name)
        self.assertTrue(self.ticket.name.startswith("Former member"))
        self.assertFalse(self.ticket.email)
        self.assertFalse(self.ticket.phone)
        self.assertEqual(self.ticket.event_ticket_id, self.member_ticket, "the seat stays")
        self.assertEqual(self.other_ticket.name, "Ticket Member Mo")
