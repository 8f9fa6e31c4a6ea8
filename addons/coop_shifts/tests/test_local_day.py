"""A shift's day is the shop's local day, whatever UTC's or the reader's."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from ..kernels import cycle
from .common import CoopShiftsCase


@tagged("post_install", "-at_install")
class TestLocalDayKernel(CoopShiftsCase):
    def test_local_day_east_west_and_across_daylight_saving(self):
        cases = [
            # Monday 09:00 in Melbourne (UTC+10) is Sunday 23:00 in UTC.
            (datetime(2026, 4, 5, 23, 0), "Australia/Melbourne", date(2026, 4, 6)),
            # Tuesday 19:00 in New York in winter (UTC-5) is Wednesday 00:00 in UTC.
            (datetime(2026, 11, 18, 0, 0), "America/New_York", date(2026, 11, 17)),
            # The same wall clock in summer (UTC-4) is still Tuesday in UTC.
            (datetime(2026, 4, 7, 23, 0), "America/New_York", date(2026, 4, 7)),
            # London the night the clocks go forward: 00:30 BST is 23:30 GMT the day before.
            (datetime(2026, 3, 29, 23, 30), "Europe/London", date(2026, 3, 30)),
            (datetime(2026, 3, 28, 23, 30), "Europe/London", date(2026, 3, 28)),
            (datetime(2026, 3, 28, 23, 30), "UTC", date(2026, 3, 28)),
        ]
        for moment, zone, day in cases:
            with self.subTest(moment=moment, zone=zone):
                self.assertEqual(cycle.local_day(moment, zone), day)

    def test_the_shop_time_zone_is_never_the_readers(self):
        company = self.company
        company.partner_id.tz = False
        company.country_id = self.env.ref("base.uk")
        self.env.user.tz = "Pacific/Auckland"
        self.assertEqual(company._coop_tz(), "Europe/London")
        company.country_id = self.env.ref("base.us")
        self.assertEqual(company._coop_tz(), "UTC", "a country with several zones: say which")
        company.partner_id.tz = "America/New_York"
        self.assertEqual(
            company.with_user(self.env.ref("base.user_admin"))._coop_tz(), "America/New_York"
        )


class LocalDayCase(CoopShiftsCase):
    zone = "UTC"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = cls.zone
        cls.env.user.tz = "UTC"  # the reader's zone must not matter
        cls.ann = cls._member("Local Ann")

    def _registration(self, shift):
        return self.Registration.search(
            [("shift_id", "=", shift.id), ("partner_id", "=", self.ann.id)]
        )

    def _generate(self, template, moment):
        with freeze_time(moment):
            template.action_generate_shifts()
        return self.Shift.search([("template_id", "=", template.id)], order="date_start")


@tagged("post_install", "-at_install")
class TestMelbourne(LocalDayCase):
    """Monday 09:00 in Melbourne is a Sunday in UTC."""

    zone = "Australia/Melbourne"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Mondays of week B: 6 April 2026 is the first after 11 March.
        cls.team = cls._template(week_index=1, weekday="0", start=9.0, end=12.0)

    def _monday_shift(self, moment=datetime(2026, 3, 11, 8, 0)):
        shifts = self._generate(self.team, moment)
        shift = shifts.filtered(lambda s: s._coop_local_day() == date(2026, 4, 6))
        self.assertEqual(shift.date_start, datetime(2026, 4, 5, 23, 0), "09:00 AEST in UTC")
        return shift

    def test_membership_from_the_monday_includes_its_shift(self):
        self.Membership.create(
            {"partner_id": self.ann.id, "template_id": self.team.id, "date_start": date(2026, 4, 6)}
        )
        shift = self._monday_shift()
        self.assertEqual(self._registration(shift).state, "planned")

    def test_a_leave_on_the_monday_covers_its_shift(self):
        self.Membership.create(
            {
                "partner_id": self.ann.id,
                "template_id": self.team.id,
                "date_start": date(2026, 3, 11),
            }
        )
        shift = self._monday_shift()
        with freeze_time(datetime(2026, 3, 11, 8, 0)):
            leave = self.Leave.create(
                {
                    "partner_id": self.ann.id,
                    "leave_type": "holiday",
                    "date_start": date(2026, 4, 6),
                    "date_end": date(2026, 4, 6),
                }
            )
            leave.action_submit()
            leave.action_approve()
        self.assertEqual(self._registration(shift).state, "waived")

    def test_a_closure_on_the_monday_cancels_its_shift(self):
        shift = self._monday_shift()
        with freeze_time(datetime(2026, 3, 11, 8, 0)):
            self.env["coop.shift.closure"].create(
                {
                    "name": "Easter Monday",
                    "date_start": date(2026, 4, 6),
                    "date_end": date(2026, 4, 6),
                }
            )
        self.assertEqual(shift.state, "cancelled")

    def test_a_closure_known_before_generation_is_respected(self):
        self.env["coop.shift.closure"].create(
            {"name": "Easter Monday", "date_start": date(2026, 4, 6), "date_end": date(2026, 4, 6)}
        )
        self.assertEqual(self._monday_shift().state, "cancelled")

    def test_the_forecast_is_of_mondays(self):
        """The portal's months ahead: Monday 09:00 in Melbourne, never a Sunday."""
        self.Membership.create(
            {
                "partner_id": self.ann.id,
                "template_id": self.team.id,
                "date_start": date(2026, 3, 11),
            }
        )
        self._monday_shift()
        with freeze_time(datetime(2026, 3, 11, 8, 0)):
            forecast = self.Template._forecast(self.ann, date(2026, 3, 11), date(2026, 7, 31))
        self.assertTrue(forecast)
        self.assertEqual({o["day"].weekday() for o in forecast}, {0})
        self.assertGreater(forecast[0]["day"], date(2026, 4, 6), "after the generated Mondays")
        self.assertEqual(
            {o["start"].time() for o in forecast}, {datetime(2026, 1, 1, 23).time()}, "09:00 AEST"
        )

    def test_points_are_dated_on_the_monday(self):
        self.Membership.create(
            {
                "partner_id": self.ann.id,
                "template_id": self.team.id,
                "date_start": date(2026, 3, 11),
            }
        )
        shift = self._monday_shift()
        with freeze_time(datetime(2026, 4, 6, 6, 0)):
            self._registration(shift).action_absent()
        event = self.Event.search([("registration_id", "=", self._registration(shift).id)])
        self.assertEqual(event.date, date(2026, 4, 6))


