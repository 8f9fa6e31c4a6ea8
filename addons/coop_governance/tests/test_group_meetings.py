from datetime import timedelta

import pytz

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, tagged

from odoo.addons.coop_membership.tests.common import new_test_user

from .common import CoopGovernanceCase

MELBOURNE = "Australia/Melbourne"
# Measured with warm caches: the group's page of a member, with one coming meeting or five.
QUERY_COUNT_GROUP_PAGE = 17


class GroupMeetingsMixin:
    """A group with an employee lead, members A and the portal lead, and member B outside it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = MELBOURNE
        cls.staff_lead_partner = cls._member("Stella Staff", email="stella.staff@example.org")
        cls.staff_lead = new_test_user(
            cls.env,
            login="groups_stella",
            groups="base.group_user",
            partner_id=cls.staff_lead_partner.id,
            name="Stella Staff",
            email="stella.staff@example.org",
        )
        cls.group._coop_join(cls.staff_lead_partner, role="lead")
        cls.group._coop_join(cls.member_a)
        cls.Meeting = cls.env["calendar.event"]
        # Whole minutes, a week ahead, at an hour that reads differently in Melbourne.
        cls.start = fields.Datetime.now().replace(minute=0, second=0, microsecond=0) + timedelta(
            days=7
        )

    def _meeting_values(self, **values):
        return {
            "name": "Budget review",
            "start": self.start,
            "stop": self.start + timedelta(hours=1),
            "location": "Back room",
            **values,
        }

    def _schedule(self, user, **values):
        """What the form's button and the meeting form do, as `user`."""
        group = self.group.with_user(user)
        action = group.action_coop_schedule_meeting()
        return (
            self.Meeting.with_user(user)
            .with_context(**action["context"])
            .create(self._meeting_values(**values))
        )

    def _local_hour(self, moment):
        return pytz.utc.localize(moment).astimezone(pytz.timezone(MELBOURNE)).strftime("%H:%M")


@tagged("post_install", "-at_install")
class TestGroupMeetings(GroupMeetingsMixin, CoopGovernanceCase):
    def test_lead_schedules_a_meeting_for_the_current_members(self):
        meeting = self._schedule(self.staff_lead)
        self.assertEqual(meeting.coop_working_group_id, self.group)
        self.assertEqual(
            set(meeting.partner_ids.ids),
            set((self.lead | self.member_a | self.staff_lead_partner).ids),
        )
        self.assertNotIn(self.member_b, meeting.partner_ids)
        self.assertEqual(self.group.meeting_ids, meeting)
        self.assertEqual(self.group.meeting_count, 1)

    def test_the_buttons_form_opens_with_the_group_and_its_members(self):
        action = self.group.with_user(self.staff_lead).action_coop_schedule_meeting()
        form = Form(self.Meeting.with_user(self.staff_lead).with_context(**action["context"]))
        self.assertEqual(form.coop_working_group_id, self.group)
        self.assertEqual(
            set(form.partner_ids.ids),
            set((self.lead | self.member_a | self.staff_lead_partner).ids),
        )
        form.start = self.start
        form.stop = self.start + timedelta(hours=1)
        meeting = form.save()
        self.assertEqual(meeting.name, "Accounts committee meeting")
        self.assertEqual(self.group.meeting_ids, meeting)

    def test_meeting_is_posted_in_the_group_chat_at_the_shop_time(self):
        meeting = self._schedule(self.office, videocall_location="https://meet.example.org/abc")
        message = self.group.channel_id.sudo().message_ids[:1]
        self.assertIn("Budget review", message.body)
        self.assertIn(self._local_hour(meeting.start), message.body)
        self.assertNotIn(meeting.start.strftime("%H:%M"), message.body)
        self.assertIn("Back room", message.body)
        self.assertIn("https://meet.example.org/abc", message.body)

    def test_coming_meetings_follow_who_joins_and_leaves(self):
        coming = self._schedule(self.office)
        past = self._schedule(
            self.office,
            start=self.start - timedelta(days=400),
            stop=self.start - timedelta(days=400, hours=-1),
        )
        self.group._coop_join(self.member_b)
        self.group._coop_leave(self.member_a)
        self.assertIn(self.member_b, coming.partner_ids)
        self.assertNotIn(self.member_a, coming.partner_ids)
        # Who was at a past meeting stays on it; nobody is added to it afterwards.
        self.assertIn(self.member_a, past.partner_ids)
        self.assertNotIn(self.member_b, past.partner_ids)

    def test_a_recurring_meeting_is_told_once(self):
        before = len(self.group.channel_id.sudo().message_ids)
        meetings = self._schedule(
            self.office, recurrency=True, rrule_type="daily", end_type="count", count=3
        )
        self.assertEqual(len(self.group.meeting_ids), 3)
        self.assertIn(meetings, self.group.meeting_ids)
        self.assertEqual(len(self.group.channel_id.sudo().message_ids), before + 1)
        self.assertEqual(len(self.group._coop_next_meetings()), 3)

    def test_only_leads_and_the_office_schedule(self):
        with self.assertRaisesRegex(AccessError, "Only the leads of Accounts committee"):
            self.group.with_user(self.employee).action_coop_schedule_meeting()
        with self.assertRaisesRegex(AccessError, "Only the leads of Accounts committee"):
            self.Meeting.with_user(self.employee).create(
                self._meeting_values(coop_working_group_id=self.group.id)
            )
        own = self.Meeting.with_user(self.employee).create(self._meeting_values())
        with self.assertRaisesRegex(AccessError, "Only the leads of Accounts committee"):
            own.write({"coop_working_group_id": self.group.id})
        self.assertFalse(self.group.meeting_ids)
        # A lead of this group is no lead of another one.
        meeting = self._schedule(self.staff_lead)
        with self.assertRaisesRegex(AccessError, "Only the leads of Newsletter"):
            meeting.write({"coop_working_group_id": self.other_group.id})
        # Nor does someone else take a meeting off the group.
        with self.assertRaisesRegex(AccessError, "Only the leads of Accounts committee"):
            meeting.with_user(self.employee).write({"coop_working_group_id": False})
        self.assertEqual(self.group.meeting_ids, meeting)
        self.assertTrue(self._schedule(self.manager).coop_working_group_id)

    def test_smart_button_lists_the_groups_meetings(self):
        meeting = self._schedule(self.office)
        self._schedule(self.office).coop_working_group_id = False
        action = self.group.with_user(self.office).action_coop_view_meetings()
        self.assertEqual(self.Meeting.search(action["domain"]), meeting)
        self.assertEqual(action["context"]["default_coop_working_group_id"], self.group.id)

    def test_calendar_rules_show_portal_members_their_own_meetings_only(self):
        meeting = self._schedule(self.office)
        domain = [("coop_working_group_id", "=", self.group.id)]
        self.assertEqual(self.Meeting.with_user(self.user_a).search(domain), meeting)
        self.assertFalse(self.Meeting.with_user(self.user_b).search(domain))
        with self.assertRaises(AccessError):
            self.Meeting.with_user(self.user_b).browse(meeting.id).read(["name"])
        with self.assertRaises(AccessError):
            self.group.with_user(self.user_b).read(["meeting_ids"])


