from odoo.tests import BaseCase, tagged

from odoo.addons.coop_purchase.kernels.orders import Increase, change_to, total


@tagged("post_install", "-at_install")
class TestOrderChanges(BaseCase):
    def test_increases_are_stamped(self):
        incs = change_to([], 3, at=1, seq=1)
        incs = change_to(incs, 5, at=2, seq=2)
        self.assertEqual(incs, [Increase(1, 1, 3), Increase(2, 2, 2)])
        self.assertEqual([inc.amount for inc in incs], [3, 2])
        self.assertEqual(total(incs), 5)

    def test_decrease_takes_newest_first(self):
        incs = [Increase(1, 1, 3), Increase(2, 2, 2), Increase(3, 3, 4)]
        lowered = change_to(incs, 4, at=9, seq=9)
        self.assertEqual([(i.at, i.amount) for i in lowered], [(1, 3), (2, 1)])
        self.assertEqual(change_to(incs, 0, at=9, seq=9), [])
        self.assertEqual(change_to(incs, 9, at=9, seq=9), sorted(incs))

    def test_equal_times_keep_the_order_of_changes(self):
        incs = change_to([], 1, at=5, seq=2)
        incs = change_to(incs, 2, at=5, seq=1)
        self.assertEqual([i.seq for i in sorted(incs)], [1, 2])

    def test_negative_refused(self):
        with self.assertRaises(ValueError):
            change_to([], -1, at=1, seq=1)

    def test_many_changes_keep_the_total(self):
        incs = []
        for step, target in enumerate([3, 7, 2, 2, 9, 0, 4, 5, 1]):
            incs = change_to(incs, target, at=step, seq=step)
            self.assertEqual(total(incs), target)
            self.assertTrue(all(inc.amount > 0 for inc in incs))
