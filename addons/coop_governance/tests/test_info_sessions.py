import re
from datetime import datetime, time, timedelta

import pytz

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from odoo.addons.coop_membership.tests.common import CoopMembershipCase, portal_user

MELBOURNE = "Australia/Melbourne"


class InfoSessionMixin:
    """Information meetings planned in the shop's own time zone."""

    @classmethod
    def _info_session(cls, local_day, hour, minute=0, seats=12, company=None, **values):
        """A meeting starting at `hour`:`minute` on `local_day`, shop time."""
        company = company or cls.env.company
        tz = pytz.timezone(company._coop_tz())
        start = tz.localize(datetime.combine(local_day, time(hour, minute)))
        start = start.astimezone(pytz.utc).replace(tzinfo=None)
        return cls.env["event.event"].create(
            {
                "name": values.pop("name", "Information meeting"),
                "event_type_id": cls.env.ref("coop_governance.event_type_coop_info_session").id,
                "date_begin": start,
                "date_end": start + timedelta(hours=1, minutes=30),
                "seats_limited": True,
                "seats_max": seats,
                "company_id": company.id,
                **values,
            }
        )

    @classmethod
    def _in_days(cls, days):
        return fields.Date.context_today(cls.env["res.partner"]) + timedelta(days=days)


@tagged("post_install", "-at_install")
class TestInfoSessionRequirement(InfoSessionMixin, CoopMembershipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.info_session = cls._info_session(cls._in_days(10), 19)
        cls.newcomer = cls._person("Nora Newcomer")
        cls.request = cls.Request.create(
            {"partner_id": cls.newcomer.id, "share_type_id": cls.share_b.id, "quantity": 1}
        )

    def _register(self, partner=None, **values):
        vals = {"event_id": self.info_session.id, **values}
        if partner:
            vals["partner_id"] = partner.id
        return self.env["event.registration"].create(vals)

    def test_type_marks_the_event_as_an_information_meeting(self):
        self.assertTrue(self.info_session.coop_is_info_session)
        other = self.env["event.event"].create(
            {
                "name": "Folk night",
                "date_begin": fields.Datetime.now() + timedelta(days=3),
                "date_end": fields.Datetime.now() + timedelta(days=3, hours=3),
            }
        )
        self.assertFalse(other.coop_is_info_session)

    def test_validation_refused_until_attended_when_required(self):
        self.company.coop_info_session_required = True
        registration = self._register(self.newcomer)
        with self.assertRaisesRegex(
            UserError, "Nora Newcomer has not attended an information meeting yet"
        ):
            self.request.action_validate()
        self.assertEqual(self.request.state, "draft")
        self.assertFalse(self.request.coop_info_session_attended)

        registration.action_set_done()  # the attendee list's "Attended"
        self.request.invalidate_recordset()
        self.assertTrue(self.request.coop_info_session_attended)
        self.request.action_validate()
        self.assertEqual(self.request.state, "waiting")

    def test_attendance_under_the_same_email_counts(self):
        """Someone who came to a meeting before they had a record, booked by email."""
        self.company.coop_info_session_required = True
        self._register(name="Nora", email="NORA.newcomer@example.org").action_set_done()
        self.request.action_validate()
        self.assertEqual(self.request.state, "waiting")

    def test_an_email_that_only_looks_alike_does_not_count(self):
        self.company.coop_info_session_required = True
        self._register(name="Nora", email="nora_newcomer@example.org").action_set_done()
        lookalike = self._person("Nora Lookalike", email="noraXnewcomer@example.org")
        request = self.Request.create(
            {"partner_id": lookalike.id, "share_type_id": self.share_b.id, "quantity": 1}
        )
        with self.assertRaisesRegex(UserError, "has not attended an information meeting yet"):
            request.action_validate()

    def test_booked_or_other_events_do_not_count(self):
        self.company.coop_info_session_required = True
        self._register(self.newcomer)  # booked, not attended
        concert = self.env["event.event"].create(
            {
                "name": "Folk night",
                "date_begin": fields.Datetime.now() - timedelta(days=3),
                "date_end": fields.Datetime.now() - timedelta(days=3, hours=-3),
            }
        )
        self.env["event.registration"].create(
            {"event_id": concert.id, "partner_id": self.newcomer.id}
        ).action_set_done()
        with self.assertRaisesRegex(UserError, "has not attended an information meeting yet"):
            self.request.action_validate()

    def test_new_request_form_opens_before_a_person_is_chosen(self):
        form = Form(self.env["coop.subscription.request"])
        self.assertFalse(form.coop_info_session_attended)
        form.partner_id = self.newcomer
        self.assertFalse(form.coop_info_session_attended)

    def test_validation_allowed_without_attendance_when_not_required(self):
        self.company.coop_info_session_required = False
        self.request.action_validate()
        self.assertEqual(self.request.state, "waiting")

    def test_marked_at_the_door_by_card_or_name(self):
        self.newcomer.barcode = "0420000099991"
        by_card = self._register(self.newcomer)
        by_name = self._register(name="Sam Walkin", email="sam@example.org")
        marked = self.info_session.coop_info_mark_attended(" 0420000099991 ")
        self.assertEqual(marked["marked_id"], by_card.id)
        marked = self.info_session.coop_info_mark_attended("sam WALKIN")
        self.assertEqual(marked["marked_id"], by_name.id)
        self.assertEqual((by_card | by_name).mapped("state"), ["done", "done"])
        with self.assertRaisesRegex(UserError, "Nobody booked on Information meeting answers"):
            self.info_session.coop_info_mark_attended("Someone Else")
        self._register(name="Sam Twin", email="twin1@example.org")
        self._register(name="Sam Twin", email="twin2@example.org")
        with self.assertRaisesRegex(UserError, "Several people booked under Sam Twin"):
            self.info_session.coop_info_mark_attended("Sam Twin")

    def test_refusal_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["coop_governance"], ["fr_FR"])
        self.company.coop_info_session_required = True
        with self.assertRaisesRegex(UserError, "n'a pas encore assisté à une réunion"):
            self.request.with_context(lang="fr_FR").action_validate()


