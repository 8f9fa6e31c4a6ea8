from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TODAY, CoopShiftsCase


@tagged("post_install", "-at_install")
class TestLeave(CoopShiftsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls._member("Alice")
        cls.team = cls._template(week_index=1, weekday="3")
        cls.Membership.create(
            {"partner_id": cls.alice.id, "template_id": cls.team.id, "date_start": TODAY}
        )

    def _leave(self, start, end, leave_type="holiday", **values):
        return self.Leave.create(
            {
                "partner_id": self.alice.id,
                "leave_type": leave_type,
                "date_start": start,
                "date_end": end,
                **values,
            }
        )

    def test_shifts_inside_a_leave_carry_no_penalty(self):
        with self.frozen():
            self.team.action_generate_shifts()
            leave = self._leave(date(2026, 4, 1), date(2026, 4, 30))
            leave.action_submit()
            leave.action_approve()
        regs = self.Registration.search([("partner_id", "=", self.alice.id)])
        states = {r.date_start.date(): r.state for r in regs}
        self.assertEqual(states[date(2026, 4, 9)], "waived")
        self.assertEqual(states[date(2026, 3, 12)], "planned")
        with self.assertRaisesRegex(UserError, "not on this shift any more"):
            regs.filtered(lambda r: r.state == "waived").action_absent()
        with self.frozen():
            leave.action_cancel()
        self.assertEqual(
            regs.filtered(lambda r: r.date_start.date() == date(2026, 4, 9)).state, "planned"
        )

    def test_generation_after_the_leave_respects_it(self):
        with self.frozen():
            leave = self._leave(date(2026, 4, 1), date(2026, 4, 30))
            leave.action_approve()
            self.team.action_generate_shifts()
        reg = self.Registration.search(
            [("partner_id", "=", self.alice.id), ("date_start", ">=", datetime(2026, 4, 9))],
            limit=1,
        )
        self.assertEqual(reg.state, "waived")

    def test_anticipated_leave_is_paid_in_points(self):
        with self.frozen():
            self.team.action_generate_shifts()
            leave = self._leave(date(2026, 3, 12), date(2026, 5, 10), "anticipated")
            leave.action_approve()
        self.assertEqual(
            self.alice.coop_shift_standard_points, -3, "one point per team shift missed"
        )

    def test_bad_leaves(self):
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            self._leave(date(2026, 4, 10), date(2026, 4, 1))
        self._leave(date(2026, 4, 1), date(2026, 4, 30)).action_submit()
        with self.assertRaisesRegex(ValidationError, "overlaps another one"):
            self._leave(date(2026, 4, 20), date(2026, 5, 10))
        with self.assertRaisesRegex(ValidationError, "parental leave lasts 24 months at most"):
            self._leave(date(2026, 6, 1), date(2028, 7, 1), "parental")
        self.assertEqual(self.Leave.search_count([("partner_id", "=", self.alice.id)]), 1)

    def test_long_sickness_needs_a_certificate(self):
        leave = self._leave(date(2026, 4, 1), date(2026, 4, 30), "sickness")
        with self.assertRaisesRegex(UserError, "needs a medical certificate"):
            leave.action_approve()
        leave.proof = b"JVBERi0xLjQK"
        leave.proof_filename = "certificate.pdf"
        with self.frozen():
            leave.action_approve()
        self.assertEqual(leave.state, "approved")

    def test_closure_waives_and_credits(self):
        flyer = self._member("Flyer", mode="flying")
        with self.frozen():
            self.team.action_generate_shifts()
            shift = self.team.shift_ids.filtered(lambda s: s.date_start.date() == date(2026, 4, 9))
            fly = self.Registration._book(shift, flyer)
            self.env["coop.shift.closure"].create(
                {"name": "Stocktake", "date_start": date(2026, 4, 9), "date_end": date(2026, 4, 9)}
            )
        self.assertEqual(shift.state, "cancelled")
        self.assertEqual(set(shift.registration_ids.mapped("state")), {"waived"})
        self.assertEqual(
            flyer.coop_shift_flying_points, 1, "a flying booking lost to a closure is credited"
        )
        self.assertEqual(fly.state, "waived")

    # ------------------------------------------------------------ what a leave still allows

    def test_only_a_live_leave_is_cancelled(self):
        """Refused and cancelled leaves are history, and so is an approved leave that is over:
        cancelling them again changed nothing true and rewrote what happened."""
        refused = self._leave(date(2026, 4, 1), date(2026, 4, 5))
        refused.action_refuse()
        cancelled = self._leave(date(2026, 5, 1), date(2026, 5, 5))
        cancelled.action_cancel()
        with self.frozen():
            over = self._leave(date(2026, 3, 1), date(2026, 3, 8))
            over.action_approve()
            for leave, message in (
                (refused, "Only a leave not yet decided, or approved and not over"),
                (cancelled, "Only a leave not yet decided, or approved and not over"),
                (over, "is over"),
            ):
                with (
                    self.subTest(state=leave.state, end=leave.date_end),
                    self.assertRaisesRegex(UserError, message),
                ):
                    leave.action_cancel()
        self.assertEqual(
            (refused.state, cancelled.state, over.state), ("refused", "cancelled", "approved")
        )

    def test_an_approved_leave_under_way_is_cancelled_for_what_is_left(self):
        with self.frozen():
            self.team.action_generate_shifts()
            leave = self._leave(date(2026, 3, 1), date(2026, 4, 30))
            leave.action_approve()
            leave.action_cancel()
        self.assertEqual(leave.state, "cancelled")
        regs = self.Registration.search([("partner_id", "=", self.alice.id)])
        self.assertEqual(set(regs.mapped("state")), {"planned"}, "the member works again")

    def test_cancelling_an_anticipated_leave_gives_its_points_back(self):
        """The shifts it paid for in advance are planned again: paying twice is not fair."""
        with self.frozen():
            self.team.action_generate_shifts()
            leave = self._leave(date(2026, 3, 12), date(2026, 5, 10), "anticipated")
            leave.action_approve()
            self.assertEqual(self.alice.coop_shift_standard_points, -3)
            leave.action_cancel()
        self.assertEqual(self.alice.coop_shift_standard_points, 0)
        self.assertEqual(
            self.alice.coop_shift_event_ids.filtered(lambda e: e.points > 0).reason, "leave"
        )

    def test_a_member_withdraws_only_an_undecided_request(self):
        with self.frozen():
            asked = self._leave(date(2026, 4, 1), date(2026, 4, 5))
            asked.action_submit()
            self.assertTrue(asked._is_undecided())
            asked._coop_withdraw()
            self.assertEqual(asked.state, "cancelled")
            approved = self._leave(date(2026, 5, 1), date(2026, 5, 5))
            approved.action_approve()
            self.assertFalse(approved._is_undecided())
            with self.assertRaisesRegex(UserError, "for an approved leave, see the members'"):
                approved._coop_withdraw()
        self.assertEqual(approved.state, "approved")

    def test_a_member_asks_for_a_leave(self):
        """The rules of the portal's form, on the model: the form only asks them."""
        with self.frozen():
            leave = self.Leave._coop_request(
                self.alice, "holiday", "2026-04-01", "2026-04-05", note="  Walking  "
            )
            self.assertRecordValues(
                leave,
                [{"state": "submitted", "date_start": date(2026, 4, 1), "note": "Walking"}],
            )
            bad = [
                (("sabbatical", "2026-06-01", "2026-06-05"), "Choose the kind of leave"),
                (("holiday", "", "2026-06-05"), "Give the first and the last day"),
                (("holiday", "soon", "2026-06-05"), "Give the first and the last day"),
                (("holiday", "2026-03-01", "2026-03-10"), "A leave cannot end in the past"),
                (("holiday", "2026-04-03", "2026-04-09"), "overlaps"),
            ]
            for args, message in bad:
                with (
                    self.subTest(args=args),
                    self.assertRaisesRegex((UserError, ValidationError), message),
                ):
                    self.Leave._coop_request(self.alice, *args)
            # Today is not the past: a leave may end on the shop's today.
            self.Leave._coop_request(self.alice, "holiday", "2026-03-11", "2026-03-11")
        self.assertEqual(self.Leave.search_count([("partner_id", "=", self.alice.id)]), 2)
