import itertools
from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from odoo.addons.coop_shifts.kernels import cycle

ANCHOR = date(2026, 1, 5)  # a Monday, week A


@tagged("post_install", "-at_install")
class TestCycleKernel(BaseCase):
    def test_week_letters(self):
        self.assertEqual([cycle.week_letter(i) for i in range(5)], ["A", "B", "C", "D", "E"])
        self.assertEqual(cycle.week_letter(25), "Z")
        self.assertEqual(cycle.week_letter(26), "AA")
        with self.assertRaises(ValueError):
            cycle.week_letter(-1)

    def test_week_index(self):
        self.assertEqual(cycle.week_index_of(ANCHOR, ANCHOR, 4), 0)
        self.assertEqual(cycle.week_index_of(date(2026, 1, 11), ANCHOR, 4), 0)  # Sunday of week A
        self.assertEqual(cycle.week_index_of(date(2026, 1, 12), ANCHOR, 4), 1)
        self.assertEqual(cycle.week_index_of(date(2026, 2, 2), ANCHOR, 4), 0)  # four weeks on
        self.assertEqual(cycle.week_index_of(date(2025, 12, 29), ANCHOR, 4), 3)  # before the anchor
        self.assertEqual(cycle.week_index_of(date(2026, 1, 19), ANCHOR, 8), 2)
        with self.assertRaises(ValueError):
            cycle.week_index_of(ANCHOR, date(2026, 1, 6), 4)

    def test_cycle_start(self):
        self.assertEqual(cycle.cycle_start(date(2026, 1, 20), ANCHOR, 4), ANCHOR)
        self.assertEqual(cycle.cycle_start(date(2026, 2, 2), ANCHOR, 4), date(2026, 2, 2))
        self.assertEqual(cycle.cycle_start(date(2025, 12, 31), ANCHOR, 4), date(2025, 12, 8))

    def test_occurrences_every_cycle(self):
        # Week B, Tuesday.
        days = cycle.occurrences(ANCHOR, 4, 1, 1, date(2026, 1, 1), date(2026, 3, 31))
        self.assertEqual(days, [date(2026, 1, 13), date(2026, 2, 10), date(2026, 3, 10)])
        for day in days:
            self.assertEqual(day.weekday(), 1)
            self.assertEqual(cycle.week_index_of(day, ANCHOR, 4), 1)

    def test_occurrences_bounds_are_inclusive(self):
        days = cycle.occurrences(ANCHOR, 4, 1, 1, date(2026, 1, 13), date(2026, 2, 10))
        self.assertEqual(days, [date(2026, 1, 13), date(2026, 2, 10)])
        self.assertEqual(
            cycle.occurrences(ANCHOR, 4, 1, 1, date(2026, 1, 14), date(2026, 2, 9)), []
        )

    def test_occurrences_active_period(self):
        days = cycle.occurrences(
            ANCHOR,
            4,
            0,
            0,
            date(2026, 1, 1),
            date(2026, 12, 31),
            date(2026, 3, 1),
            date(2026, 4, 30),
        )
        self.assertEqual(days, [date(2026, 3, 2), date(2026, 3, 30), date(2026, 4, 27)])
        self.assertEqual(
            cycle.occurrences(
                ANCHOR, 4, 0, 0, date(2026, 1, 1), date(2026, 2, 1), date(2026, 6, 1)
            ),
            [],
        )

    def test_occurrences_many_cycles_and_lengths(self):
        for weeks in (1, 2, 4, 8):
            for week_index in range(weeks):
                for weekday in range(7):
                    days = cycle.occurrences(
                        ANCHOR, weeks, week_index, weekday, date(2025, 6, 1), date(2027, 6, 1)
                    )
                    gaps = {(b - a).days for a, b in itertools.pairwise(days)}
                    self.assertEqual(gaps, {7 * weeks})
                    self.assertTrue(
                        all(cycle.week_index_of(d, ANCHOR, weeks) == week_index for d in days)
                    )

    def test_occurrences_rejects_bad_slots(self):
        with self.assertRaises(ValueError):
            cycle.occurrences(ANCHOR, 4, 4, 0, date(2026, 1, 1), date(2026, 2, 1))
        with self.assertRaises(ValueError):
            cycle.occurrences(ANCHOR, 4, 0, 7, date(2026, 1, 1), date(2026, 2, 1))

    def test_local_time_follows_daylight_saving(self):
        winter = cycle.local_span_to_utc(date(2026, 1, 13), 18.0, 21.0, "Europe/London")
        summer = cycle.local_span_to_utc(date(2026, 7, 14), 18.0, 21.0, "Europe/London")
        self.assertEqual(winter, (datetime(2026, 1, 13, 18), datetime(2026, 1, 13, 21)))
        self.assertEqual(summer, (datetime(2026, 7, 14, 17), datetime(2026, 7, 14, 20)))
        paris = cycle.local_span_to_utc(date(2026, 1, 13), 9.5, 12.75, "Europe/Paris")
        self.assertEqual(paris, (datetime(2026, 1, 13, 8, 30), datetime(2026, 1, 13, 11, 45)))
        with self.assertRaises(ValueError):
            cycle.local_span_to_utc(date(2026, 1, 13), 21.0, 18.0, "UTC")

    def test_template_name(self):
        self.assertEqual(cycle.template_name(1, "Tue", 18.0), "B-Tue 18:00")
        self.assertEqual(cycle.template_name(3, "Sat", 9.5), "D-Sat 09:30")