@tagged("post_install", "-at_install")
class TestGroupMeetingsPortal(GroupMeetingsMixin, HttpCase, CoopGovernanceCase):
    def _page(self, user):
        self.authenticate(user.login, user.login)
        response = self.url_open(f"/my/working-groups/{self.group.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_members_see_the_next_meetings_others_do_not(self):
        meeting = self._schedule(self.office, videocall_location="https://meet.example.org/abc")
        past = self._schedule(
            self.office,
            name="Last year's review",
            start=self.start - timedelta(days=400),
            stop=self.start - timedelta(days=400, hours=-1),
        )
        page = self._page(self.user_a)
        self.assertIn(f'data-meeting-id="{meeting.id}"', page)
        self.assertIn("Budget review", page)
        self.assertIn(self._local_hour(meeting.start), page)
        self.assertIn("Back room", page)
        self.assertIn("https://meet.example.org/abc", page)
        self.assertNotIn(f'data-meeting-id="{past.id}"', page)
        # Member B is not in the group: its page shows no meeting.
        self.assertFalse(self.group._coop_current_membership(self.member_b))
        page = self._page(self.user_b)
        self.assertNotIn("o_coop_group_meetings", page)
        self.assertNotIn("Budget review", page)

    def test_a_member_who_joined_later_sees_them_a_leaver_does_not(self):
        self._schedule(self.office)
        self.group._coop_join(self.member_b)
        self.assertIn("Budget review", self._page(self.user_b))
        self.group._coop_leave(self.member_a)
        self.assertNotIn("Budget review", self._page(self.user_a))

    def test_group_page_queries_do_not_grow_with_meetings(self):
        self.authenticate(self.user_a.login, self.user_a.login)
        url = f"/my/working-groups/{self.group.id}"
        counts = []
        for more in (1, 4):
            for day in range(more):
                start = self.start + timedelta(days=day)
                self._schedule(self.office, start=start, stop=start + timedelta(hours=1))
            self.env.flush_all()
            self.url_open(url)  # warm the caches
            with self.assertQueryCount(QUERY_COUNT_GROUP_PAGE):
                before = self.cr.sql_log_count
                response = self.url_open(url)
                counts.append(self.cr.sql_log_count - before)
            self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text.count('o_coop_group_meeting"'), 5)
        self.assertEqual(counts[0], counts[1], "the meetings are read in one batch")