@tagged("post_install", "-at_install")
class TestNewYork(LocalDayCase):
    """Tuesday 19:00 in New York in winter is a Wednesday in UTC."""

    zone = "America/New_York"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls._template(week_index=1, weekday="1", start=19.0, end=22.0)
        cls.Membership.create(
            {"partner_id": cls.ann.id, "template_id": cls.team.id, "date_start": date(2026, 11, 1)}
        )

    def test_the_tuesday_is_tuesday(self):
        shifts = self._generate(self.team, datetime(2026, 11, 11, 12, 0))
        shift = shifts.filtered(lambda s: s.date_start == datetime(2026, 11, 18, 0, 0))
        self.assertEqual(shift._coop_local_day(), date(2026, 11, 17))
        with freeze_time(datetime(2026, 11, 11, 12, 0)):
            self.env["coop.shift.closure"].create(
                {
                    "name": "Wednesday stocktake",
                    "date_start": date(2026, 11, 18),
                    "date_end": date(2026, 11, 18),
                }
            )
        self.assertEqual(shift.state, "open", "a Wednesday closure leaves Tuesday's shift")
        with freeze_time(datetime(2026, 11, 11, 12, 0)):
            leave = self.Leave.create(
                {
                    "partner_id": self.ann.id,
                    "leave_type": "holiday",
                    "date_start": date(2026, 11, 17),
                    "date_end": date(2026, 11, 17),
                }
            )
            leave.action_submit()
            leave.action_approve()
        self.assertEqual(self._registration(shift).state, "waived")


@tagged("post_install", "-at_install")
class TestLondonDaylightSaving(LocalDayCase):
    """The night the clocks go forward, a shift just after midnight is on its own day."""

    zone = "Europe/London"

    def test_after_midnight_on_the_first_night_of_summer_time(self):
        team = self._template(week_index=0, weekday="0", start=0.5, end=2.5)
        self.Membership.create(
            {"partner_id": self.ann.id, "template_id": team.id, "date_start": date(2026, 3, 30)}
        )
        shifts = self._generate(team, datetime(2026, 3, 11, 8, 0))
        shift = shifts.filtered(lambda s: s._coop_local_day() == date(2026, 3, 30))
        self.assertEqual(shift.date_start, datetime(2026, 3, 29, 23, 30), "00:30 BST")
        self.assertEqual(self._registration(shift).state, "planned")
        earlier = shifts.filtered(lambda s: s._coop_local_day() < date(2026, 3, 30))
        self.assertFalse(earlier.registration_ids.filtered(lambda r: r.partner_id == self.ann))
