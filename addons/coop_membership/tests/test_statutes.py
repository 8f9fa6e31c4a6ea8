import base64
import re
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .common import CoopMembershipCase, new_test_user, portal_user

PDF = base64.b64encode(
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class StatutesCase(CoopMembershipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Version = cls.env["coop.statutes.version"]

    @classmethod
    def _version(cls, name, effective_date, kind="statutes", publish=True, company=None, **vals):
        version = cls.Version.create(
            {
                "kind": kind,
                "name": name,
                "effective_date": effective_date,
                "company_id": (company or cls.company).id,
                "body": f"<p>Text of {kind} {name}</p>",
                **vals,
            }
        )
        if publish:
            version.action_publish()
        return version


@tagged("post_install", "-at_install")
class TestStatutesVersion(StatutesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A company of its own: no demo version in the way of the resolution's checks.
        cls.other_company = cls.env["res.company"].create(
            {"name": "Statutes Test Co-op", "country_id": cls.env.ref("base.uk").id}
        )
        cls.office = new_test_user(
            cls.env, login="statutes_office", groups="coop_membership.group_coop_user"
        )
        cls.portal = portal_user(cls.env, "statutes_portal", cls._person("Statutes Portal"))

    def _current(self, day, kind="statutes"):
        return self.Version._coop_current(kind, self.other_company, day=day)

    def test_current_is_the_latest_published_in_force(self):
        first = self._version("2026-1", "2026-01-01", company=self.other_company)
        second = self._version("2026-2", "2026-06-01", company=self.other_company)
        self._version("2026-3", "2026-09-01", company=self.other_company, publish=False)
        ahead = self._version("2027-1", "2027-01-01", company=self.other_company)
        self.assertFalse(self._current(date(2025, 12, 31)))
        self.assertEqual(self._current(date(2026, 3, 1)), first)
        self.assertEqual(self._current(date(2026, 6, 1)), second)
        # The draft dated September does not replace the second version...
        self.assertEqual(self._current(date(2026, 10, 1)), second)
        # ...and the version published ahead only counts from its own date.
        self.assertEqual(self._current(date(2026, 12, 31)), second)
        self.assertEqual(self._current(date(2027, 1, 1)), ahead)
        # Each kind of document has its own versions.
        self.assertFalse(self._current(date(2027, 1, 1), kind="rules"))
        rules = self._version("R1", "2026-01-01", kind="rules", company=self.other_company)
        self.assertEqual(self._current(date(2027, 1, 1), kind="rules"), rules)
        self.assertEqual(self._current(date(2027, 1, 1)), ahead)

    def test_two_versions_on_one_day_the_last_published_wins(self):
        self._version("A", "2026-01-01", company=self.other_company)
        later = self._version("B", "2026-01-01", company=self.other_company)
        self.assertEqual(self._current(date(2026, 1, 1)), later)

    def test_today_is_the_company_s_day(self):
        self.other_company.partner_id.tz = "Pacific/Kiritimati"  # UTC+14
        version = self._version("K", "2026-07-01", company=self.other_company)
        with freeze_time("2026-06-30 20:00:00"):  # already 1 July on Kiritimati
            self.assertEqual(self.Version._coop_current("statutes", self.other_company), version)
            self.assertTrue(version._coop_is_public())
            self.other_company.partner_id.tz = "Europe/London"  # still 30 June
            self.Version.invalidate_model()
            self.assertFalse(self.Version._coop_current("statutes", self.other_company))
            self.assertFalse(version._coop_is_public())

    def test_is_current_flags_the_version_in_force(self):
        today = self.Version._coop_today(self.other_company)
        old = self._version("old", today - timedelta(days=30), company=self.other_company)
        now = self._version("now", today, company=self.other_company)
        ahead = self._version("ahead", today + timedelta(days=1), company=self.other_company)
        self.assertEqual((old | now | ahead).mapped("is_current"), [False, True, False])

    def test_published_version_is_immutable(self):
        draft = self._version("2026-1", "2026-01-01", publish=False)
        draft.write({"effective_date": "2026-02-01", "document": PDF})
        draft.action_publish()
        for vals in (
            {"document": PDF},
            {"document": False},
            {"effective_date": "2026-03-01"},
            {"body": "<p>Changed</p>"},
            {"name": "2026-1b"},
            {"kind": "rules"},
            {"state": "draft"},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "cannot be changed"),
            ):
                draft.write(vals)
        self.assertEqual(draft.effective_date, date(2026, 2, 1))
        # The note on what changed is not part of the text members accepted.
        draft.change_note = "Typo in the note fixed"
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            draft.unlink()
        with self.assertRaisesRegex(UserError, "Only a draft"):
            draft.action_publish()
        # Nor through the attachment that holds the document.
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.manager)
            .search(
                [
                    ("res_model", "=", draft._name),
                    ("res_id", "=", draft.id),
                    ("res_field", "=", "document"),
                ]
            )
        )
        self.assertEqual(len(attachment), 1)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            attachment.write({"datas": base64.b64encode(b"%PDF-1.4 swapped")})
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            attachment.write({"res_id": self.manager.partner_id.id, "res_model": "res.partner"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            attachment.unlink()
        self.assertEqual(draft.with_context(bin_size=False).document, PDF)
        correction = draft.copy()
        self.assertEqual(correction.state, "draft")
        correction.write({"name": "2026-2", "effective_date": "2026-04-01"})
        correction.unlink()

    def test_publishing_needs_a_text_and_pdf_only(self):
        empty = self.Version.create(
            {"name": "empty", "effective_date": "2026-01-01", "company_id": self.other_company.id}
        )
        with self.assertRaisesRegex(ValidationError, "neither a document nor a text"):
            empty.action_publish()
        self.env.invalidate_all()
        self.assertEqual(empty.state, "draft")
        with self.assertRaisesRegex(ValidationError, "PDF"):
            empty.document = base64.b64encode(b"<html><script>alert(1)</script></html>")
        empty.document = PDF
        empty.action_publish()
        self.assertEqual(empty.state, "published")

    def test_portal_and_public_cannot_read_versions(self):
        version = self._version("2026-1", "2026-01-01")
        public = self.env.ref("base.public_user")
        for user in (self.portal, public):
            with self.subTest(user=user.login):
                Version = self.Version.with_user(user)
                with self.assertRaises(AccessError):
                    Version.search([])
                with self.assertRaises(AccessError):
                    Version.browse(version.id).read(["name", "document"])
                attachment = (
                    self.env["ir.attachment"]
                    .sudo()
                    .create(
                        {
                            "name": "statutes.pdf",
                            "res_model": version._name,
                            "res_id": version.id,
                            "datas": PDF,
                        }
                    )
                )
                with self.assertRaises(AccessError):
                    self.env["ir.attachment"].with_user(user).browse(attachment.id).read(["datas"])

    def test_staff_reads_but_only_a_manager_publishes(self):
        draft = self._version("2026-1", "2026-01-01", publish=False)
        as_office = draft.with_user(self.office)
        self.assertEqual(as_office.name, "2026-1")
        with self.assertRaises(AccessError):
            as_office.action_publish()
        with self.assertRaises(AccessError):
            as_office.write({"name": "2026-1b"})
        with self.assertRaises(AccessError):
            self.Version.with_user(self.office).create(
                {"name": "x", "effective_date": "2026-01-01", "body": "<p>x</p>"}
            )
        self.assertEqual(draft.state, "draft")
        draft.with_user(self.manager).action_publish()
        self.assertEqual(draft.state, "published")

    def test_partner_shows_the_versions_of_the_validated_request(self):
        statutes = self._version("S1", "2026-01-01")
        rules = self._version("R1", "2026-01-01", kind="rules")
        newer = self._version("S2", "2026-02-01")
        partner = self._person("Accepting Member")
        first = self.Request.create(
            {
                "partner_id": partner.id,
                "share_type_id": self.share_b.id,
                "quantity": 1,
                "statutes_version_id": statutes.id,
                "rules_version_id": rules.id,
            }
        )
        # Not validated yet: the office has not checked the consent.
        self.assertFalse(partner.coop_statutes_version_id)
        first.action_validate()
        first._pay_capital(journal=self.bank_journal)
        self.assertEqual(partner.coop_statutes_version_id, statutes)
        self.assertEqual(partner.coop_rules_version_id, rules)
        # More shares later, under newer statutes: the latest acceptance is shown.
        second = self.Request.create(
            {
                "partner_id": partner.id,
                "share_type_id": self.share_b.id,
                "quantity": 1,
                "statutes_version_id": newer.id,
            }
        )
        second.action_validate()
        self.assertEqual(partner.coop_statutes_version_id, newer)
        self.assertEqual(partner.coop_rules_version_id, rules)
        # The members' office sees it on the contact's Co-op tab; other staff do not.
        shown = Form(partner.with_user(self.office))
        self.assertEqual(shown.coop_statutes_version_id, newer)
        self.assertEqual(shown.coop_rules_version_id, rules)
        staff = new_test_user(self.env, login="statutes_staff", groups="base.group_user")
        with self.assertRaises(AccessError):
            partner.with_user(staff).read(["coop_statutes_version_id"])

    def test_office_ticking_consent_fills_the_versions_in_force(self):
        statutes = self._version("S-today", self.Version._coop_today(self.company))
        rules = self._version("R-today", self.Version._coop_today(self.company), kind="rules")
        # Opened from the contact: coop_governance's info-session flag needs a partner.
        partner = self._person("Paper Form")
        form = Form(
            self.Request.with_user(self.manager).with_context(default_partner_id=partner.id)
        )
        form.share_type_id = self.share_b
        form.quantity = 1
        self.assertFalse(form.statutes_version_id)
        form.consent_statutes = True
        self.assertEqual(form.statutes_version_id, statutes)
        self.assertEqual(form.rules_version_id, rules)
        request = form.save()
        self.assertEqual(request.statutes_version_id, statutes)


@tagged("post_install", "-at_install")
class TestStatutesOnJoinForm(HttpCase, StatutesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = cls.Version._coop_today(cls.company)
        # Dated today and published last: in force, whatever the demo data holds.
        cls.statutes = cls._version("J-2026", today, document=PDF, document_filename="j.pdf")
        cls.rules = cls._version("JR-2026", today, kind="rules")
        cls.draft = cls._version("J-draft", today, publish=False)
        cls.ahead = cls._version("J-ahead", today + timedelta(days=1))
        cls.valid = {
            "name": "Sam Statutes",
            "email": "sam.statutes@example.org",
            "country_id": str(cls.env.ref("base.uk").id),
            "share_type_id": str(cls.share_b.id),
            "quantity": "1",
            "consent_statutes": "1",
            "consent_data": "1",
        }

    def _post(self, values):
        page = self.url_open("/coop/join").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.url_open("/coop/join", data={**values, "csrf_token": token})

    def _request_of(self, email):
        self.env.invalidate_all()
        return self.Request.search([("partner_id.email", "=", email)])

    def test_join_page_names_and_links_the_versions_in_force(self):
        self.authenticate(None, None)
        page = self.url_open("/coop/join").text
        self.assertIn("statutes (version J-2026)", page)
        self.assertIn("internal rules (version JR-2026)", page)
        self.assertIn(f'href="/coop/statutes/{self.statutes.id}"', page)
        self.assertIn(f'href="/coop/statutes/{self.rules.id}"', page)
        self.assertNotIn(f"/coop/statutes/{self.draft.id}", page)
        self.assertNotIn(f"/coop/statutes/{self.ahead.id}", page)

    def test_submission_stores_the_server_s_versions_not_the_posted_ones(self):
        self.authenticate(None, None)
        response = self._post(
            {
                **self.valid,
                "statutes_version_id": str(self.draft.id),
                "rules_version_id": str(self.ahead.id),
            }
        )
        self.assertIn("Thank you, Sam Statutes", response.text)
        request = self._request_of("sam.statutes@example.org")
        self.assertEqual(len(request), 1)
        self.assertEqual(request.statutes_version_id, self.statutes)
        self.assertEqual(request.rules_version_id, self.rules)

    def test_without_published_versions_the_form_is_as_before(self):
        self.env.cr.execute("UPDATE coop_statutes_version SET state = 'draft'")
        self.env.invalidate_all()
        self.authenticate(None, None)
        page = self.url_open("/coop/join").text
        self.assertIn("I have read and accept the statutes of the co-operative.", page)
        self.assertNotIn("/coop/statutes/", page)
        self._post(self.valid)
        request = self._request_of("sam.statutes@example.org")
        self.assertTrue(request.consent_statutes)
        self.assertFalse(request.statutes_version_id)
        self.assertFalse(request.rules_version_id)

    def test_public_route_serves_versions_in_force_only(self):
        self.authenticate(None, None)
        response = self.url_open(f"/coop/statutes/{self.statutes.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        response = self.url_open(f"/coop/statutes/{self.rules.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Text of rules JR-2026", response.text)
        for refused in (self.draft, self.ahead):
            with self.subTest(version=refused.name):
                response = self.url_open(f"/coop/statutes/{refused.id}")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(f"Text of statutes {refused.name}", response.text)
        missing = self.Version.search([], order="id desc", limit=1).id + 1000
        self.assertEqual(self.url_open(f"/coop/statutes/{missing}").status_code, 404)

    def test_document_is_not_reachable_through_raw_attachment_urls(self):
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "coop.statutes.version"),
                ("res_id", "=", self.statutes.id),
                ("res_field", "=", "document"),
            ]
        )
        self.assertTrue(attachment)
        self.authenticate(None, None)
        for url in (
            f"/web/content/{attachment.id}",
            f"/web/content/coop.statutes.version/{self.statutes.id}/document",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertIn(response.status_code, (403, 404))
                self.assertFalse(response.content.startswith(b"%PDF"))
