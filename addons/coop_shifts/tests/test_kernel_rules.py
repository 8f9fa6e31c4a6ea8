from datetime import date, timedelta

from odoo.tests import BaseCase, tagged

from odoo.addons.coop_shifts.kernels import rules

R = rules.PointRules()
D = date(2026, 3, 1)


@tagged("post_install", "-at_install")
class TestPointsKernel(BaseCase):
    def test_team_points(self):
        self.assertEqual(rules.points_for("team", "absent", R), ("standard", -2))
        self.assertEqual(rules.points_for("team", "excused", R), ("standard", -1))
        self.assertEqual(rules.points_for("team", "attended", R), ("standard", 0))
        self.assertEqual(rules.points_for("team", "planned", R), (None, 0))
        self.assertEqual(rules.points_for("team", "waived", R), (None, 0))

    def test_makeup_and_flying_points(self):
        self.assertEqual(rules.points_for("makeup", "attended", R), ("standard", 1))
        self.assertEqual(rules.points_for("makeup", "absent", R), ("standard", 0))
        self.assertEqual(rules.points_for("flying", "attended", R), ("flying", 1))
        self.assertEqual(rules.points_for("flying", "absent", R), ("flying", -1))
        self.assertEqual(rules.points_for("flying", "excused", R), ("flying", 0))
        with self.assertRaises(ValueError):
            rules.points_for("other", "attended", R)

    def test_rules_are_parameters(self):
        bees = rules.PointRules(team_absent=-1, team_excused=0)
        self.assertEqual(rules.points_for("team", "absent", bees), ("standard", -1))
        self.assertEqual(rules.points_for("team", "excused", bees), ("standard", 0))

    def test_standard_counter_never_above_zero(self):
        self.assertEqual(rules.capped_standard_delta(-3, 1), 1)
        self.assertEqual(rules.capped_standard_delta(-1, 2), 1)
        self.assertEqual(rules.capped_standard_delta(0, 1), 0)
        self.assertEqual(rules.capped_standard_delta(0, -2), -2)
        for balance in range(-6, 1):
            for delta in range(-3, 4):
                self.assertLessEqual(
                    balance + rules.capped_standard_delta(balance, delta), max(0, balance)
                )

    def test_alert_start(self):
        self.assertIsNone(rules.alert_start([]))
        self.assertEqual(rules.alert_start([(D, -2)]), D)
        later = D + timedelta(days=10)
        self.assertEqual(rules.alert_start([(D, -2), (later, -1)]), D, "still negative: same start")
        self.assertIsNone(rules.alert_start([(D, -2), (later, 2)]))
        again = later + timedelta(days=5)
        self.assertEqual(rules.alert_start([(D, -2), (later, 2), (again, -1)]), again)

    def test_consecutive_absences(self):
        self.assertEqual(rules.consecutive_team_absences([]), 0)
        self.assertEqual(
            rules.consecutive_team_absences([("team", "absent"), ("team", "absent")]), 2
        )
        self.assertEqual(
            rules.consecutive_team_absences(
                [("team", "absent"), ("makeup", "attended"), ("team", "absent")]
            ),
            1,
        )
        self.assertEqual(
            rules.consecutive_team_absences(
                [("team", "absent"), ("team", "excused"), ("team", "absent")]
            ),
            2,
        )
        self.assertTrue(rules.should_unsubscribe(0, 2, R))
        self.assertTrue(rules.should_unsubscribe(-4, 0, R))
        self.assertFalse(rules.should_unsubscribe(-3, 1, R))


@tagged("post_install", "-at_install")
class TestStatusKernel(BaseCase):
    def status(self, today, **kw):
        kw.setdefault("mode", "team")
        kw.setdefault("counter", 0)
        return rules.shift_status(today, **kw)

    def test_up_to_date(self):
        self.assertEqual(self.status(D), ("up_to_date", None))
        self.assertEqual(self.status(D, counter=2, mode="flying"), ("up_to_date", None))

    def test_alert_then_suspended_on_the_day(self):
        since = D
        end = D + timedelta(days=28)
        self.assertEqual(self.status(D, counter=-2, alert_since=since), ("alert", end))
        self.assertEqual(
            self.status(end - timedelta(days=1), counter=-2, alert_since=since), ("alert", end)
        )
        self.assertEqual(self.status(end, counter=-2, alert_since=since), ("suspended", end))

    def test_extension(self):
        end = D + timedelta(days=28)
        until = end + timedelta(days=10)
        self.assertEqual(
            self.status(end, counter=-1, alert_since=D, extension_until=until), ("delay", end)
        )
        self.assertEqual(
            self.status(
                until + timedelta(days=1), counter=-1, alert_since=D, extension_until=until
            ),
            ("suspended", end),
        )

    def test_leave_exempt_and_unsubscribed(self):
        self.assertEqual(self.status(D, counter=-5, on_leave=True)[0], "on_leave")
        self.assertEqual(self.status(D, on_leave=True, leave_exempts=True)[0], "exempted")
        self.assertEqual(self.status(D, mode="exempt", counter=-9)[0], "exempted")
        self.assertEqual(self.status(D, unsubscribed=True)[0], "unsubscribed")

    def test_alert_length_is_a_parameter(self):
        self.assertEqual(
            self.status(D + timedelta(days=10), counter=-1, alert_since=D, alert_days=10)[0],
            "suspended",
        )
