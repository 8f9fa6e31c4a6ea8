from odoo.tests import BaseCase, tagged

from odoo.addons.coop_assembly import kernel


@tagged("post_install", "-at_install")
class TestKernel(BaseCase):
    def test_quorum_is_rounded_up(self):
        cases = [
            # (eligible, percent, minimum, required)
            (100, 20, 0, 20),
            (11, 20, 0, 3),
            (10, 20, 0, 2),
            (10, 25, 0, 3),
            (3, 50, 0, 2),
            (0, 20, 0, 0),
            (7, 0, 0, 0),
            (20000, 25, 0, 5000),
            (20001, 25, 0, 5001),
        ]
        for eligible, percent, minimum, required in cases:
            with self.subTest(eligible=eligible, percent=percent):
                self.assertEqual(kernel.quorum_required(eligible, percent, minimum), required)

    def test_quorum_minimum_and_ceiling(self):
        self.assertEqual(kernel.quorum_required(10, 10, 5), 5, "the minimum wins")
        self.assertEqual(kernel.quorum_required(100, 10, 5), 10, "the share wins")
        self.assertEqual(kernel.quorum_required(4, 10, 50), 4, "never more than everyone")
        self.assertEqual(kernel.quorum_required(10, 100, 0), 10)
        with self.assertRaises(ValueError):
            kernel.quorum_required(-1, 20)

    def test_simple_majority(self):
        for votes_for, against, adopted in [
            (1, 0, True),
            (0, 0, False),
            (5, 5, False),
            (6, 5, True),
            (5, 6, False),
            (0, 1, False),
        ]:
            with self.subTest(votes_for=votes_for, against=against):
                self.assertIs(kernel.is_adopted(votes_for, against, kernel.SIMPLE), adopted)

    def test_two_thirds(self):
        for votes_for, against, adopted in [
            (2, 1, True),  # exactly two thirds
            (3, 2, False),
            (66, 34, False),
            (67, 33, True),
            (1, 0, True),
            (0, 0, False),
            (200, 100, True),
            (199, 100, False),
        ]:
            with self.subTest(votes_for=votes_for, against=against):
                self.assertIs(kernel.is_adopted(votes_for, against, kernel.TWO_THIRDS), adopted)

    def test_outcome(self):
        self.assertEqual(kernel.outcome(10, 0, kernel.SIMPLE, False), "no_quorum")
        self.assertEqual(kernel.outcome(10, 0, kernel.SIMPLE, True), "adopted")
        self.assertEqual(kernel.outcome(3, 2, kernel.TWO_THIRDS, True), "rejected")
        with self.assertRaises(ValueError):
            kernel.is_adopted(1, 0, "unanimity")
        with self.assertRaises(ValueError):
            kernel.is_adopted(-1, 0, kernel.SIMPLE)
