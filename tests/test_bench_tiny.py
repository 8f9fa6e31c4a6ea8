"""The bench at a tiny size, so that the generator and every bench operation keep working.

bin/bench runs it at 20,000 members; here a 30-member co-op is generated into the test
transaction and each operation runs once, with the suite and bare SQL agreeing.
"""

from bench.bench import Bench
from bench.dataset import TINY, generate

from odoo.tests.common import TransactionCase


class TestBenchTiny(TransactionCase):
    # Odoo sets these for tests inside an addon; this one lives beside the addons.
    test_module = "coop_suite"
    test_tags = frozenset({"standard", "post_install"})

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Portal pages are served in-process (no HTTP server needed) on this transaction.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.info = generate(cls.env, TINY, seed=7)
        cls.bench = Bench(cls.env, cls.info, repeats=1)

    def test_dataset_has_the_asked_shape(self):
        Partner = self.env["res.partner"]
        members = Partner.browse(self.info["member_ids"])
        self.assertEqual(len(members), TINY.members)
        self.assertEqual(
            set(members.mapped("coop_membership_state")) - {"former"}, {"member"}, "all members"
        )
        households = Partner.browse(self.info["household_ids"])
        self.assertEqual(set(households.mapped("coop_membership_state")), {"associated"})
        self.assertTrue(all(households.mapped("barcode")), "every household member has a card")
        self.assertEqual(len(self.info["template_ids"]), TINY.templates)
        # Stored counters are what their compute gives from the generated ledger.
        working = members.filtered("coop_is_working")
        stored = {p.id: (p.coop_shift_standard_points, p.coop_shift_alert_since) for p in working}
        working._compute_coop_shift_counters()
        self.assertEqual(
            stored,
            {p.id: (p.coop_shift_standard_points, p.coop_shift_alert_since) for p in working},
        )
        events = self.env["coop.shift.counter.event"].search_count(
            [("partner_id", "in", members.ids)]
        )
        self.assertGreaterEqual(events, TINY.ledger_lines)
        round_ = self.env["coop.purchase.round"].browse(self.info["round_id"])
        self.assertEqual(len(round_.line_ids), TINY.round_products)
        self.assertEqual(len(round_.order_ids), TINY.round_orders)

    def test_same_seed_same_co_op(self):
        """Reproducible: the numbers drawn depend only on the seed."""
        first = [
            p.coop_share_count for p in self.env["res.partner"].browse(self.info["member_ids"])
        ]
        again = generate(self.env, TINY, seed=7)
        second = [p.coop_share_count for p in self.env["res.partner"].browse(again["member_ids"])]
        self.assertEqual(first, second)

    def test_status_of_everyone_agrees_with_sql(self):
        row = self.bench.member_status()
        self.assertTrue(row["agree"], row["detail"])
        self.assertGreater(row["reference_s"], 0)

    def test_shift_generation_agrees_with_sql(self):
        row = self.bench.shift_generation()
        self.assertTrue(row["agree"], row["detail"])
        self.assertGreater(row["queries"], 0)

    def test_round_close_agrees_with_sql(self):
        row = self.bench.round_close()
        self.assertTrue(row["agree"], row["detail"])
        self.assertGreater(row["writes_only_s"], 0)
        self.assertIn("purchase_order_line", row["detail"])

    def test_bare_sql_close_writes_what_the_suite_writes(self):
        """The bench's bare-SQL close works the results out itself: line by line, under
        each policy, they are the suite's."""
        bench = self.bench
        captured = bench._capture_close()
        round_ = self.env["coop.purchase.round"].browse(self.info["round_id"])

        def results():
            lines, member_lines, baskets = bench._round_state()
            # Without the write dates (the two sides take the time differently).
            return [line[:5] for line in lines], [m[:4] for m in member_lines], baskets

        for policy in ("first_come", "proportional", "fair_tolerance"):
            with self.subTest(policy=policy):

                def use_policy(policy=policy):
                    round_.allocation_policy = policy

                _t, _q, suite = bench._once(bench._suite_close, use_policy, results)
                _t, _q, sql = bench._once(bench.sql_close(captured), use_policy, results)
                self.assertEqual(sql[0], suite[0])
                self.assertEqual(sql[1], suite[1])
                self.assertEqual([b[:3] for b in sql[2]], [b[:3] for b in suite[2]])
                self.assertTrue(any(units for _id, _c, units, _d, _u in suite[0]))
                self.assertTrue(all(explanation for _id, _q, explanation, _u in suite[1]))

    def test_door_sheet_marks_everyone(self):
        row = self.bench.door_sheet()
        self.assertNotIn("planned", row["detail"])
        self.assertIn("attended", row["detail"])

    def test_portal_pages_answer(self):
        rows = self.bench.portal_pages()
        self.assertEqual(len(rows), 4)
        for row in rows:
            self.assertTrue(row["agree"], f"{row['operation']}: {row['detail']}")
            self.assertGreater(row["queries"], 0)

    def test_pos_scan_and_check_agree(self):
        row = self.bench.pos_scan()
        self.assertTrue(row["agree"])
