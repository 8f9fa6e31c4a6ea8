from datetime import timedelta

from freezegun import freeze_time
from markupsafe import escape

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.coop_membership.tests.common import portal_user

from .common import OPEN, GroupOrderSetup


@tagged("post_install", "-at_install")
class TestStaffTour(GroupOrderSetup, HttpCase):
    """Staff close a round, the receipt comes in short, staff receive and settle it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enter_own_company("Tour Buying Group", accounting=True)
        cls.tag = cls.env["res.partner.category"].create({"name": "Tour buyers"})
        cls._mill_catalogue()
        cls.people = cls.env["res.partner"].create(
            [
                {"name": f"Tour Colleague {i}", "category_id": [(6, 0, cls.tag.ids)]}
                for i in range(3)
            ]
        )
        cls._open_round("Staff Tour Round")
        a, b, c = cls.people
        for hours, (person, quantity, tolerance) in enumerate(((a, 4, 2), (b, 3, 0), (c, 2, 1))):
            with freeze_time(OPEN + timedelta(hours=hours + 1)):
                cls.Line._set_order(cls.round, person, cls.flour_line, quantity, tolerance)
        cls.staff = new_test_user(
            cls.env,
            login="round_staff",
            groups="base.group_user,coop_purchase.group_coop_purchase_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _deliver_short(self):
        po = self.round.purchase_ids
        po.button_confirm()
        picking = po.picking_ids
        picking.move_ids.quantity = 10
        picking.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids
        ).button_validate()
        self.assertEqual(picking.state, "done")

    def test_tour_close_receive_settle(self):
        self.start_tour(
            "/odoo/action-coop_purchase.action_coop_purchase_round",
            "coop_purchase_staff_close",
            login=self.staff.login,
        )
        self.assertEqual(self.round.state, "closed")
        self.assertEqual(self.flour_line.units_ordered, 12)
        self._deliver_short()
        self.start_tour(
            f"/odoo/action-coop_purchase.action_coop_purchase_round/{self.round.id}",
            "coop_purchase_staff_receive_settle",
            login=self.staff.login,
        )
        self.assertEqual(self.round.state, "settled")
        allocated = {m.partner_id: m.allocated_qty for m in self.round.order_ids.line_ids}
        a, b, c = self.people
        # Ten for nine firm units, first come: a 4, b 3, c 2, then a's tolerance gets one.
        self.assertEqual(allocated, {a: 5, b: 3, c: 2})
        invoices = self.round.order_ids.invoice_id
        self.assertEqual(len(invoices), 3)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertEqual(invoices.create_uid, self.staff)
        self._member_sees_what_to_pay(a, invoices)

    def _member_sees_what_to_pay(self, member, invoices):
        user = portal_user(self.env, "tour_member", member)
        user.write({"company_ids": [(6, 0, self.company.ids)], "company_id": self.company.id})
        own = invoices.filtered(lambda m: m.partner_id == member)
        self.authenticate(user.login, user.login)
        page = self.url_open(f"/my/group-orders/{self.round.id}").text
        self.assertIn("Still to pay for this round", page)
        self.assertIn(str(escape(own.get_portal_url())), page)
        for other in invoices - own:
            self.assertNotIn(other.name, page)
            self.assertNotIn(other.access_token or "no token yet", page)
        self.assertEqual(self.url_open(own.get_portal_url()).status_code, 200)
