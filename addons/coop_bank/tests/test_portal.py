import re

from odoo.tests import HttpCase, tagged

from odoo.addons.coop_membership.tests.common import portal_user

from .common import CoopBankCase


@tagged("post_install", "-at_install")
class TestPortalBankTransfer(HttpCase, CoopBankCase):
    """Members read, beside the co-op's bank details, the reference to write on a transfer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_priya = portal_user(cls.env, "coop_bank_priya", cls.priya)
        cls.user_ada = portal_user(cls.env, "coop_bank_ada", cls.ada)
        cls.user_tom = portal_user(cls.env, "coop_bank_tom", cls.tom)
        for invoice in (cls.priya_invoice, cls.ada_request.move_id, cls.tom_invoice):
            invoice._portal_ensure_token()

    def _page(self, user, url):
        self.authenticate(user.login, user.login)
        return self.url_open(url, allow_redirects=False)

    def _references_shown(self, page):
        """The whole references a page shows: member 37's "37-TOPUP" is also the end of
        contact 237's "P237-TOPUP", so a substring check would see one in the other."""
        return set(re.findall(r'o_coop_payment_reference">([^<]+)<', page))

    def test_invoice_page_shows_reference_and_bank_details(self):
        response = self._page(self.user_priya, f"/my/invoices/{self.priya_invoice.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("o_coop_bank_transfer", page)
        self.assertIn(self.priya_invoice.payment_reference, page)
        self.assertIn(self.priya_invoice._coop_bank_transfer_details()["number"], page)
        self.assertNotIn(self.tom_invoice.payment_reference, page)

    def test_a_paid_invoice_asks_for_nothing(self):
        self.priya_invoice._coop_register_payment(journal=self.current_account)
        page = self._page(self.user_priya, f"/my/invoices/{self.priya_invoice.id}").text
        self.assertNotIn("o_coop_bank_transfer", page)

    def test_membership_page_shows_top_up_and_capital_references(self):
        response = self._page(self.user_ada, "/my/membership")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.ada._coop_payment_reference(), page)
        self.assertIn(self.ada_request.move_id.payment_reference, page)
        self.assertIn(self.company._coop_transfer_bank_details()["number"], page)
        self.assertIn(self.ada._coop_payment_reference(), self._references_shown(page))
        self.assertNotIn(self.priya._coop_payment_reference(), self._references_shown(page))

    def test_another_members_invoice_shows_nothing_of_it(self):
        response = self._page(self.user_tom, f"/my/invoices/{self.priya_invoice.id}")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(self.priya_invoice.payment_reference, response.text)
        page = self._page(self.user_tom, "/my/membership").text
        self.assertIn(self.tom._coop_payment_reference(), self._references_shown(page))
        self.assertNotIn(self.priya._coop_payment_reference(), self._references_shown(page))

    def test_balance_page_shows_the_own_top_up_reference(self):
        response = self._page(self.user_ada, "/my/balance")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("o_coop_balance_bank_transfer", page)
        self.assertIn(self.ada._coop_payment_reference(), page)
        self.assertIn(self.company._coop_transfer_bank_details()["number"], page)
        self.assertIn(self.ada._coop_payment_reference(), self._references_shown(page))
        self.assertNotIn(self.priya._coop_payment_reference(), self._references_shown(page))
