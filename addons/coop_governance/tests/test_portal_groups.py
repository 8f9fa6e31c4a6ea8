import re

from odoo import tools
from odoo.tests import HttpCase, tagged

from .common import CoopGovernanceCase

# Measured with warm caches: 12 with the open groups of the demo and the test, and the same
# with six more (groups, stays and leads are read in batches, not per group).
QUERY_COUNT_MY_GROUPS = 12


@tagged("post_install", "-at_install")
class TestPortalGroups(HttpCase, CoopGovernanceCase):
    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _csrf(self):
        # The account form carries a token for every portal user, members or not.
        page = self._get("/my/account").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def _post(self, url, **data):
        response = self.url_open(
            url, data={"csrf_token": self._csrf(), **data}, allow_redirects=False
        )
        self.env.invalidate_all()
        return response

    def assertDone(self, response, url):
        self.assertIn(response.status_code, (302, 303), response.text[:2000])
        self.assertIn(url, response.headers["Location"])

    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_coop_error", response.text)
        self.assertIn(tools.html_escape(message), response.text)

    def test_home_tile_and_list(self):
        self._login(self.user_a)
        home = self._get("/my")
        self.assertIn("/my/working-groups", home.text)
        # The tile shows members the open groups they may join; nothing to someone who may not.
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["coop_working_group_count"]}
        )
        open_groups = self.Group.search_count([("company_id", "=", self.company.id)])
        self.assertEqual(counters["coop_working_group_count"], open_groups)
        self._login(self.user_outsider)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["coop_working_group_count"]}
        )
        self.assertEqual(counters["coop_working_group_count"], 0)
        self._login(self.user_a)
        page = self._get("/my/working-groups")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'data-group-id="{self.group.id}"', page.text)
        self.assertIn(f"/my/working-groups/{self.group.id}/join", page.text)
        self.assertNotIn("o_coop_in_group", page.text)

    def test_join_then_leave_over_http(self):
        self._login(self.user_a)
        self.assertDone(
            self._post(f"/my/working-groups/{self.group.id}/join"), "/my/working-groups?done=joined"
        )
        self.assertIn(self.member_a, self.group.member_ids)
        self.assertIn(self.member_a, self.channel_partners(self.group))
        page = self._get(f"/my/working-groups/{self.group.id}").text
        self.assertIn(f"/discuss/channel/{self.group.channel_id.id}", page)
        self.assertIn("o_coop_in_group", self._get("/my/working-groups").text)
        # Not a lead: no members' list.
        self.assertNotIn("o_coop_group_members", page)
        self.assertDone(
            self._post(f"/my/working-groups/{self.group.id}/leave"), "/my/working-groups?done=left"
        )
        self.assertNotIn(self.member_a, self.group.member_ids)
        self.assertNotIn(self.member_a, self.channel_partners(self.group))

    def test_a_post_without_token_is_refused(self):
        self._login(self.user_a)
        response = self.url_open(
            f"/my/working-groups/{self.group.id}/join", data={"back": "list"}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 400)
        self.assertNotIn(self.member_a, self.group.member_ids)

    def test_non_member_refused_over_http(self):
        self._login(self.user_outsider)
        page = self._get("/my/working-groups").text
        self.assertIn("o_coop_members_only", page)
        self.assertNotIn(f"/my/working-groups/{self.group.id}/join", page)
        response = self._post(f"/my/working-groups/{self.group.id}/join")
        self.assertRefused(response, "Only members of the co-op may join a working group")
        self.assertNotIn(self.outsider, self.group.member_ids)

    def test_lead_sees_and_removes_a_member(self):
        self.group._coop_join(self.member_a)
        self._login(self.user_lead)
        page = self._get(f"/my/working-groups/{self.group.id}").text
        self.assertIn("o_coop_group_members", page)
        self.assertIn(f'data-partner-id="{self.member_a.id}"', page)
        response = self._post(
            f"/my/working-groups/{self.group.id}/remove", partner_id=self.member_a.id
        )
        self.assertDone(response, f"/my/working-groups/{self.group.id}?done=removed")
        self.assertNotIn(self.member_a, self.group.member_ids)
        self.assertNotIn(self.member_a, self.channel_partners(self.group))

    def test_member_b_cannot_remove_member_a(self):
        self.group._coop_join(self.member_a)
        self.group._coop_join(self.member_b)
        self._login(self.user_b)
        page = self._get(f"/my/working-groups/{self.group.id}").text
        self.assertNotIn("o_coop_group_members", page, "only leads see the members")
        self.assertNotIn("Anna Member", page)
        response = self._post(
            f"/my/working-groups/{self.group.id}/remove", partner_id=self.member_a.id
        )
        self.assertRefused(response, "only for yourself")
        self.assertIn(self.member_a, self.group.member_ids)
        # Nor through the leave route with someone else's id: it only ever leaves oneself.
        response = self._post(
            f"/my/working-groups/{self.group.id}/leave", partner_id=self.member_a.id
        )
        self.assertDone(response, "/my/working-groups?done=left")
        self.assertIn(self.member_a, self.group.member_ids)
        self.assertNotIn(self.member_b, self.group.member_ids)

    def test_a_closed_group_is_not_found(self):
        self.other_group.active = False
        self._login(self.user_a)
        self.assertEqual(self._get(f"/my/working-groups/{self.other_group.id}").status_code, 404)
        response = self._post(f"/my/working-groups/{self.other_group.id}/join")
        self.assertEqual(response.status_code, 404)

    def test_query_count_of_the_list(self):
        self.group._coop_join(self.member_a)
        self._login(self.user_a)
        counts = []
        for extra in (0, 6):
            for index in range(extra):
                group = self.Group.create({"name": f"Extra group {index}"})
                group._coop_join(self.lead, role="lead")
                group._coop_join(self.member_b)
            self.env.flush_all()
            self._get("/my/working-groups")  # warm the caches
            with self.assertQueryCount(QUERY_COUNT_MY_GROUPS):
                before = self.cr.sql_log_count
                response = self._get("/my/working-groups")
                counts.append(self.cr.sql_log_count - before)
            self.assertEqual(response.status_code, 200)
        self.assertEqual(counts[0], counts[1], "the groups are read in batches")

    def test_lead_records_hours_and_member_b_cannot(self):
        self.group._coop_join(self.member_a)
        self.group._coop_join(self.member_b)
        today = self.env.cr.now().date()
        self._login(self.user_lead)
        page = self._get(f"/my/working-groups/{self.group.id}").text
        self.assertIn("o_coop_group_hours_form", page)
        response = self._post(
            f"/my/working-groups/{self.group.id}/hours",
            partner_id=self.member_a.id,
            date=str(today),
            hours="2.5",
            note="Bank reconciliation",
        )
        self.assertDone(response, f"/my/working-groups/{self.group.id}?done=hours")
        entry = self.Hours.search([("partner_id", "=", self.member_a.id)])
        self.assertEqual((entry.state, entry.hours_credited), ("confirmed", 2.5))
        # Member B, not a lead: no form, and the route refuses.
        self._login(self.user_b)
        self.assertNotIn(
            "o_coop_group_hours_form", self._get(f"/my/working-groups/{self.group.id}").text
        )
        response = self._post(
            f"/my/working-groups/{self.group.id}/hours",
            partner_id=self.member_a.id,
            date=str(today),
            hours="3",
        )
        self.assertRefused(response, "records and confirms its hours")
        self.assertEqual(len(self.Hours.search([("partner_id", "=", self.member_a.id)])), 1)
        self.assertEqual(self.member_a.coop_shift_standard_points, 0)