@tagged("post_install", "-at_install")
class TestInfoSessionJoinForm(InfoSessionMixin, HttpCase, CoopMembershipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.share_c.active = False
        # A shop in Melbourne (UTC+10, +11 in summer): its evening is the morning in UTC.
        cls.company.partner_id.tz = MELBOURNE
        cls.company.coop_info_session_on_join = True
        cls.info_session = cls._info_session(cls._in_days(10), 19, 30, seats=12)
        cls.env["event.registration"].create(
            {"event_id": cls.info_session.id, "name": "Early Bird", "email": "early@example.org"}
        )
        cls.valid = {
            "name": "Jo Newcomer",
            "email": "jo.newcomer@example.org",
            "country_id": str(cls.env.ref("base.au").id),
            "share_type_id": str(cls.share_b.id),
            "quantity": "1",
            "consent_statutes": "1",
            "consent_data": "1",
        }

    def _csrf_token(self):
        page = self.url_open("/coop/join").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def _post(self, values):
        response = self.url_open("/coop/join", data={**values, "csrf_token": self._csrf_token()})
        self.env.invalidate_all()
        return response

    def _requests_of(self, email):
        return self.Request.search([("partner_id.email", "=", email)])

    def test_meeting_listed_with_seats_left_in_the_shops_evening(self):
        self.authenticate(None, None)
        page = self.url_open("/coop/join").text
        self.assertIn("o_coop_join_info_sessions", page)
        self.assertIn(f'id="coop_join_info_{self.info_session.id}"', page)
        self.assertIn("11 seat(s) left", page)
        # 19:30 in Melbourne, not the UTC moment stored, nor the reader's time.
        self.assertIn("19:30", page)
        utc_time = self.info_session.date_begin.strftime("%H:%M")
        self.assertNotEqual(utc_time, "19:30")
        self.assertNotIn(utc_time, page)
        self.assertNotIn("o_coop_join_info_required", page)

    def test_full_past_and_other_meetings_are_not_offered(self):
        full = self._info_session(self._in_days(5), 18, seats=1, name="Full meeting")
        self.env["event.registration"].create(
            {"event_id": full.id, "name": "Taken", "email": "taken@example.org"}
        )
        past = self._info_session(self._in_days(-5), 18, name="Past meeting")
        concert = self.env["event.event"].create(
            {
                "name": "Folk night",
                "date_begin": fields.Datetime.now() + timedelta(days=4),
                "date_end": fields.Datetime.now() + timedelta(days=4, hours=3),
            }
        )
        self.authenticate(None, None)
        page = self.url_open("/coop/join").text
        for event in full | past | concert:
            self.assertNotIn(f'id="coop_join_info_{event.id}"', page, event.name)
        # and none of them may be booked by sending its id anyway
        response = self._post({**self.valid, "info_event_id": str(concert.id)})
        self.assertIn("Choose one of the information meetings listed", response.text)
        self.assertFalse(self._requests_of("jo.newcomer@example.org"))

    def test_booking_creates_the_registration_linked_to_the_request(self):
        self.authenticate(None, None)
        response = self._post({**self.valid, "info_event_id": str(self.info_session.id)})
        self.assertIn("Thank you, Jo Newcomer", response.text)
        request = self._requests_of("jo.newcomer@example.org")
        self.assertEqual(len(request), 1)
        registration = request.coop_info_registration_id
        self.assertRecordValues(
            registration,
            [
                {
                    "event_id": self.info_session.id,
                    "partner_id": request.partner_id.id,
                    "email": "jo.newcomer@example.org",
                    "state": "open",
                }
            ],
        )
        self.assertEqual(self.info_session.seats_available, 10)

    def test_no_meeting_chosen_books_nothing(self):
        self.authenticate(None, None)
        self._post({**self.valid, "info_event_id": ""})
        request = self._requests_of("jo.newcomer@example.org")
        self.assertEqual(len(request), 1)
        self.assertFalse(request.coop_info_registration_id)
        self.assertFalse(
            self.info_session.registration_ids.filtered(
                lambda r: r.email == "jo.newcomer@example.org"
            )
        )

    def test_member_books_only_for_themselves(self):
        """A signed-in person's request and seat are theirs, whatever name the form sends."""
        anna = self._person("Anna Member")
        ben = self._person("Ben Member")
        user_ben = portal_user(self.env, "info_ben", ben)
        self.authenticate(user_ben.login, user_ben.login)
        self._post(
            {
                **self.valid,
                "name": anna.name,
                "email": anna.email,
                "partner_id": str(anna.id),
                "info_event_id": str(self.info_session.id),
            }
        )
        registrations = self.info_session.registration_ids
        self.assertFalse(registrations.filtered(lambda r: r.partner_id == anna))
        request = self.Request.search([("partner_id", "=", ben.id)])
        self.assertEqual(request.coop_info_registration_id.partner_id, ben)
        self.assertFalse(self.Request.search([("partner_id", "=", anna.id)]))

    def test_page_says_when_a_meeting_is_required(self):
        self.company.coop_info_session_required = True
        self.authenticate(None, None)
        page = self.url_open("/coop/join").text
        self.assertIn("o_coop_join_info_required", page)
        self.assertIn("Attending an information meeting is required", page)

    def test_setting_off_hides_the_meetings(self):
        self.company.coop_info_session_on_join = False
        self.authenticate(None, None)
        page = self.url_open("/coop/join").text
        self.assertNotIn("o_coop_join_info_sessions", page)
        self.assertNotIn(f'id="coop_join_info_{self.info_session.id}"', page)
        response = self._post({**self.valid, "info_event_id": str(self.info_session.id)})
        self.assertIn("Choose one of the information meetings listed", response.text)
