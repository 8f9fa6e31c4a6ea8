from datetime import datetime, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import NOW, CoopShiftsCase


@tagged("post_install", "-at_install")
class TestBooking(CoopShiftsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls._member("Alice")
        cls.flyer = cls._member("Flyer", mode="flying")
        cls.shift = cls._shift(datetime(2026, 3, 14, 9), seats=2)

    def test_book_makeup_and_flying(self):
        with self.frozen():
            reg = self.Registration._book(self.shift, self.alice)
            fly = self.Registration._book(self.shift, self.flyer)
        self.assertEqual((reg.kind, fly.kind), ("makeup", "flying"))
        self.assertEqual(self.shift.seats_available, 0)

    def test_full_past_twice(self):
        with self.frozen():
            self.Registration._book(self.shift, self.alice)
            with self.assertRaisesRegex(UserError, "Alice is already on"):
                self.Registration._book(self.shift, self.alice)
            self.Registration._book(self.shift, self.flyer)
            with self.assertRaisesRegex(UserError, "is full"):
                self.Registration._book(self.shift, self._member("Late"))
            past = self._shift(NOW - timedelta(days=1))
            with self.assertRaisesRegex(UserError, "past or closed"):
                self.Registration._book(past, self.alice)
        with self.assertRaisesRegex(ValidationError, "Alice is already on"):
            self.Registration.create({"shift_id": self.shift.id, "partner_id": self.alice.id})

    def test_limits_per_day_and_period(self):
        self.company.coop_shift_max_per_day = 2
        self.company.coop_shift_max_per_period = 3
        with self.frozen():
            day = [self._shift(datetime(2026, 3, 16, h)) for h in (8, 12, 16)]
            self.Registration._book(day[0], self.flyer)
            self.Registration._book(day[1], self.flyer)
            with self.assertRaisesRegex(UserError, "At most 2 booked shifts a day"):
                self.Registration._book(day[2], self.flyer)
            self.Registration._book(self._shift(datetime(2026, 3, 20, 9)), self.flyer)
            with self.assertRaisesRegex(UserError, "At most 3 booked shifts in 28 days"):
                self.Registration._book(self._shift(datetime(2026, 3, 25, 9)), self.flyer)
            self.Registration._book(self._shift(datetime(2026, 4, 20, 9)), self.flyer)

    def test_cancel_until_the_deadline(self):
        with self.frozen():
            reg = self.Registration._book(self.shift, self.alice)
        with (
            self.frozen(datetime(2026, 3, 13, 10)),
            self.assertRaisesRegex(UserError, "Too late to cancel"),
        ):
            reg.action_cancel_booking()
        self.assertEqual(reg.state, "planned")
        with self.frozen():
            reg.action_cancel_booking()
            self.assertEqual(reg.state, "cancelled")
            again = self.Registration._book(self.shift, self.alice)
        self.assertEqual(
            again.state, "planned", "a cancelled booking frees the seat and the person"
        )

    def test_team_registration_is_not_cancelled_by_the_member(self):
        reg = self.Registration.create(
            {"shift_id": self.shift.id, "partner_id": self.alice.id, "kind": "team"}
        )
        with self.frozen(), self.assertRaisesRegex(UserError, "team shift is not cancelled"):
            reg.action_cancel_booking()

    def test_unsubscribed_cannot_book(self):
        self.alice.coop_shift_unsubscribed = True
        with self.frozen(), self.assertRaisesRegex(UserError, "unsubscribed from shifts"):
            self.Registration._book(self.shift, self.alice)

    def test_booking_query_count_is_bounded(self):
        with self.frozen():
            for index in range(5):
                self.Registration._book(
                    self._shift(datetime(2026, 5, 1 + index, 9)), self._member(f"M{index}")
                )
            member = self._member("Counted")
            shift = self._shift(datetime(2026, 5, 20, 9))
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(25):
                self.Registration._book(shift, member)

    def test_seats_per_task(self):
        till = self.env["coop.shift.type"].create({"name": "Till"})
        stocking = self.env["coop.shift.type"].create({"name": "Stocking"})
        team = self._template(seats=3)
        self.env["coop.shift.template.seat"].create(
            {"template_id": team.id, "shift_type_id": till.id, "seats": 1}
        )
        with self.assertRaisesRegex(ValidationError, "has 3 seats; 4 are reserved"):
            self.env["coop.shift.template.seat"].create(
                {"template_id": team.id, "shift_type_id": stocking.id, "seats": 3}
            )
        shift = self._shift(datetime(2026, 3, 19, 18), seats=3, template_id=team.id)
        with self.frozen():
            first = self.Registration._book(shift, self.alice, shift_type=till)
            self.assertEqual(first.shift_type_id, till)
            with self.assertRaisesRegex(UserError, "No seat left for Till"):
                self.Registration._book(shift, self.flyer, shift_type=till)
            self.Registration._book(shift, self.flyer, shift_type=stocking)
        self.assertEqual(shift.seats_available, 1)

    # ------------------------------------------------------------ the predicates pages ask

    def test_one_deadline_for_cancelling_and_swapping(self):
        """Shift at 09:00 on 14 March, 24 hours' notice: in time until 09:00 on the 13th."""
        with self.frozen():
            booking = self.Registration._book(self.shift, self.alice)
        team = self.Registration.create(
            {"shift_id": self.shift.id, "partner_id": self.flyer.id, "kind": "team"}
        )
        self.assertEqual(booking._cancel_deadline(), datetime(2026, 3, 13, 9))
        for moment, expected in (
            (datetime(2026, 3, 13, 9), True),
            (datetime(2026, 3, 13, 10), False),
        ):
            with self.subTest(moment=moment), self.frozen(moment):
                self.assertEqual(booking._can_cancel_booking(), expected)
                self.assertEqual(booking._can_offer(), expected)
                self.assertEqual(team._can_offer(), expected)
                self.assertFalse(
                    team._can_cancel_booking(), "a team shift is swapped, not cancelled"
                )
                in_time = self.Shift.search(
                    [
                        ("id", "=", self.shift.id),
                        *self.Registration._coop_in_time_domain(self.company),
                    ]
                )
                self.assertEqual(bool(in_time), expected, "the same deadline for a list")
        with self.frozen(datetime(2026, 3, 13, 10)):
            self.assertRegex(booking._cancel_booking_refusal(), "Too late to cancel")
            self.assertRegex(booking._swap_refusal(), "Too late to swap")
        with self.frozen():
            self.env["coop.shift.swap"]._offer(booking)
            self.assertFalse(booking._can_offer(), "offered already")
            self.assertFalse(booking._can_cancel_booking(), "offered: withdraw the offer first")

    def test_already_on_this_shift_is_one_rule(self):
        """Booking, taking a swap and adding a walk-in at the door ask the same question."""
        with self.frozen():
            booking = self.Registration._book(self.shift, self.alice)
        self.assertEqual(self.Registration._coop_on_shift(self.shift, self.alice), booking)
        self.assertFalse(self.Registration._coop_on_shift(self.shift, self.flyer))
        with self.assertRaisesRegex(UserError, "Alice is already on"):
            self.Registration._check_not_on_shift(self.shift, self.alice)
        with self.assertRaisesRegex(UserError, "The other member is already on"):
            self.Registration._check_not_on_shift(self.shift, self.alice, anonymous=True)
        booking.state = "cancelled"
        self.assertFalse(self.Registration._coop_on_shift(self.shift, self.alice))
        self.Registration._check_not_on_shift(self.shift, self.alice)
        self.assertEqual(
            self.Shift.search(
                [
                    ("id", "=", self.shift.id),
                    (
                        "registration_ids",
                        "not any",
                        self.Registration._coop_on_shift_domain(self.alice),
                    ),
                ]
            ),
            self.shift,
            "a cancelled booking does not keep its person on the shift",
        )
