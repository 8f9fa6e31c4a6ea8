from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.coop_membership.tests.common import portal_user

from .common import Command, CoopCultureCase


@tagged("post_install", "-at_install")
class TestConsignmentPortal(HttpCase, CoopCultureCase):
    """Consignor B tries every URL of consignor A: nothing of A's reaches B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_a = portal_user(cls.env, "culture_portal_a", cls.artist_a)
        cls.user_b = portal_user(cls.env, "culture_portal_b", cls.artist_b)
        cls.fan = cls.env["res.partner"].create({"name": "Just A Fan", "email": "fan@example.org"})
        cls.user_fan = portal_user(cls.env, "culture_portal_fan", cls.fan)
        cls.statement_a = cls._posted(cls.artist_a, cls.vinyl_a, 77.0)
        cls.statement_b = cls._posted(cls.artist_b, cls.painting_b, 240.0)
        cls.draft_a = cls.Statement.create(
            {"partner_id": cls.artist_a.id, "date_from": "2024-05-01", "date_to": "2024-05-31"}
        )

    @classmethod
    def _posted(cls, partner, product, amount):
        statement = cls.Statement.create(
            {
                "partner_id": partner.id,
                "date_from": "2024-03-01",
                "date_to": "2024-03-31",
                "line_ids": [
                    Command.create(
                        {
                            "date": "2024-03-10",
                            "product_id": product.id,
                            "quantity": 1,
                            "amount": amount,
                            "commission_rate": 20.0,
                        }
                    )
                ],
            }
        )
        statement.action_post()
        return statement

    def _get(self, user, url):
        self.authenticate(user.login, user.login)
        return self.url_open(url, allow_redirects=False)

    def test_consignor_sees_own_stock_and_statements(self):
        response = self._get(self.user_a, "/my/consignment")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Ada – Towpath (LP)", page)
        self.assertIn(f"/my/consignment/products/{self.vinyl_a.product_tmpl_id.id}", page)
        self.assertIn(self.statement_a.name, page)
        self.assertIn(f"/my/consignment/statements/{self.statement_a.id}/pdf", page)
        # Nothing of Bea's, and not A's own draft either.
        self.assertNotIn("Ridley Road", page)
        self.assertNotIn(self.statement_b.name, page)
        self.assertNotIn(self.draft_a.name, page)

        product_page = self._get(
            self.user_a, f"/my/consignment/products/{self.vinyl_a.product_tmpl_id.id}"
        )
        self.assertEqual(product_page.status_code, 200)
        self.assertIn('class="o_coop_on_hand">10.0<', product_page.text)
        self.assertIn("Ada sings about the canal.", product_page.text)

        statement_page = self._get(self.user_a, f"/my/consignment/statements/{self.statement_a.id}")
        self.assertEqual(statement_page.status_code, 200)
        self.assertIn(self.statement_a.name, statement_page.text)
        pdf = self._get(self.user_a, f"/my/consignment/statements/{self.statement_a.id}/pdf")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn(self.statement_a.name, pdf.text)

    def test_other_consignor_gets_not_found_everywhere(self):
        for url in (
            f"/my/consignment/statements/{self.statement_a.id}",
            f"/my/consignment/statements/{self.statement_a.id}/pdf",
            f"/my/consignment/statements/{self.statement_a.id}/pdf?download=1",
            f"/my/consignment/statements/{self.draft_a.id}",
            f"/my/consignment/products/{self.vinyl_a.product_tmpl_id.id}",
            f"/my/consignment/products/{self.cd_a.product_tmpl_id.id}",
        ):
            with self.subTest(url=url):
                response = self._get(self.user_b, url)
                self.assertIn(response.status_code, (403, 404))
                self.assertNotIn(self.statement_a.name, response.text)
                self.assertNotIn("Towpath", response.text)
                self.assertNotIn("Ada", response.text)
        page = self._get(self.user_b, "/my/consignment").text
        self.assertIn(self.statement_b.name, page)
        self.assertNotIn(self.statement_a.name, page)
        self.assertNotIn("Towpath", page)

    def test_the_link_of_a_mailed_statement_opens_it_and_no_other(self):
        token = self.statement_a._portal_ensure_token()
        base = f"/my/consignment/statements/{self.statement_a.id}"
        for url in (f"{base}?access_token={token}", f"{base}/pdf?access_token={token}"):
            with self.subTest(url=url):
                response = self._get(self.user_b, url)
                self.assertEqual(response.status_code, 200)
                self.assertIn(self.statement_a.name, response.text)
        page = self._get(self.user_b, f"{base}?access_token={token}").text
        self.assertIn(f"{base}/pdf?access_token={token}&amp;download=true", page)
        wrong = self._get(self.user_b, f"{base}?access_token={token[:-1]}x")
        self.assertEqual(wrong.status_code, 404)
        self.assertNotIn(self.statement_a.name, wrong.text)
        other = self._get(
            self.user_b, f"/my/consignment/statements/{self.draft_a.id}?access_token={token}"
        )
        self.assertEqual(other.status_code, 404)
        draft_token = self.draft_a._portal_ensure_token()
        draft = self._get(
            self.user_a, f"/my/consignment/statements/{self.draft_a.id}?access_token={draft_token}"
        )
        self.assertEqual(draft.status_code, 404, "a token does not open a draft")

    def test_own_draft_is_not_shown_yet(self):
        response = self._get(self.user_a, f"/my/consignment/statements/{self.draft_a.id}")
        self.assertEqual(response.status_code, 404)

    def test_non_consignor_has_no_consignment_page(self):
        for url in ("/my/consignment", f"/my/consignment/statements/{self.statement_a.id}/pdf"):
            with self.subTest(url=url):
                self.assertEqual(self._get(self.user_fan, url).status_code, 404)

    def test_record_rules_hold_without_the_controller(self):
        Statement = self.Statement.with_user(self.user_b)
        self.assertEqual(Statement.search([]), self.statement_b)
        self.assertEqual(
            self.env["coop.consignment.statement.line"].with_user(self.user_b).search([]),
            self.statement_b.line_ids,
        )
        with self.assertRaises(AccessError):
            self.statement_a.with_user(self.user_b).read(["amount_due"])
        with self.assertRaises(AccessError):
            self.statement_b.with_user(self.user_b).write({"date_to": "2024-04-30"})
