import itertools
import math
import random

from odoo.tests import BaseCase, tagged

from odoo.addons.coop_purchase.kernels.apportion import largest_remainder
from odoo.addons.coop_purchase.kernels.money import split_cents


@tagged("post_install", "-at_install")
class TestApportion(BaseCase):
    def test_examples(self):
        self.assertEqual(largest_remainder(10, {"a": 1, "b": 1, "c": 1}), {"a": 4, "b": 3, "c": 3})
        self.assertEqual(largest_remainder(7, {"a": 5, "b": 2}), {"a": 5, "b": 2})
        self.assertEqual(largest_remainder(3, {"a": 1, "b": 2}), {"a": 1, "b": 2})
        # a tie goes to the lower rank, not to the first key
        self.assertEqual(
            largest_remainder(1, {"a": 1, "b": 1}, rank={"a": 2, "b": 1}), {"a": 0, "b": 1}
        )

    def test_properties_over_many_cases(self):
        """Shares add up, and each is its exact share rounded down or up."""
        rng = random.Random(7)
        for _case in range(2000):
            keys = [f"k{i}" for i in range(rng.randint(1, 8))]
            weights = {key: rng.choice([0, 1, 2, 3, 5, 0.5, 12.25]) for key in keys}
            if not sum(weights.values()):
                continue
            total = rng.randint(-500, 5000)
            shares = largest_remainder(total, weights)
            self.assertEqual(sum(shares.values()), total)
            for key in keys:
                exact = total * weights[key] / sum(weights.values())
                self.assertIn(shares[key], (math.floor(exact), math.ceil(exact)), (total, weights))

    def test_order_of_keys_breaks_ties_by_default(self):
        for perm in itertools.permutations("abc"):
            shares = largest_remainder(2, dict.fromkeys(perm, 1))
            self.assertEqual(shares[perm[2]], 0, perm)

    def test_split_cents(self):
        self.assertEqual(split_cents(100, {"x": 1, "y": 1, "z": 1}), {"x": 34, "y": 33, "z": 33})
        self.assertEqual(split_cents(5, {"x": 0, "y": 0}), {"x": 3, "y": 2}, "no weight: even")
        self.assertEqual(split_cents(5, {}), {})
        self.assertEqual(split_cents(-10, {"x": 1, "y": 3}), {"x": -2, "y": -8})
