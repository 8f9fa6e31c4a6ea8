import os
import re
from unittest.mock import patch

from odoo import tools
from odoo.tests import HttpCase, tagged

from .common import CoopMembershipCase, new_test_user, portal_user
from .phone import phone_screen


@tagged("post_install", "-at_install")
class TestCoopPortal(HttpCase, CoopMembershipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a = cls._member("Alice Portal", share_type=cls.share_b, quantity=3)
        cls.member_b = cls._member("Bob Portal", share_type=cls.share_b, quantity=2)
        cls.household_a = cls._person("Ann Household", coop_household_head_id=cls.member_a.id)
        cls.user_a = cls._portal_user("coop_portal_a", cls.member_a)
        cls.user_b = cls._portal_user("coop_portal_b", cls.member_b)
        cls.user_household = cls._portal_user("coop_portal_h", cls.household_a)
        cls.invoice_a = cls.member_a.coop_subscription_request_ids.move_id
        cls.invoice_b = cls.member_b.coop_subscription_request_ids.move_id

    @classmethod
    def _portal_user(cls, login, partner):
        return portal_user(cls.env, login, partner)

    @staticmethod
    def _number_shown(partner):
        return f"Member no. <strong>{partner.coop_member_number}</strong>"

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _get(self, url, **kwargs):
        return self.url_open(url, allow_redirects=kwargs.pop("allow_redirects", False), **kwargs)

    # ------------------------------------------------------------ fixtures sanity

    def test_fixtures(self):
        for member in (self.member_a, self.member_b):
            self.assertTrue(member.coop_member_number)
            self.assertEqual(len(member.barcode), 13)
            self.assertTrue(member.coop_can_shop)
        self.assertNotEqual(self.member_a.coop_member_number, self.member_b.coop_member_number)
        self.assertTrue(self.household_a.barcode)
        self.assertEqual(self.invoice_a.payment_state, "paid")
        self.assertTrue(self.invoice_a.journal_id.coop_is_share_capital)

    # ------------------------------------------------------------ /my/membership

    def test_my_membership_shows_only_own_data(self):
        self._login(self.user_a)
        response = self._get("/my/membership")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self._number_shown(self.member_a), page)
        self.assertNotIn(self._number_shown(self.member_b), page)
        self.assertNotIn(self.member_b.barcode, page)
        self.assertNotIn("Bob Portal", page)
        self.assertIn(f"barcode_type=EAN13&amp;value={self.member_a.barcode}", page)
        self.assertIn(f"barcode_type=QR&amp;value={self.member_a.barcode}", page)
        self.assertRegex(page, r'class="alert alert-success [^"]*o_coop_status"')
        self.assertIn(self.member_a.coop_status_reason, page)
        self.assertIn('href="/my/membership/certificate?download=1"', page)
        # Capital invoice: state and a link to Odoo's invoice page, with its token.
        self.assertIn(self.invoice_a.name, page)
        self.assertNotIn(self.invoice_b.name, page)
        self.assertIn(
            f'href="/my/invoices/{self.invoice_a.id}?access_token={self.invoice_a.access_token}"',
            page,
        )
        self.assertIn("Paid", page)
        # The household member's card is shown to the head.
        self.assertIn("Ann Household", page)
        self.assertIn(f"value={self.household_a.barcode}", page)
        self.assertIn(f'href="/my/membership/card/{self.household_a.id}"', page)

    def test_status_in_red_when_blocked(self):
        self.member_b.write({"coop_blocked": True, "coop_block_reason": "Unpaid bag deposit"})
        self._login(self.user_b)
        page = self._get("/my/membership").text
        self.assertIn("alert-danger", page)
        self.assertNotIn("alert-success", page)
        self.assertIn("Unpaid bag deposit", page)

    def test_household_member_page(self):
        self._login(self.user_household)
        page = self._get("/my/membership").text
        self.assertIn(f"value={self.household_a.barcode}", page)
        self.assertIn("You shop with the household of", page)
        self.assertIn("Alice Portal", page)
        self.assertNotIn(f"value={self.member_a.barcode}", page)
        self.assertNotIn(self._number_shown(self.member_a), page)
        self.assertNotIn("certificate", page)

    def test_portal_home_entry(self):
        self._login(self.user_a)
        page = self._get("/my").text
        self.assertIn('href="/my/membership"', page)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["coop_membership_count"]}
        )
        self.assertEqual(counters, {"coop_membership_count": 1})

    # ------------------------------------------------------------ household cards

    def test_household_card_access(self):
        card_url = f"/my/membership/card/{self.household_a.id}"
        self._login(self.user_a)
        response = self._get(card_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Ann Household", response.text)
        self.assertIn(f"value={self.household_a.barcode}", response.text)
        self.assertEqual(self._get(f"/my/membership/card/{self.member_a.id}").status_code, 200)

        self._login(self.user_b)
        for url in (
            card_url,
            f"/my/membership/card/{self.member_a.id}",
            "/my/membership/card/999999999",
        ):
            response = self._get(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(self.household_a.barcode, response.text)
            self.assertNotIn(self.member_a.barcode, response.text)
        self.assertEqual(self._get(f"/my/membership/card/{self.member_b.id}").status_code, 200)

        # A household member has their own card, not the head's.
        self._login(self.user_household)
        self.assertEqual(self._get(card_url).status_code, 200)
        self.assertEqual(self._get(f"/my/membership/card/{self.member_a.id}").status_code, 404)

    # ------------------------------------------------------------ invoices

    def test_capital_invoice_needs_ownership_or_token(self):
        url = f"/my/invoices/{self.invoice_a.id}"
        self._login(self.user_a)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.invoice_a.name, response.text)

        self._login(self.user_b)
        response = self._get(url)
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.assertNotIn(self.invoice_a.name, response.text)

    # ------------------------------------------------------------ certificate

    def test_certificate_is_own_pdf(self):
        self.assertTrue(os.path.exists("/usr/bin/wkhtmltopdf"), "wkhtmltopdf is needed for a PDF")
        # Reports fall back to HTML under tests; render for real, and keep wkhtmltopdf
        # from calling back into this (single-transaction) test server for assets.
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        self._login(self.user_a)
        with patch.dict(tools.config.options, {"test_enable": False, "test_file": False}):
            response = self._get("/my/membership/certificate?download=1", timeout=60)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertIn("attachment", response.headers["Content-Disposition"])

    def test_certificate_is_never_someone_elses(self):
        # HTML rendering (the test fallback) lets us read whose certificate it is.
        self._login(self.user_b)
        for url in (
            "/my/membership/certificate",
            f"/my/membership/certificate?partner_id={self.member_a.id}",
            f"/my/membership/certificate/{self.member_a.id}",
        ):
            response = self._get(url)
            self.assertNotIn("Alice Portal", response.text, url)
        page = self._get("/my/membership/certificate").text
        self.assertIn("Bob Portal", page)
        self.assertIn(f"member number <strong>{self.member_b.coop_member_number}</strong>", page)

        # No shares, no certificate.
        self._login(self.user_household)
        self.assertEqual(self._get("/my/membership/certificate").status_code, 404)

    # ------------------------------------------------------------ query count

    def test_query_count_does_not_grow_with_share_lines(self):
        member_d = self._member("Dora Many Lines", share_type=self.share_b, quantity=2)
        self.Line.create(
            [
                {
                    "partner_id": member_d.id,
                    "share_type_id": share_type.id,
                    "quantity": quantity,
                    "kind": "subscription",
                }
                for share_type, quantity in [
                    (self.share_b, 1),
                    (self.share_b, 1),
                    (self.share_b, 1),
                    (self.share_a, 10),
                    (self.share_a, 5),
                    (self.share_c, 1),
                    (self.share_c, 2),
                ]
            ]
        )
        user_d = self._portal_user("coop_portal_d", member_d)
        self.assertGreater(
            len(member_d.coop_share_line_ids), 3 * len(self.member_b.coop_share_line_ids)
        )
        for user in (self.user_b, user_d):
            self._login(user)
            self._get("/my/membership")  # warm the caches and create the invoice token
            with self.assertQueryCount(
                QUERY_COUNT_MY_MEMBERSHIP
                + self._status_extension_queries()
                + self._my_membership_extension_queries()
            ):
                response = self._get("/my/membership")
            self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text.count("o_coop_holding"), 3)

    # ------------------------------------------------------------ browser tour

    def test_tour_on_a_phone(self):
        with phone_screen(self):
            self.start_tour("/my/membership", "coop_portal_my_membership", login=self.user_a.login)


