from odoo.tests import HttpCase, tagged

from odoo.addons.coop_membership.tests.common import portal_user

from .common import CoopSalesCase


@tagged("post_install", "-at_install")
class TestPortalPurchases(HttpCase, CoopSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann_user = portal_user(cls.env, "purchases_ann", cls.ann)
        cls.bea_user = portal_user(cls.env, "purchases_bea", cls.bea)

    def test_a_member_sees_their_purchases(self):
        receipt = self.sell(self.ann, quantity=3)
        _order, _invoice = self.basket_invoice(self.ann, 30.0)
        self.sell(self.bea, quantity=7)
        self.authenticate(self.ann_user.login, self.ann_user.login)
        page = self.url_open("/my/purchases").text
        self.assertEqual(page.count('o_coop_purchase"'), 2, "the till receipt and the round")
        self.assertIn(f"/my/purchases/till/{receipt.id}", page)
        self.assertIn(f"/my/group-orders/{self.round.id}", page)
        self.assertIn("7.50", page)
        self.assertIn("30.00", page)
        self.assertNotIn("17.50", page, "Bea's order is not on Ann's page")
        detail = self.url_open(f"/my/purchases/till/{receipt.id}").text
        self.assertIn(self.product.name, detail)
        self.assertIn("o_coop_receipt_total", detail)
        self.assertIn(self.cash_pm.name, detail)
        home = self.url_open("/my/home").text
        self.assertIn("/my/purchases", home)

    def test_nobody_reads_another_members_receipt(self):
        receipt = self.sell(self.ann, quantity=3)
        self.authenticate(self.bea_user.login, self.bea_user.login)
        response = self.url_open(f"/my/purchases/till/{receipt.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(f"/my/purchases/till/{receipt.id}", self.url_open("/my/purchases").text)
        # An id that does not exist looks the same as someone else's.
        self.assertEqual(self.url_open("/my/purchases/till/999999999").status_code, 404)
        # Nor does the household head read their household member's receipt by its id.
        partner_receipt = self.sell(self.ann_partner)
        self.authenticate(self.ann_user.login, self.ann_user.login)
        response = self.url_open(f"/my/purchases/till/{partner_receipt.id}")
        self.assertEqual(response.status_code, 404)

    def test_an_empty_page_says_what_to_do(self):
        self.authenticate(self.bea_user.login, self.bea_user.login)
        page = self.url_open("/my/purchases").text
        self.assertIn("o_coop_no_purchase", page)
        self.assertIn("member number at the till", page)

    def test_a_page_of_twenty(self):
        for _index in range(23):
            self.sell(self.bea)
        self.authenticate(self.bea_user.login, self.bea_user.login)
        first = self.url_open("/my/purchases").text
        self.assertEqual(first.count('o_coop_purchase"'), 20)
        second = self.url_open("/my/purchases/page/2").text
        self.assertEqual(second.count('o_coop_purchase"'), 3)
