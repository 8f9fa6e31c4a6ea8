from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.coop_shifts.tests.common import TODAY

from .common import CoopGovernanceCase


@tagged("post_install", "-at_install")
class TestWorkingGroupHours(CoopGovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for partner in (cls.member_a, cls.member_b):
            cls.Stay.create(
                {
                    "group_id": cls.group.id,
                    "partner_id": partner.id,
                    "date_start": TODAY - timedelta(days=90),
                }
            )
        # Anna missed a team shift two months ago and never made it up: suspended.
        cls.Event.create(
            {
                "partner_id": cls.member_a.id,
                "points": -1,
                "date": TODAY - timedelta(days=60),
                "note": "Missed a shift",
            }
        )

    def _hours(self, partner, hours, day=TODAY, user=None):
        Hours = self.Hours.with_user(user or self.office)
        return Hours.create(
            {"group_id": self.group.id, "partner_id": partner.id, "date": day, "hours": hours}
        )

    def test_confirmed_hours_lift_a_suspension_in_the_same_transaction(self):
        with self.frozen():
            self.assertEqual(self.member_a.coop_shift_status, "suspended")
            self.assertFalse(self.member_a._coop_can_shop())
            entry = self._hours(self.member_a, 3.0)
            entry.with_user(self.office).action_confirm()
            self.assertEqual(entry.state, "confirmed")
            self.assertEqual((entry.hours_credited, entry.points), (3.0, 1))
            event = entry.counter_event_id
            self.assertEqual(
                (event.reason, event.points, event.counter, event.partner_id),
                ("working_group", 1, "standard", self.member_a),
            )
            self.assertEqual(event.coop_working_group_hours_id, entry)
            self.assertEqual(self.member_a.coop_shift_standard_points, 0)
            self.assertEqual(self.member_a.coop_shift_status, "up_to_date")
            self.assertTrue(self.member_a._coop_can_shop())
            self.assertTrue(self.member_a.coop_can_shop_stored)

    def test_hours_add_up_to_a_shift_within_the_cap(self):
        with self.frozen():
            first = self._hours(self.member_a, 2.0, TODAY - timedelta(days=1))
            first.action_confirm()
            self.assertEqual((first.hours_credited, first.points), (2.0, 0))
            self.assertFalse(first.counter_event_id)
            self.assertEqual(self.member_a.coop_shift_status, "suspended")
            # 2 h + 2 h: the cap (3 h) keeps 1 h of the second, which completes one shift.
            second = self._hours(self.member_a, 2.0)
            second.action_confirm()
            self.assertEqual((second.hours_credited, second.points), (1.0, 1))
            self.assertEqual(self.member_a.coop_shift_status, "up_to_date")
            told = second.message_ids.filtered(lambda m: "cap of 3.0 hours" in (m.body or ""))
            self.assertTrue(told, "the member is told what was not credited")
            self.assertIn(self.member_a, told.partner_ids)
            # Nothing left in this cycle: more hours are refused and stay to confirm.
            third = self._hours(self.member_a, 1.0)
            with self.assertRaisesRegex(ValidationError, "not credited"):
                third.action_confirm()
            self.assertEqual(third.state, "draft")
            self.assertEqual(self.member_a.coop_shift_standard_points, 0)

    def test_a_new_cycle_has_its_own_cap(self):
        with self.frozen():
            start, end = self.company._coop_group_cycle(TODAY)
            self.assertEqual(end - start, timedelta(weeks=4, days=-1))
            self._hours(self.member_b, 3.0, start - timedelta(days=1)).action_confirm()
            entry = self._hours(self.member_b, 3.0, start)
            entry.action_confirm()
            self.assertEqual(entry.hours_credited, 3.0)

    def test_standard_counter_never_goes_above_zero(self):
        with self.frozen():
            entry = self._hours(self.member_b, 3.0)
            entry.action_confirm()
            self.assertEqual((entry.hours_credited, entry.points), (3.0, 0))
            self.assertEqual(self.member_b.coop_shift_standard_points, 0)

    def test_flying_members_are_credited_on_their_counter(self):
        with self.frozen():
            flyer = self._member("Fay Flying", mode="flying")
            self.Stay.create({"group_id": self.group.id, "partner_id": flyer.id})
            self.Event.create(
                {"partner_id": flyer.id, "counter": "flying", "points": -1, "note": "Cycle"}
            )
            entry = self._hours(flyer, 3.0)
            entry.action_confirm()
            self.assertEqual(entry.counter_event_id.counter, "flying")
            self.assertEqual(flyer.coop_shift_flying_points, 0)

    def test_the_cap_and_shift_length_come_from_the_settings(self):
        self.company.write({"coop_group_hours_cap": 6.0, "coop_group_hours_per_shift": 2.0})
        with self.frozen():
            self.Event.create(
                {"partner_id": self.member_a.id, "points": -3, "note": "Three missed shifts"}
            )
            entry = self._hours(self.member_a, 7.0)
            entry.action_confirm()
            self.assertEqual((entry.hours_credited, entry.points), (6.0, 3))

    def test_who_records_and_confirms(self):
        with self.frozen():
            # The lead (a portal member) records another member's hours: credited at once.
            group_as_lead = self.group.with_user(self.user_lead)
            entry = group_as_lead._coop_record_hours(self.member_a, TODAY, 3.0, "Year-end")
            self.assertEqual((entry.sudo().state, entry.sudo().points), ("confirmed", 1))
            self.assertEqual(self.member_a.coop_shift_status, "up_to_date")
            # Not their own.
            with self.assertRaisesRegex(AccessError, "not their own"):
                group_as_lead._coop_record_hours(self.lead, TODAY, 3.0)
            self.assertFalse(self.Hours.search([("partner_id", "=", self.lead.id)]))
            # Member B records nothing, and confirms nothing, for anyone.
            group_as_b = self.group.with_user(self.user_b)
            with self.assertRaisesRegex(AccessError, "not their own"):
                group_as_b._coop_record_hours(self.member_a, TODAY, 3.0)
            with self.assertRaises(AccessError):
                self._hours(self.member_a, 3.0, user=self.user_b)
            draft = self._hours(self.member_b, 1.0)
            with self.assertRaisesRegex(AccessError, "not their own"):
                draft.with_user(self.user_b).action_confirm()
            with self.assertRaisesRegex(AccessError, "not their own"):
                draft.with_user(self.employee).action_confirm()
            with self.assertRaisesRegex(AccessError, "by confirming them"):
                draft.with_user(self.office).write({"state": "confirmed", "points": 5})
            self.assertEqual(draft.state, "draft")
            self.assertEqual(self.member_b.coop_shift_standard_points, 0)

    def test_confirmed_hours_are_not_changed(self):
        with self.frozen():
            entry = self._hours(self.member_a, 3.0)
            entry.action_confirm()
            with self.assertRaisesRegex(UserError, "not changed"):
                entry.with_user(self.office).write({"hours": 6.0})
            with self.assertRaisesRegex(UserError, "not deleted"):
                entry.with_user(self.office).unlink()
            with self.assertRaisesRegex(UserError, "already confirmed"):
                entry.action_confirm()

    def test_only_groups_whose_hours_count_and_their_members(self):
        with self.frozen():
            with self.assertRaisesRegex(ValidationError, "do not count"):
                self.Hours.create(
                    {"group_id": self.other_group.id, "partner_id": self.lead.id, "hours": 2}
                )
            with self.assertRaisesRegex(ValidationError, "was not in"):
                self._hours(self.member_a, 2.0, TODAY - timedelta(days=200))
            with self.assertRaisesRegex(ValidationError, "between 0 and 24"):
                self._hours(self.member_a, 0)

    def test_a_shifts_manager_correction_is_not_a_group_credit(self):
        with self.assertRaises(AccessError):
            self.Event.with_user(self.office).create(
                {
                    "partner_id": self.member_a.id,
                    "points": 1,
                    "reason": "working_group",
                    "note": "By hand",
                }
            )