# Measured: 17 for a member with one share line, the same with three classes and nine lines.
QUERY_COUNT_MY_MEMBERSHIP = 17


@tagged("post_install", "-at_install")
class TestCoopJoinForm(HttpCase, CoopMembershipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.share_c.active = False
        cls.valid = {
            "name": "Jo Newcomer",
            "email": "jo.newcomer@example.org",
            "phone": "+44 20 7946 0000",
            "street": "1 Market Street",
            "zip": "E1 6AN",
            "city": "London",
            "country_id": str(cls.env.ref("base.uk").id),
            "share_type_id": str(cls.share_a.id),
            "quantity": "12",
            "consent_statutes": "1",
            "consent_data": "1",
        }

    def _csrf_token(self):
        page = self.url_open("/coop/join").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def _post(self, values):
        return self.url_open("/coop/join", data={**values, "csrf_token": self._csrf_token()})

    def _counts(self):
        self.env.invalidate_all()
        return (
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.Request.search_count([]),
        )

    def test_form_lists_active_classes_with_minimum(self):
        self.authenticate(None, None)
        response = self.url_open("/coop/join")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.share_a.display_name, page)
        self.assertIn(self.share_b.display_name, page)
        self.assertNotIn(self.share_c.display_name, page)
        self.assertIn('data-minimum="10"', page)
        self.assertIn('name="consent_statutes"', page)
        self.assertIn('name="consent_data"', page)

    def test_post_without_csrf_is_refused(self):
        self.authenticate(None, None)
        before = self._counts()
        response = self.url_open("/coop/join", data=self.valid)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)

    def test_valid_submission_creates_draft_web_request(self):
        self.authenticate(None, None)
        response = self._post(self.valid)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you, Jo Newcomer", response.text)
        request = self.Request.search([("partner_id.email", "=", "jo.newcomer@example.org")])
        self.assertEqual(len(request), 1)
        self.assertRecordValues(
            request,
            [
                {
                    "state": "draft",
                    "origin": "web",
                    "share_type_id": self.share_a.id,
                    "quantity": 12,
                    "consent_statutes": True,
                    "consent_data": True,
                }
            ],
        )
        self.assertTrue(request.consent_date)
        self.assertRecordValues(
            request.partner_id,
            [
                {
                    "name": "Jo Newcomer",
                    "phone": "+44 20 7946 0000",
                    "street": "1 Market Street",
                    "zip": "E1 6AN",
                    "city": "London",
                    "country_id": self.env.ref("base.uk").id,
                }
            ],
        )

    def test_existing_email_gets_a_new_partner_and_no_hint(self):
        known = self._member("Known Member", share_type=self.share_b, quantity=1)
        self.authenticate(None, None)
        response = self._post({**self.valid, "email": known.email, "name": "Someone Else"})
        self.assertIn("Thank you, Someone Else", response.text)
        self.assertNotIn("Known Member", response.text)
        request = self.Request.search([("partner_id.name", "=", "Someone Else")])
        self.assertEqual(len(request), 1)
        self.assertNotEqual(request.partner_id, known)

    def test_bad_inputs_are_refused_and_kept(self):
        self.authenticate(None, None)
        cases = [
            ({"name": ""}, "Please tell us your name."),
            ({"name": "   "}, "Please tell us your name."),
            ({"email": ""}, "Please give an email address"),
            ({"email": "not-an-email"}, "The email address does not look valid."),
            ({"quantity": "5"}, "needs at least 10 share(s)"),
            ({"quantity": "51"}, "allows at most 50 share(s)"),
            ({"quantity": "0"}, "as a whole number, at least 1"),
            ({"quantity": "two"}, "as a whole number, at least 1"),
            # "²".isdigit() is True and int("²") raises: the page must not crash.
            ({"quantity": "²"}, "as a whole number, at least 1"),
            ({"quantity": "١٢"}, "as a whole number, at least 1"),
            ({"quantity": "1e3"}, "as a whole number, at least 1"),
            ({"quantity": "99999999999999999999"}, "as a whole number, at least 1"),
            ({"city": "x" * 201}, "under 200 characters"),
            ({"city": "Lon\x00don"}, "under 200 characters"),
            ({"consent_statutes": ""}, "Please accept the statutes"),
            ({"consent_data": ""}, "Please accept the privacy policy"),
            ({"share_type_id": "999999"}, "Choose one of the share classes offered."),
            ({"share_type_id": str(self.share_c.id)}, "Choose one of the share classes offered."),
            ({"country_id": "999999"}, "Choose a country from the list."),
        ]
        before = self._counts()
        for change, message in cases:
            with self.subTest(change=change):
                values = {**self.valid, **change}
                values = {key: value for key, value in values.items() if value != ""}
                response = self._post(values)
                self.assertEqual(response.status_code, 200)
                page = response.text
                self.assertIn("o_coop_join_errors", page)
                self.assertIn(tools.html_escape(message), page)
                self.assertNotIn("Thank you", page)
                # What was typed is kept.
                if "phone" in values:
                    self.assertIn('value="+44 20 7946 0000"', page)
                self.assertIn('value="1 Market Street"', page)
                self.assertEqual(self._counts(), before)

    def test_one_session_cannot_flood_the_form(self):
        self.authenticate(None, None)
        for index in range(2):
            response = self._post({**self.valid, "email": f"flood{index}@example.org"})
            self.assertIn("Thank you", response.text)
        before = self._counts()
        response = self._post({**self.valid, "email": "flood2@example.org"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Too many requests", response.text)
        self.assertNotIn("Thank you", response.text)
        self.assertEqual(self._counts(), before, "nothing written")
        # Another session from the same address still may, up to the address's limit.
        self.opener.cookies.clear()
        self.authenticate(None, None)
        response = self._post({**self.valid, "email": "flood3@example.org"})
        self.assertIn("Thank you", response.text)

    def test_one_address_cannot_flood_the_form(self):
        Attempt = self.env["coop.join.attempt"]
        for index in range(20):
            Attempt.create({"address": "127.0.0.1", "session_key": f"other-session-{index}"})
        self.authenticate(None, None)
        before = self._counts()
        response = self._post(self.valid)
        self.assertIn("Too many requests", response.text)
        self.assertEqual(self._counts(), before)

    def test_resubmitting_a_pending_email_counts_too(self):
        self.authenticate(None, None)
        for _attempt in range(2):
            self.assertIn("Thank you", self._post(self.valid).text)
        self.assertIn("Too many requests", self._post(self.valid).text)
        request = self.Request.search([("partner_id.email", "=", self.valid["email"])])
        self.assertEqual(len(request), 1)

    def test_honeypot_writes_nothing(self):
        self.authenticate(None, None)
        before = self._counts()
        response = self._post({**self.valid, "website_url": "http://spam.example"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you, Jo Newcomer", response.text, "a bot sees what a person would")
        self.assertEqual(self._counts(), before)
        self.assertIn('name="website_url"', self.url_open("/coop/join").text)

    def test_signed_in_member_with_pending_request_is_refused(self):
        member = self._member("Pending Pat", share_type=self.share_b, quantity=1)
        self.Request.create(
            {"partner_id": member.id, "share_type_id": self.share_b.id, "quantity": 1}
        )
        user = new_test_user(
            self.env,
            login="coop_join_pending",
            groups="base.group_portal",
            partner_id=member.id,
            name=member.name,
            email=member.email,
        )
        self.authenticate(user.login, user.login)
        before = self._counts()
        response = self._post(
            {
                "share_type_id": str(self.share_b.id),
                "quantity": "1",
                "consent_statutes": "1",
                "consent_data": "1",
            }
        )
        self.assertIn("already has a subscription request waiting", response.text)
        self.assertEqual(self._counts(), before)

    def test_signed_in_member_asks_for_more_shares(self):
        member = self._member("More Shares Max", share_type=self.share_b, quantity=1)
        user = new_test_user(
            self.env,
            login="coop_join_more",
            groups="base.group_portal",
            partner_id=member.id,
            name=member.name,
            email=member.email,
        )
        self.authenticate(user.login, user.login)
        partners_before = self._counts()[0]
        response = self._post(
            {
                "share_type_id": str(self.share_b.id),
                "quantity": "2",
                "consent_statutes": "1",
                "consent_data": "1",
            }
        )
        self.assertIn("Thank you, More Shares Max", response.text)
        request = member.coop_subscription_request_ids.filtered(lambda r: r.state == "draft")
        self.assertRecordValues(request, [{"origin": "web", "quantity": 2}])
        self.assertEqual(self._counts()[0], partners_before)

    def test_visitor_with_pending_email_is_not_told(self):
        self.authenticate(None, None)
        self._post(self.valid)
        before = self._counts()
        existing = self.Request.search([("partner_id.email", "=", self.valid["email"])])
        response = self._post({**self.valid, "quantity": "15"})
        self.assertIn("Thank you, Jo Newcomer", response.text)
        self.assertNotIn("o_coop_join_errors", response.text)
        self.assertEqual(self._counts(), before, "no second partner or request")
        self.assertIn("submitted again", existing.message_ids[0].body)
