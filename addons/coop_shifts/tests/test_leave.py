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
        with self.assertRaises(UserError):
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
        with self.assertRaises(ValidationError):
            self._leave(date(2026, 4, 10), date(2026, 4, 1))
        self._leave(date(2026, 4, 1), date(2026, 4, 30)).action_submit()
        with self.assertRaises(ValidationError):
            self._leave(date(2026, 4, 20), date(2026, 5, 10))
        with self.assertRaises(ValidationError):
            self._leave(date(2026, 6, 1), date(2028, 7, 1), "parental")
        self.assertEqual(self.Leave.search_count([("partner_id", "=", self.alice.id)]), 1)

    def test_long_sickness_needs_a_certificate(self):
        leave = self._leave(date(2026, 4, 1), date(2026, 4, 30), "sickness")
        with self.assertRaises(UserError):
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
