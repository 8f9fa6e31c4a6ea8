from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import NOW, TODAY, CoopShiftsCase


@tagged("post_install", "-at_install")
class TestMarks(CoopShiftsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls._member("Alice")
        cls.flyer = cls._member("Flyer", mode="flying")
        cls.past = [cls._shift(NOW - timedelta(days=30 - 7 * i)) for i in range(4)]

    def _reg(self, shift, partner, kind="team"):
        return self.Registration.create(
            {"shift_id": shift.id, "partner_id": partner.id, "kind": kind}
        )

    def test_team_absent_excused_attended(self):
        self._reg(self.past[0], self.alice).action_absent()
        self.assertEqual(self.alice.coop_shift_standard_points, -2)
        self._reg(self.past[1], self.alice).action_excuse()
        self.assertEqual(self.alice.coop_shift_standard_points, -3)
        self._reg(self.past[2], self.alice).action_attend()
        self.assertEqual(self.alice.coop_shift_standard_points, -3)
        events = self.Event.search([("partner_id", "=", self.alice.id)])
        self.assertEqual(sorted(events.mapped("points")), [-2, -1])
        self.assertTrue(all(e.registration_id for e in events), "each line links its registration")

    def test_makeup_brings_back_to_zero_and_never_above(self):
        self._reg(self.past[0], self.alice).action_absent()
        self._reg(self.past[1], self.alice, "makeup").action_attend()
        self._reg(self.past[2], self.alice, "makeup").action_attend()
        self.assertEqual(self.alice.coop_shift_standard_points, 0)
        self._reg(self.past[3], self.alice, "makeup").action_attend()
        self.assertEqual(
            self.alice.coop_shift_standard_points, 0, "the standard counter stays at 0 at most"
        )

    def test_flying_points_and_cycle_dues(self):
        self._reg(self.past[0], self.flyer, "flying").action_attend()
        self._reg(self.past[1], self.flyer, "flying").action_absent()
        self.assertEqual(self.flyer.coop_shift_flying_points, 0)
        with self.frozen():
            self.Event._cron_flying_cycle_dues()
            self.Event._cron_flying_cycle_dues()
        self.assertEqual(
            self.flyer.coop_shift_flying_points, -1, "one due per cycle, however often the job runs"
        )
        cycle_events = self.Event.search(
            [("partner_id", "=", self.flyer.id), ("reason", "=", "cycle")]
        )
        self.assertEqual(cycle_events.cycle_start, date(2026, 3, 2))
        self.assertFalse(
            self.Event.search([("partner_id", "=", self.alice.id), ("reason", "=", "cycle")])
        )

    def test_a_flying_member_owes_only_the_co_op_whose_shares_they_hold(self):
        other = self.env["res.company"].create(
            {
                "name": "Other Co-op",
                "coop_shift_anchor_date": date(2026, 3, 9),
                "coop_shift_cycle_weeks": 4,
            }
        )
        with self.frozen():
            self.Event._cron_flying_cycle_dues()
        dues = self.Event.search([("partner_id", "=", self.flyer.id), ("reason", "=", "cycle")])
        self.assertEqual(dues.company_id, self.flyer.coop_share_line_ids.company_id)
        self.assertNotEqual(dues.company_id, other)
        self.assertEqual(len(dues), 1)

    def test_a_cycle_starts_on_each_co_ops_own_day(self):
        """The job's user may work in another company: a co-op in Auckland starts its
        cycle on its own Monday while the job's company, in London, is still on Sunday."""
        self.company.partner_id.tz = "Pacific/Auckland"
        head_office = self.env["res.company"].create({"name": "Head Office"})
        head_office.partner_id.tz = "Europe/London"
        # Sunday 29 March 2026, 13:00 UTC: Monday 30 March, 02:00 in Auckland, the first
        # day of a cycle (4 weeks from Monday 5 January).
        with freeze_time(datetime(2026, 3, 29, 13, 0)):
            self.Event.with_company(head_office)._cron_flying_cycle_dues()
        dues = self.Event.search([("partner_id", "=", self.flyer.id), ("reason", "=", "cycle")])
        self.assertEqual(dues.mapped("cycle_start"), [date(2026, 3, 30)])
        self.assertEqual(dues.company_id, self.company)

    def test_changing_a_mark_writes_compensating_lines(self):
        reg = self._reg(self.past[0], self.alice)
        reg.action_absent()
        reg.action_excuse()
        self.assertEqual(self.alice.coop_shift_standard_points, -1)
        reg.action_attend()
        self.assertEqual(self.alice.coop_shift_standard_points, 0)
        reg.action_attend()
        self.assertEqual(
            self.alice.coop_shift_standard_points, 0, "marking twice the same changes nothing"
        )
        lines = self.Event.search([("registration_id", "=", reg.id)], order="id")
        self.assertEqual(lines.mapped("points"), [-2, 2, -1, 1])
        self.assertEqual(
            lines.filtered(lambda e: e.reason == "reversal").reversal_of_id, lines[0] | lines[2]
        )

    def test_ledger_is_never_edited(self):
        self._reg(self.past[0], self.alice).action_absent()
        event = self.Event.search([("partner_id", "=", self.alice.id)])
        with self.assertRaisesRegex(UserError, "never changed"):
            event.points = 0
        with self.assertRaisesRegex(UserError, "never deleted"):
            event.unlink()
        with self.assertRaisesRegex(UserError, "Say why the points are corrected"):
            self.Event.create({"partner_id": self.alice.id, "points": 2, "reason": "correction"})
        self.Event.create(
            {
                "partner_id": self.alice.id,
                "points": 2,
                "reason": "correction",
                "note": "Sheet error",
            }
        )
        self.assertEqual(self.alice.coop_shift_standard_points, 0)

    def test_two_consecutive_absences_unsubscribe(self):
        team = self._template(week_index=1, weekday="3")
        self.Membership.create(
            {
                "partner_id": self.alice.id,
                "template_id": team.id,
                "date_start": TODAY - timedelta(days=60),
            }
        )
        with self.frozen():
            self._reg(self.past[0], self.alice).action_absent()
            self.assertFalse(self.alice.coop_shift_unsubscribed)
            self._reg(self.past[1], self.alice, "makeup").action_attend()
            self._reg(self.past[2], self.alice).action_absent()
            self.assertFalse(
                self.alice.coop_shift_unsubscribed, "a make-up in between resets the count"
            )
            self._reg(self.past[3], self.alice).action_absent()
        self.assertTrue(self.alice.coop_shift_unsubscribed)
        self.assertEqual(self.alice.coop_status, "unsubscribed")
        self.assertFalse(self.alice._coop_can_shop())
        membership = self.Membership.search([("partner_id", "=", self.alice.id)])
        self.assertEqual(membership.date_end, TODAY, "the team history is kept, with an end")

    def test_threshold_unsubscribes(self):
        with self.frozen():
            self.Event.create({"partner_id": self.alice.id, "points": -3, "note": "Old debt"})
            self._reg(self.past[0], self.alice, "makeup").action_absent()
            self.assertFalse(self.alice.coop_shift_unsubscribed)
            self._reg(self.past[1], self.alice).action_excuse()
        self.assertTrue(self.alice.coop_shift_unsubscribed)

    def test_cannot_mark_someone_not_on_the_shift(self):
        reg = self._reg(self.past[0], self.alice)
        reg.state = "cancelled"
        with self.assertRaisesRegex(UserError, "not on this shift any more"):
            reg.action_attend()

    def test_validate_sheet(self):
        future = self._shift(datetime(2026, 3, 20, 18))
        reg = self._reg(future, self.alice)
        with self.frozen(), self.assertRaisesRegex(UserError, "once the shift has started"):
            future.action_validate_sheet()  # not started
        with self.frozen(datetime(2026, 3, 20, 19)):
            with self.assertRaisesRegex(UserError, "Mark everyone on the sheet"):
                future.action_validate_sheet()  # someone still planned
            reg.action_attend()
            future.action_validate_sheet()
        self.assertEqual(future.state, "done")

    def test_forgotten_sheets_are_closed_with_the_default_mark(self):
        shift = self._shift(datetime(2026, 3, 9, 18))
        present = self._reg(shift, self.alice)
        absent_flyer = self._reg(shift, self.flyer, "flying")
        self.company.coop_shift_autoclose_mark = "absent"
        with self.frozen():
            present.action_attend()
            self.Shift._cron_close_forgotten_sheets()
        self.assertEqual(shift.state, "done")
        self.assertEqual(absent_flyer.state, "absent")
        self.assertEqual(present.state, "attended")
