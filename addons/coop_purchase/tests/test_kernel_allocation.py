import itertools
import random

from odoo.tests import BaseCase, tagged

from odoo.addons.coop_purchase.kernels.allocation import Line, allocate
from odoo.addons.coop_purchase.kernels.orders import Increase

POLICIES = ("first_come", "proportional", "fair_tolerance")


def line(key, *quantities, tolerance=()):
    """quantities and tolerance as (time, amount) pairs."""
    return Line(
        key,
        tuple(Increase(at, i, amount) for i, (at, amount) in enumerate(quantities)),
        tuple(Increase(at, 100 + i, amount) for i, (at, amount) in enumerate(tolerance)),
    )


def units(result):
    return {key: value[0] for key, value in result.items()}


@tagged("post_install", "-at_install")
class TestFirstCome(BaseCase):
    def test_case_of_six_filled_by_tolerance(self):
        # Ann 4 (+2 tolerance) at 9:00, Ben 1 at 10:00: one case of 6 is ordered.
        lines = [line("ann", (9, 4), tolerance=[(9, 2)]), line("ben", (10, 1))]
        self.assertEqual(units(allocate(lines, 6, "first_come")), {"ann": 5, "ben": 1})

    def test_short_delivery_serves_the_earliest(self):
        lines = [line("ann", (1, 3)), line("ben", (2, 3)), line("cat", (3, 3))]
        self.assertEqual(units(allocate(lines, 7, "first_come")), {"ann": 3, "ben": 3, "cat": 1})

    def test_an_increase_goes_to_the_back_of_the_queue(self):
        # Ann first asked 2 at t=1, then 2 more at t=5; Ben asked 3 at t=2.
        lines = [line("ann", (1, 2), (5, 2)), line("ben", (2, 3))]
        self.assertEqual(units(allocate(lines, 5, "first_come")), {"ann": 2, "ben": 3})

    def test_tolerance_after_all_quantities(self):
        lines = [line("ann", (1, 1), tolerance=[(1, 5)]), line("ben", (9, 4))]
        self.assertEqual(units(allocate(lines, 6, "first_come")), {"ann": 2, "ben": 4})


@tagged("post_install", "-at_install")
class TestProportional(BaseCase):
    def test_shortfall_shared_by_largest_remainder(self):
        lines = [line("ann", (1, 6)), line("ben", (2, 3)), line("cat", (3, 3))]
        self.assertEqual(units(allocate(lines, 8, "proportional")), {"ann": 4, "ben": 2, "cat": 2})

    def test_ties_go_to_who_asked_first(self):
        lines = [line("ann", (1, 1)), line("ben", (2, 1)), line("cat", (3, 1))]
        self.assertEqual(units(allocate(lines, 2, "proportional")), {"ann": 1, "ben": 1, "cat": 0})


@tagged("post_install", "-at_install")
class TestFairTolerance(BaseCase):
    def test_tolerance_spread_evenly(self):
        lines = [
            line("ann", (1, 2), tolerance=[(1, 6)]),
            line("ben", (2, 2), tolerance=[(2, 6)]),
            line("cat", (3, 2), tolerance=[(3, 1)]),
        ]
        # 12 units: 6 firm, 6 of tolerance: Cat's 1, then Ann and Ben share 5 (earlier gets the odd one).
        self.assertEqual(
            units(allocate(lines, 12, "fair_tolerance")), {"ann": 5, "ben": 4, "cat": 3}
        )
        first_come = units(allocate(lines, 12, "first_come"))
        self.assertEqual(
            first_come, {"ann": 8, "ben": 2, "cat": 2}, "first come gives Ann all the extra"
        )

    def test_members_without_tolerance_keep_their_place_out_of_the_spread(self):
        # Dan asked first but has no tolerance; Eve asked before Fay. 3 spare units over
        # 4 of tolerance: Eve and Fay get 1 each, and the odd one goes to Eve, earlier.
        lines = [
            line("dan", (1, 2)),
            line("fay", (5, 2), tolerance=[(5, 2)]),
            line("eve", (3, 2), tolerance=[(3, 2)]),
            line("gus", (4, 1)),
        ]
        self.assertEqual(
            units(allocate(lines, 10, "fair_tolerance")),
            {"dan": 2, "eve": 4, "fay": 3, "gus": 1},
        )
        # All the tolerance fits: everyone gets everything, whatever their place.
        self.assertEqual(
            units(allocate(lines, 11, "fair_tolerance")),
            {"dan": 2, "eve": 4, "fay": 4, "gus": 1},
        )


