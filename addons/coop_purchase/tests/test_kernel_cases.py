from odoo.tests import BaseCase, tagged

from odoo.addons.coop_purchase.kernels.cases import cases_to_order


@tagged("post_install", "-at_install")
class TestCases(BaseCase):
    def test_full_cases_only(self):
        self.assertEqual(cases_to_order(12, 0, 6), (2, 12))
        self.assertEqual(cases_to_order(13, 0, 6), (2, 12))
        self.assertEqual(cases_to_order(5, 0, 6), (0, 0))

    def test_tolerance_completes_the_last_case(self):
        self.assertEqual(cases_to_order(13, 5, 6), (3, 18))
        self.assertEqual(cases_to_order(13, 4, 6), (2, 12))
        self.assertEqual(cases_to_order(4, 2, 6), (1, 6))

    def test_tolerance_never_opens_a_case_alone(self):
        self.assertEqual(cases_to_order(0, 50, 6), (0, 0))
        self.assertEqual(cases_to_order(12, 6, 6), (2, 12), "no remainder: no extra case")

    def test_weight_is_not_rounded(self):
        self.assertEqual(cases_to_order(7, 3, 6, by_weight=True), (0, 7))

    def test_minimum_order_quantity(self):
        self.assertEqual(cases_to_order(6, 0, 6, min_order_units=12), (0, 0))
        self.assertEqual(cases_to_order(6, 6, 6, min_order_units=12), (2, 12))
        self.assertEqual(cases_to_order(18, 0, 6, min_order_units=12), (3, 18))
        self.assertEqual(cases_to_order(3, 0, 1, by_weight=True, min_order_units=5), (0, 0))
        self.assertEqual(cases_to_order(3, 2, 1, by_weight=True, min_order_units=5), (0, 5))

    def test_exhaustive_properties(self):
        for case in range(1, 13):
            for quantity in range(40):
                for tolerance in range(15):
                    cases, units = cases_to_order(quantity, tolerance, case)
                    self.assertEqual(units, cases * case)
                    self.assertLessEqual(units, quantity + tolerance)
                    self.assertGreaterEqual(units, quantity - quantity % case)
                    self.assertLess(units - quantity, case)

    def test_bad_input(self):
        with self.assertRaises(ValueError):
            cases_to_order(-1, 0, 6)
        with self.assertRaises(ValueError):
            cases_to_order(1, 0, 0)
