import re

from odoo import tools
from odoo.tests import HttpCase, tagged

from odoo.addons.coop_membership.tests.phone import phone_screen

from .common import CoopAssemblyCase


@tagged("post_install", "-at_install")
class TestPortalAssembly(HttpCase, CoopAssemblyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assembly = cls._called(resolutions=("Culture corner on the phone", "Secret board"))
        cls.culture, cls.board = cls.assembly.resolution_ids
        cls.board.secret = True
        cls.assembly.resolution_ids.action_open_vote()
        cls.document = cls.env["ir.attachment"].create(
            {"name": "Accounts.pdf", "raw": b"%PDF-1.4 the accounts", "mimetype": "application/pdf"}
        )
        cls.stray = cls.env["ir.attachment"].create({"name": "Payroll.pdf", "raw": b"secret pay"})
        cls.assembly.document_ids = cls.document
        cls.draft = cls._assembly(name="Draft assembly")

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _post(self, url, **data):
        page = self._get("/my/account").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(url, data={"csrf_token": token, **data}, allow_redirects=False)
        self.env.invalidate_all()
        return response

    def assertDone(self, response, done):
        self.assertIn(response.status_code, (302, 303), response.text[:2000])
        self.assertIn(f"done={done}", response.headers["Location"])

    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_coop_error", response.text)
        self.assertIn(tools.html_escape(message), response.text)

    def ballot(self, resolution, partner):
        return resolution.ballot_ids.filtered(lambda b: b.partner_id == partner)

    def test_member_votes_online_and_member_b_cannot_vote_as_a(self):
        self._login(self.user_anna)
        page = self._get(f"/my/assemblies/{self.assembly.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_coop_vote_form", page.text)
        self.assertDone(
            self._post(
                f"/my/assemblies/{self.assembly.id}/vote",
                resolution_id=self.culture.id,
                choice="for",
            ),
            "voted",
        )
        self.assertEqual(self.ballot(self.culture, self.anna).choice, "for")
        # Ben sends Anna's partner and voter ids: the route votes as Ben, whatever he sends.
        self._login(self.user_ben)
        anna_voter = self.voter(self.assembly, self.anna)
        self.assertDone(
            self._post(
                f"/my/assemblies/{self.assembly.id}/vote",
                resolution_id=self.culture.id,
                choice="against",
                partner_id=self.anna.id,
                voter_id=anna_voter.id,
            ),
            "voted",
        )
        self.assertEqual(self.ballot(self.culture, self.anna).choice, "for")
        self.assertEqual(self.ballot(self.culture, self.ben).choice, "against")
        self.assertEqual((self.culture.votes_for, self.culture.votes_against), (1, 1))
        # A second vote, by Ben again, is refused and changes nothing.
        self.assertRefused(
            self._post(
                f"/my/assemblies/{self.assembly.id}/vote",
                resolution_id=self.culture.id,
                choice="for",
            ),
            "Ben Assembly has already voted on this resolution.",
        )
        self.assertEqual((self.culture.votes_for, self.culture.votes_against), (1, 1))

    def test_a_secret_vote_shows_no_choice(self):
        self._login(self.user_anna)
        self._post(
            f"/my/assemblies/{self.assembly.id}/vote", resolution_id=self.board.id, choice="against"
        )
        page = self._get(f"/my/assemblies/{self.assembly.id}").text
        self.assertIn("Your vote is counted. It is secret", page)
        self.assertEqual(self.board.votes_against, 1)
        self.assertFalse(self.ballot(self.board, self.anna).choice)

    def test_not_on_the_roll_cannot_vote_nor_give_a_proxy(self):
        self._login(self.user_late)
        page = self._get(f"/my/assemblies/{self.assembly.id}").text
        self.assertIn("o_coop_not_on_roll", page)
        self.assertNotIn("o_coop_vote_form", page)
        self.assertRefused(
            self._post(
                f"/my/assemblies/{self.assembly.id}/vote",
                resolution_id=self.culture.id,
                choice="for",
            ),
            "You are not on the roll of this assembly",
        )
        self.assertRefused(
            self._post(
                f"/my/assemblies/{self.assembly.id}/proxy",
                holder_number=self.anna.coop_member_number,
            ),
            "You are not on the roll of this assembly",
        )
        self.assertFalse(self.culture.ballot_ids)
        self.assertFalse(self.assembly.proxy_ids)

    def test_proxy_given_and_taken_back_in_the_portal(self):
        self._login(self.user_ben)
        self.assertDone(
            self._post(
                f"/my/assemblies/{self.assembly.id}/proxy",
                holder_number=self.anna.coop_member_number,
            ),
            "proxy",
        )
        proxy = self.assembly.proxy_ids
        self.assertEqual(
            (proxy.grantor_id, proxy.holder_id, proxy.source), (self.ben, self.anna, "portal")
        )
        page = self._get(f"/my/assemblies/{self.assembly.id}").text
        self.assertIn("You gave your proxy to", page)
        self.assertNotIn("o_coop_vote_form", page, "Anna votes for Ben now")
        # Anna cannot take back Ben's proxy: the route only ever revokes the caller's own.
        self._login(self.user_anna)
        self.assertRefused(
            self._post(f"/my/assemblies/{self.assembly.id}/proxy/revoke"),
            "You have given no proxy.",
        )
        self.assertEqual(proxy.state, "valid")
        self.assertIn(
            "You hold the proxies of Ben Assembly",
            self._get(f"/my/assemblies/{self.assembly.id}").text,
        )
        self._login(self.user_ben)
        self.assertDone(self._post(f"/my/assemblies/{self.assembly.id}/proxy/revoke"), "revoked")
        self.assertEqual(proxy.state, "revoked")
        self.assertRefused(
            self._post(f"/my/assemblies/{self.assembly.id}/proxy", holder_number="no-such"),
            "No member has the number no-such.",
        )

    def test_draft_assemblies_and_stray_documents_are_not_shown(self):
        self._login(self.user_anna)
        listing = self._get("/my/assemblies").text
        self.assertIn(f"/my/assemblies/{self.assembly.id}", listing)
        self.assertNotIn(f"/my/assemblies/{self.draft.id}", listing)
        self.assertEqual(self._get(f"/my/assemblies/{self.draft.id}").status_code, 404)
        self.assertEqual(
            self._post(
                f"/my/assemblies/{self.draft.id}/vote",
                resolution_id=self.draft.resolution_ids.id,
                choice="for",
            ).status_code,
            404,
        )
        document = self._get(f"/my/assemblies/{self.assembly.id}/documents/{self.document.id}")
        self.assertEqual(document.status_code, 200)
        self.assertEqual(document.content, b"%PDF-1.4 the accounts")
        stray = self._get(f"/my/assemblies/{self.assembly.id}/documents/{self.stray.id}")
        self.assertEqual(stray.status_code, 404, "only the assembly's own documents")

    def test_adopted_resolutions_listed_and_home_counter(self):
        for partner in (self.anna, self.ben, self.carl):
            self.culture._coop_vote_online(self.voter(self.assembly, partner), "for")
        self.assembly.action_close()
        self._login(self.user_anna)
        listing = self._get("/my/assemblies").text
        self.assertRegex(listing, r"o_coop_adopted[\s\S]*Culture corner on the phone")
        page = self._get(f"/my/assemblies/{self.assembly.id}").text
        self.assertIn("3 for", page)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["coop_assembly_count"]})
        self.assertEqual(
            counters["coop_assembly_count"], self.Assembly.search_count([("state", "!=", "draft")])
        )

    def test_vote_on_a_phone(self):
        self.assembly.name = "Tour assembly"
        with phone_screen(self):
            self.start_tour(
                "/my/assemblies", "coop_assembly_vote_on_phone", login=self.user_anna.login
            )
        self.assertEqual(self.ballot(self.culture, self.anna).choice, "for")
