from datetime import date, datetime, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import NOW, TODAY, CoopShiftsCase


@tagged("post_install", "-at_install")
class TestGeneration(CoopShiftsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls._template(week_index=1, weekday="3")  # B-Thu 18:00
        cls.alice = cls._member("Alice")
        cls.bob = cls._member("Bob")

    def test_name(self):
        self.assertEqual(self.team.name, "B-Thu 18:00")
        self.assertEqual(self.team.week_letter, "B")

    def test_generates_shifts_and_registrations_once(self):
        with self.frozen():
            self.Membership.create(
                {"partner_id": self.alice.id, "template_id": self.team.id, "date_start": TODAY}
            )
            self.team.action_generate_shifts()
            shifts = self.Shift.search([("template_id", "=", self.team.id)])
            # 60 days from Wed 11 March 2026: week B Thursdays are 12 March, 9 April, 7 May.
            self.assertEqual(
                [s.date_start for s in shifts],
                [datetime(2026, 3, 12, 18), datetime(2026, 4, 9, 18), datetime(2026, 5, 7, 18)],
            )
            self.assertEqual(shifts.registration_ids.partner_id, self.alice)
            self.assertEqual(set(shifts.registration_ids.mapped("kind")), {"team"})
            mine = [("template_id", "=", self.team.id)]
            counts = (
                self.Shift.search_count(mine),
                self.Registration.search_count([("shift_id.template_id", "=", self.team.id)]),
            )
            self.team.action_generate_shifts()
            self.env["coop.shift.template"]._cron_generate_shifts()
            self.assertEqual(
                (
                    self.Shift.search_count(mine),
                    self.Registration.search_count([("shift_id.template_id", "=", self.team.id)]),
                ),
                counts,
            )

    def test_joining_and_leaving_update_future_only(self):
        with self.frozen():
            self.team.action_generate_shifts()
            membership = self.Membership.create(
                {"partner_id": self.bob.id, "template_id": self.team.id, "date_start": TODAY}
            )
            regs = self.Registration.search([("partner_id", "=", self.bob.id)])
            self.assertEqual(len(regs), 3, "joining fills the generated future shifts")
            membership.date_end = date(2026, 4, 1)
            states = {r.date_start.date(): r.state for r in regs}
            self.assertEqual(
                states,
                {
                    date(2026, 3, 12): "planned",
                    date(2026, 4, 9): "cancelled",
                    date(2026, 5, 7): "cancelled",
                },
            )

    def test_past_registrations_never_move(self):
        with self.frozen():
            self.Membership.create(
                {"partner_id": self.alice.id, "template_id": self.team.id, "date_start": TODAY}
            )
            self.team.action_generate_shifts()
        first = self.Registration.search([("partner_id", "=", self.alice.id)], limit=1)
        with self.frozen(datetime(2026, 3, 13, 9)):
            first.action_attend()
            self.Membership.search([("partner_id", "=", self.alice.id)]).date_end = date(
                2026, 3, 13
            )
        self.assertEqual(first.state, "attended")

    def test_one_team_at_a_time(self):
        other = self._template(week_index=2, weekday="1")
        self.Membership.create(
            {"partner_id": self.alice.id, "template_id": self.team.id, "date_start": TODAY}
        )
        with self.assertRaisesRegex(ValidationError, "one team at a time"):
            self.Membership.create(
                {
                    "partner_id": self.alice.id,
                    "template_id": other.id,
                    "date_start": TODAY + timedelta(days=30),
                }
            )

    def test_template_checks(self):
        with self.assertRaisesRegex(ValidationError, "must end after it starts"):
            self._template(start=21.0, end=18.0)
        with self.assertRaisesRegex(ValidationError, "within the 4-week cycle"):
            self._template(week_index=4)
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            self._template(date_start=date(2026, 5, 1), date_end=date(2026, 4, 1))

    def test_template_active_period_and_closure(self):
        limited = self._template(week_index=1, weekday="4", date_end=date(2026, 3, 31))
        with self.frozen():
            self.env["coop.shift.closure"].create(
                {"name": "Easter", "date_start": date(2026, 4, 9), "date_end": date(2026, 4, 9)}
            )
            (limited | self.team).action_generate_shifts()
        self.assertEqual(len(limited.shift_ids), 1, "nothing after the template's end")
        easter = self.team.shift_ids.filtered(lambda s: s.date_start.date() == date(2026, 4, 9))
        self.assertEqual(easter.state, "cancelled")

    def test_generation_query_count_does_not_grow_with_templates(self):
        """Generation is batched: many templates cost a bounded number of queries."""
        with self.frozen(NOW):
            few = self.Template.browse(
                [self._template(week_index=i % 4, weekday=str(i % 7)).id for i in range(2)]
            )
            many = self.Template.browse(
                [
                    self._template(week_index=i % 4, weekday=str(i % 7), start=8.0 + i % 5).id
                    for i in range(20)
                ]
            )
            self.env.flush_all()
            count_few = self._count(few.action_generate_shifts)
            count_many = self._count(many.action_generate_shifts)
        self.assertLessEqual(count_many, count_few + 4)

    def test_generation_query_count_does_not_grow_with_team_size(self):
        """Registrations are written in one statement; seats and leaves still come out right."""
        with self.frozen(NOW):
            small = self._template(week_index=1, weekday="1")
            big = self._template(week_index=1, weekday="2", seats=40)
            for template, size in ((small, 2), (big, 30)):
                self.Membership.create(
                    [
                        {
                            "partner_id": self._member(f"{template.name} {n}").id,
                            "template_id": template.id,
                            "date_start": TODAY,
                        }
                        for n in range(size)
                    ]
                )
            # One person on leave in each team, so that both generations do the same work.
            leaves = self.Leave.create(
                [
                    {
                        "partner_id": template.membership_ids[0].partner_id.id,
                        "leave_type": "holiday",
                        "date_start": TODAY,
                        "date_end": TODAY + timedelta(days=120),
                    }
                    for template in (small, big)
                ]
            )
            leaves.action_approve()
            leave = leaves[1]
            on_leave = leave.partner_id
            self.env.flush_all()
            # Warms registry caches (defaults), which only the first generation would read.
            self._count(self._template(week_index=0, weekday="0").action_generate_shifts)
            count_small = self._count(small.action_generate_shifts)
            count_big = self._count(big.action_generate_shifts)
            shifts = self.Shift.search([("template_id", "=", big.id)])
            self.assertTrue(shifts)
            self.assertEqual(shifts.mapped("seats_taken"), [30] * len(shifts))
            mine = shifts.registration_ids.filtered(lambda r: r.partner_id == on_leave)
            self.assertEqual(set(mine.mapped("state")), {"waived"})
            self.assertEqual(mine.leave_id, leave)
            self.assertEqual(len(on_leave.coop_shift_registration_ids), len(shifts))
        self.assertEqual(count_big, count_small, "2 people or 30: the same queries")

    def _count(self, func):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_a_shift_taken_in_a_swap_survives_a_team_change(self):
        other_team = self._template(week_index=2, weekday="1")
        with self.frozen():
            self.Membership.create(
                {"partner_id": self.alice.id, "template_id": self.team.id, "date_start": TODAY}
            )
            bob_membership = self.Membership.create(
                {"partner_id": self.bob.id, "template_id": other_team.id, "date_start": TODAY}
            )
            (self.team | other_team).action_generate_shifts()
            alice_reg = self.Registration.search(
                [("partner_id", "=", self.alice.id)], order="date_start desc", limit=1
            )
            offer = self.env["coop.shift.swap"]._offer(alice_reg)
            taken = offer._take(self.bob)
            bob_membership.date_end = TODAY
        self.assertEqual(taken.state, "planned", "Bob still covers Alice's shift")
        self.assertEqual(alice_reg.state, "swapped")

    # ------------------------------------------------------------ what is not generated yet

    def test_forecast_of_a_members_shifts_not_generated_yet(self):
        """Beyond the generated horizon, the same cycle, closures and leaves."""
        self.Membership.create(
            {"partner_id": self.alice.id, "template_id": self.team.id, "date_start": TODAY}
        )
        self.Membership.create(
            {
                "partner_id": self.bob.id,
                "template_id": self.team.id,
                "date_start": TODAY,
                "date_end": date(2026, 7, 15),
            }
        )
        with self.frozen():
            self.team.action_generate_shifts()  # 12 March, 9 April and 7 May
            self.env["coop.shift.closure"].create(
                {
                    "name": "Summer stocktake",
                    "date_start": date(2026, 7, 2),
                    "date_end": date(2026, 7, 2),
                }
            )
            leave = self.Leave.create(
                {
                    "partner_id": self.alice.id,
                    "date_start": date(2026, 7, 20),
                    "date_end": date(2026, 8, 2),
                }
            )
            leave.action_approve()
            until = date(2026, 9, 11)
            alice = self.Template._forecast(self.alice, TODAY, until)
            bob = self.Template._forecast(self.bob, TODAY, until)
        self.assertEqual(
            [(o["day"], o["on_leave"]) for o in alice],
            [
                (date(2026, 6, 4), False),
                (date(2026, 7, 30), True),
                (date(2026, 8, 27), False),
            ],
            "after the last generated shift; not on the closure; on leave at the end of July",
        )
        self.assertEqual(alice[0]["start"], datetime(2026, 6, 4, 18))
        self.assertEqual(alice[0]["template"], self.team)
        self.assertEqual([o["day"] for o in bob], [date(2026, 6, 4)], "his team ends in July")
        self.assertEqual(self.Template._forecast(self._member("Carl"), TODAY, until), [])
