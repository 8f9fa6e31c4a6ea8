from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.coop_membership.tests.common import new_test_user, portal_user
from odoo.addons.coop_shifts.tests.common import CoopShiftsCase


@tagged("post_install", "-at_install")
class TestShiftHealth(CoopShiftsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Health = cls.env["coop.shift.health"]
        cls.team = cls._template(name="Health team")
        cls.members = [cls._member(f"Health {index}") for index in range(5)]
        # A Monday evening and the Tuesday after, 4 seats each.
        cls.monday = cls._shift(datetime(2026, 3, 2, 18, 0), seats=4, template_id=cls.team.id)
        cls.tuesday = cls._shift(datetime(2026, 3, 3, 18, 0), seats=4, template_id=cls.team.id)
        cls.office = new_test_user(
            cls.env, login="health_office", groups="coop_membership.group_coop_user"
        )
        cls.employee = new_test_user(cls.env, login="health_employee", groups="base.group_user")
        cls.portal = portal_user(cls.env, "health_member", cls.members[0])

    def book(self, shift, partner, kind="team", state="planned"):
        return self.Registration.create(
            {"shift_id": shift.id, "partner_id": partner.id, "kind": kind, "state": state}
        )

    def row(self, shift):
        self.env.flush_all()
        return self.Health.search([("shift_id", "=", shift.id)])

    def test_a_shift_counted_from_its_sheet(self):
        self.book(self.monday, self.members[0], state="attended")
        self.book(self.monday, self.members[1], state="absent")
        self.book(self.monday, self.members[2], kind="makeup", state="attended")
        self.book(self.monday, self.members[3], state="cancelled")
        self.book(self.monday, self.members[4], state="excused")
        row = self.row(self.monday)
        self.assertEqual(row.seats_taken, self.monday.seats_taken, "the shift's own count")
        self.assertEqual(
            (row.seats, row.attended, row.absent, row.excused, row.makeups), (4, 2, 1, 1, 1)
        )
        self.assertEqual(row.seats_empty, row.seats - row.seats_taken)
        self.assertAlmostEqual(row.fill_rate, 100.0 * row.seats_taken / 4, places=1)
        self.assertAlmostEqual(row.attendance_rate, 66.7, places=1)
        self.assertEqual((row.team_id, row.day), (self.team, self.monday.local_day))
        self.assertTrue(row.is_past)
        empty = self.row(self.tuesday)
        self.assertEqual((empty.seats_taken, empty.fill_rate, empty.attendance_rate), (0, 0, 0))

    def test_the_day_is_the_shops(self):
        # 23:30 in London on a summer evening is already the next day in UTC.
        self.company.partner_id.tz = "Europe/London"
        late = self._shift(datetime(2026, 6, 30, 23, 30), hours=1, seats=2)
        self.assertEqual(str(late.local_day), "2026-07-01")
        self.company.partner_id.tz = "America/New_York"
        late = self._shift(datetime(2026, 7, 1, 2, 0), hours=1, seats=2)
        self.assertEqual(str(self.row(late).day), "2026-06-30")

    def test_per_team_and_week(self):
        self.book(self.monday, self.members[0])
        self.book(self.monday, self.members[1])
        self.book(self.tuesday, self.members[2])
        self.env.flush_all()
        groups = self.Health._read_group(
            [("team_id", "=", self.team.id)],
            ["team_id", "day:week"],
            ["shifts:sum", "seats:sum", "seats_taken:sum", "fill_rate:avg"],
        )
        self.assertEqual(len(groups), 1, "Monday and Tuesday are one week")
        _team, _week, shifts, seats, taken, fill = groups[0]
        self.assertEqual((shifts, seats, taken), (2, 8, 3))
        self.assertAlmostEqual(fill, (50.0 + 25.0) / 2)

    def test_one_query_whatever_the_number_of_shifts(self):
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.Health._read_group([], ["team_id"], ["seats_taken:sum", "attended:sum"])
        for day in range(10, 20):
            shift = self._shift(datetime(2026, 3, day, 9, 0), seats=3, template_id=self.team.id)
            self.book(shift, self.members[day % 5])
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.Health._read_group([], ["team_id"], ["seats_taken:sum", "attended:sum"])

    def test_who_reads_it(self):
        self.assertTrue(self.Health.with_user(self.office).search_count([]))
        for user in (self.employee, self.portal):
            with self.assertRaises(AccessError):
                self.Health.with_user(user).search_count([])
        with self.assertRaises(AccessError):
            self.row(self.monday).with_user(self.office).write({"seats": 1})
        self.assertEqual(self.monday.seats, 4)
