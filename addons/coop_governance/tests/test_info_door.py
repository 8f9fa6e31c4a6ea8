from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.coop_shifts.tests.common import staff_user

from .common import CoopGovernanceCase

# The card the tour in static/src/tours/info_meeting_door_tour.js types.
TOUR_NORA_CARD = "0420000700012"


class InfoDoorMixin:
    """An information meeting under way, with a newcomer booked with her card and someone
    booked by name only; a shift leader at the door."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.door_leader = staff_user(
            cls.env, "info_door_leader", "coop_shifts.group_coop_shift_leader"
        )
        now = fields.Datetime.now().replace(microsecond=0)
        cls.meeting = cls.env["event.event"].create(
            {
                "name": "Tour meeting",
                "event_type_id": cls.env.ref("coop_governance.event_type_coop_info_session").id,
                "date_begin": now - timedelta(minutes=10),
                "date_end": now + timedelta(hours=1),
                "company_id": cls.company.id,
            }
        )
        cls.nora = cls.env["res.partner"].create(
            {"name": "Tour Nora", "email": "tour.nora@example.org", "barcode": TOUR_NORA_CARD}
        )
        Registration = cls.env["event.registration"]
        cls.nora_booking = Registration.create(
            {"event_id": cls.meeting.id, "partner_id": cls.nora.id}
        )
        cls.sam_booking = Registration.create(
            {"event_id": cls.meeting.id, "name": "Sam Walkin", "email": "sam@example.org"}
        )


@tagged("post_install", "-at_install")
class TestInfoMeetingDoor(InfoDoorMixin, CoopGovernanceCase):
    def _door(self, user):
        return self.env["event.event"].with_user(user).browse(self.meeting.id)

    def test_leader_marks_by_card_and_by_name(self):
        door = self._door(self.door_leader)
        today = door.coop_info_door_meetings()
        self.assertIn(self.meeting.id, [m["id"] for m in today])
        data = door.coop_info_door_data()
        self.assertEqual((data["attended"], data["registered"]), (0, 2))
        self.assertEqual([line["name"] for line in data["lines"]], ["Sam Walkin", "Tour Nora"])

        result = door.coop_info_mark_attended(f" {TOUR_NORA_CARD} ")
        self.assertEqual(result["marked_id"], self.nora_booking.id)
        self.assertEqual(result["message"], "Tour Nora is marked attended.")
        self.assertEqual((result["attended"], result["registered"]), (1, 2))
        self.assertEqual(
            {line["name"]: line["attended"] for line in result["lines"]},
            {"Tour Nora": True, "Sam Walkin": False},
        )
        self.assertEqual(self.nora_booking.state, "done")

        result = door.coop_info_mark_attended("sam walkin")
        self.assertEqual(result["marked_id"], self.sam_booking.id)
        self.assertEqual(self.sam_booking.state, "done")
        again = door.coop_info_mark_attended(TOUR_NORA_CARD)
        self.assertEqual(again["message"], "Tour Nora was already marked attended.")
        self.assertEqual(again["attended"], 2)

    def test_unknown_card_or_name_refused(self):
        door = self._door(self.door_leader)
        with self.assertRaisesRegex(UserError, "Nobody booked on Tour meeting answers to 0420"):
            door.coop_info_mark_attended("0420000999997")
        with self.assertRaisesRegex(UserError, "Scan a card or type the name"):
            door.coop_info_mark_attended("  ")
        # A cancelled booking is not expected at the door.
        self.sam_booking.action_cancel()
        with self.assertRaisesRegex(UserError, "answers to Sam Walkin"):
            door.coop_info_mark_attended("Sam Walkin")
        self.assertEqual(self.nora_booking.state, "open")

    def test_refusal_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["coop_governance"], ["fr_FR"])
        door = self._door(self.door_leader).with_context(lang="fr_FR")
        with self.assertRaisesRegex(
            UserError, "Personne d'inscrit à Tour meeting ne répond à Someone Else"
        ):
            door.coop_info_mark_attended("Someone Else")

    def test_portal_member_and_plain_employee_refused(self):
        for user in (self.user_b, self.user_lead, self.employee):
            door = self._door(user)
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "Only shift leaders and the members'"):
                    door.coop_info_mark_attended(TOUR_NORA_CARD)
                with self.assertRaises(AccessError):
                    door.coop_info_door_data()
                with self.assertRaises(AccessError):
                    door.coop_info_door_meetings()
        self.assertEqual(self.nora_booking.state, "open")

    def test_office_may_other_events_may_not(self):
        self._door(self.office).coop_info_mark_attended("Sam Walkin")
        self.assertEqual(self.sam_booking.state, "done")
        concert = self.env["event.event"].create(
            {
                "name": "Folk night",
                "date_begin": self.meeting.date_begin,
                "date_end": self.meeting.date_end,
            }
        )
        self.env["event.registration"].create({"event_id": concert.id, "partner_id": self.nora.id})
        with self.assertRaisesRegex(UserError, "Folk night is not an information meeting"):
            concert.with_user(self.door_leader).coop_info_mark_attended(TOUR_NORA_CARD)
        today = self._door(self.door_leader).coop_info_door_meetings()
        self.assertNotIn(concert.id, [m["id"] for m in today])

    def test_leader_only_on_the_day_office_any_day(self):
        later = self.meeting.copy(
            {
                "date_begin": self.meeting.date_begin + timedelta(days=10),
                "date_end": self.meeting.date_end + timedelta(days=10),
            }
        )
        self.env["event.registration"].create({"event_id": later.id, "partner_id": self.nora.id})
        with self.assertRaisesRegex(UserError, "opens on the day of the meeting"):
            later.with_user(self.door_leader).coop_info_mark_attended(TOUR_NORA_CARD)
        today = self._door(self.door_leader).coop_info_door_meetings()
        self.assertNotIn(later.id, [m["id"] for m in today])
        result = later.with_user(self.office).coop_info_mark_attended(TOUR_NORA_CARD)
        self.assertEqual(result["attended"], 1)

    def test_door_button_on_information_meetings(self):
        action = self.env.ref("coop_governance.action_coop_info_door")
        self.assertEqual(action.tag, "coop_governance.info_meeting_door")
        arch = self.env["event.event"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn(f'name="{action.id}"', arch)
        menu = self.env.ref("coop_governance.menu_coop_info_door")
        self.assertIn(self.env.ref("coop_shifts.group_coop_shift_leader"), menu.groups_id)


@tagged("post_install", "-at_install")
class TestInfoMeetingDoorTour(InfoDoorMixin, HttpCase, CoopGovernanceCase):
    """Staff open the meeting's door screen from its form and type a card."""

    browser_size = "1024x768"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Opening an event's form takes the Events app's user right (the office's
        # registration desk right does not read the form's questions).
        cls.event_staff = staff_user(
            cls.env, "info_door_staff", "coop_shifts.group_coop_shift_user,event.group_event_user"
        )

    def test_info_meeting_door_tour(self):
        self.start_tour(
            f"/odoo/action-coop_governance.action_coop_info_sessions/{self.meeting.id}",
            "coop_governance_info_meeting_door",
            login=self.event_staff.login,
        )
        self.assertEqual(self.nora_booking.state, "done")
        self.assertEqual(self.sam_booking.state, "open")

    def test_shift_leader_from_the_menu(self):
        """A shift leader, who has no rights on events, opens today's meeting from the menu."""
        self.start_tour(
            "/odoo/action-coop_governance.action_coop_info_door",
            "coop_governance_info_meeting_door_leader",
            login=self.door_leader.login,
        )
        self.assertEqual(self.sam_booking.state, "done")
        self.assertEqual(self.nora_booking.state, "open")