@tagged("post_install", "-at_install")
class TestEveryPolicy(BaseCase):
    def test_explanations(self):
        lines = [line("ann", (1, 4), tolerance=[(1, 2)]), line("ben", (2, 3))]
        result = allocate(lines, 6, "first_come")
        self.assertEqual(result["ann"][1], ("all", {"quantity": 4}))
        self.assertEqual(
            result["ben"][1], ("short_first_come", {"given": 2, "quantity": 3, "short": 1})
        )
        extra = allocate([line("cat", (1, 4), tolerance=[(1, 3)])], 6, "first_come")
        self.assertEqual(
            extra["cat"][1], ("with_extra", {"quantity": 4, "extra": 2, "tolerance": 3})
        )
        short = allocate(lines, 4, "proportional")
        self.assertEqual(short["ben"][1][0], "short_proportional")

    def test_bad_input(self):
        with self.assertRaises(ValueError):
            allocate([], 1, "lottery")
        with self.assertRaises(ValueError):
            allocate([], -1, "first_come")

    def test_properties_on_random_rounds(self):
        rng = random.Random(473)
        for _round in range(300):
            lines = []
            clock = itertools.count()
            for key in range(rng.randint(0, 12)):
                quantities = [(next(clock), rng.randint(1, 5)) for _ in range(rng.randint(0, 3))]
                tolerance = [(next(clock), rng.randint(1, 4)) for _ in range(rng.randint(0, 2))]
                lines.append(line(key, *quantities, tolerance=tolerance))
            wanted = sum(l.quantity for l in lines)
            wanted_max = wanted + sum(l.tolerance for l in lines)
            available = rng.randint(0, wanted_max + 5)
            for policy in POLICIES:
                result = units(allocate(lines, available, policy))
                self.assertLessEqual(sum(result.values()), available)
                self.assertEqual(sum(result.values()), min(available, wanted_max), policy)
                for l in lines:
                    self.assertLessEqual(result[l.key], l.quantity + l.tolerance, policy)
                    self.assertGreaterEqual(result[l.key], 0)
                    if available >= wanted:
                        self.assertGreaterEqual(
                            result[l.key], l.quantity, "firm quantities come first"
                        )

    def test_histories_as_json_gives_them_allocate_alike(self):
        # A close hands the kernel its histories as JSON parses them, [at, seq, amount]
        # lists; a rule that read them differently from `Increase` tuples would move
        # members in the queue. Also the two kinds given together in one line.
        rng = random.Random(91)
        for _round in range(200):
            clock = itertools.count()
            as_tuples, as_lists, mixed = [], [], []
            for key in range(rng.randint(1, 10)):
                firm = tuple(
                    Increase(rng.randint(0, 4), next(clock), rng.randint(1, 5))
                    for _ in range(rng.randint(0, 3))
                )
                extra = tuple(
                    Increase(rng.randint(0, 4), next(clock), rng.randint(1, 4))
                    for _ in range(rng.randint(0, 2))
                )
                lists = ([list(i) for i in firm], [list(i) for i in extra])
                as_tuples.append(Line(key, firm, extra))
                as_lists.append(Line(key, *lists))
                mixed.append(Line(key, firm, lists[1]))
            wanted = sum(l.quantity + l.tolerance for l in as_tuples)
            available = rng.randint(0, wanted + 3)
            for policy in POLICIES:
                expected = allocate(as_tuples, available, policy)
                self.assertEqual(allocate(as_lists, available, policy), expected, policy)
                self.assertEqual(allocate(mixed, available, policy), expected, policy)
