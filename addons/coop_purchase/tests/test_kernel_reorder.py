import random

from odoo.tests import BaseCase, tagged

from ..kernels.reorder import reorder_units


@tagged("post_install", "-at_install")
class TestReorderKernel(BaseCase):
    def test_covers_the_target_in_whole_cases(self):
        # 56 sold in 28 days: 2 a day; 14 days of cover need 28; 5 on hand, 3 coming.
        self.assertEqual(reorder_units(56, 28, 5, 3, 14, case_size=6), (24, 4))

    def test_enough_stock_orders_nothing(self):
        self.assertEqual(reorder_units(56, 28, 20, 8, 14, case_size=6), (0, 0))
        self.assertEqual(reorder_units(56, 28, 40, 0, 14, case_size=6), (0, 0))

    def test_no_sales_orders_nothing(self):
        self.assertEqual(reorder_units(0, 28, 0, 0, 14, case_size=6), (0, 0))

    def test_negative_stock_is_made_up(self):
        # Sold past zero: the shortfall is part of the need.
        self.assertEqual(reorder_units(28, 28, -4, 0, 7, case_size=1), (11, 11))

    def test_minimum_order_applies_only_when_ordering(self):
        self.assertEqual(reorder_units(28, 28, 0, 0, 2, case_size=6, min_units=24), (24, 4))
        self.assertEqual(reorder_units(28, 28, 5, 0, 2, case_size=6, min_units=24), (0, 0))

    def test_exact_cases_are_not_rounded_up(self):
        self.assertEqual(reorder_units(84, 28, 0, 0, 4, case_size=6), (12, 2))

    def test_bad_parameters(self):
        for args, kwargs in (
            ((10, 0, 0, 0, 7), {}),
            ((10, 7, 0, 0, -1), {}),
            ((10, 7, 0, 0, 7), {"case_size": 0}),
            ((10, 7, 0, 0, 7), {"min_units": -1}),
        ):
            with self.assertRaises(ValueError):
                reorder_units(*args, **kwargs)

    def test_properties(self):
        """Never short of the target, never a whole case more than needed."""
        rng = random.Random(7)
        for _ in range(2000):
            sold, days = rng.randint(0, 500), rng.randint(1, 90)
            on_hand, incoming = rng.randint(-20, 200), rng.randint(0, 100)
            cover, case = rng.randint(0, 60), rng.randint(1, 24)
            units, cases = reorder_units(sold, days, on_hand, incoming, cover, case_size=case)
            need = sold / days * cover - on_hand - incoming
            self.assertEqual(units, cases * case)
            if need <= 0:
                self.assertEqual(units, 0)
            else:
                self.assertGreaterEqual(units + 1e-9, need)
                self.assertLess(units - case, need)
