"""One database from buying group to shop: the café's story, run for real.

A fresh database gets the group-order addon only; a buying group runs rounds without
shares (phase 1). Share classes come and participants subscribe (phase 2). Then
``coop_shifts`` and Odoo's Point of Sale are installed into that same database (the till
brings ``coop_membership_pos`` by itself), teams are formed and the till opens (phase 3).
Each phase runs in ``odoo shell`` (tests/growth/phases.py) and reports facts that this test
compares.
"""

import json
import os
import pathlib
import subprocess
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PHASES = ROOT / "tests" / "growth" / "phases.py"
DB = os.environ.get("COOP_GROWTH_DB") or os.environ.get("COOP_TEST_DB", "coop_test") + "_growth"


def _bash(script, **env):
    result = subprocess.run(
        ["bash", "-c", f'source "{ROOT}/bin/_lib.sh" && {script}'],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    if result.returncode:
        raise AssertionError(f"{script} failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result.stdout


def _phase(number):
    out = _bash(
        f'coop_shell {DB} < "{PHASES}"',
        COOP_GROWTH_PHASE=str(number),
    )
    line = next(line for line in out.splitlines() if line.startswith("GROWTH_FACTS "))
    return json.loads(line.removeprefix("GROWTH_FACTS "))


class TestGrowthPath(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        _bash(f"dropdb --if-exists {DB} && coop_create_db {DB} coop_purchase cafe-empty")
        cls.phase_1 = _phase(1)
        cls.phase_2 = _phase(2)
        _bash(f"coop_odoo -d {DB} -i coop_shifts,point_of_sale --stop-after-init --log-level=warn")
        cls.phase_3 = _phase(3)

    @classmethod
    def tearDownClass(cls):
        if not os.environ.get("COOP_GROWTH_KEEP"):
            _bash(f"dropdb --if-exists {DB}")

    def test_phase_1_a_buying_group_without_shares(self):
        facts, standing = self.phase_1["facts"], self.phase_1["standing"]
        self.assertEqual(
            facts["rounds"],
            [
                ["Round 1, invoiced", "settled"],
                ["Round 2, prepaid", "settled"],
                ["Round 3, still open", "open"],
            ],
        )
        self.assertEqual(
            self.phase_1["till"],
            {"point_of_sale": "uninstalled", "coop_membership_pos": "uninstalled"},
            "a buying group has no till",
        )
        for name, person in standing.items():
            self.assertFalse(person["can_shop"], f"{name} holds no share")
            self.assertTrue(person["may_order"], f"{name} is tagged as a participant")
            self.assertEqual(person["member_number"], "")
        self.assertEqual(facts["Ada Baker"]["goods_invoices"][0][3], "paid")
        self.assertEqual(facts["Ben Barista"]["goods_invoices"][0][3], "not_paid")
        # Round 2's invoice is paid from Cleo's top-up at once.
        cleo_invoices = facts["Cleo Pastry"]["goods_invoices"]
        self.assertEqual(len(cleo_invoices), 1)
        self.assertIn(cleo_invoices[0][3], ("paid", "in_payment"))
        self.assertAlmostEqual(
            facts["Cleo Pastry"]["prepaid_balance"], 30.0 - cleo_invoices[0][2], "round 2"
        )
        # Eve, not in round 2, still owes her round 1 invoice: her balance says so.
        eve_invoices = facts["Eve Cashier"]["goods_invoices"]
        self.assertEqual([invoice[3] for invoice in eve_invoices], ["not_paid"])
        self.assertAlmostEqual(facts["Eve Cashier"]["prepaid_balance"], 30.0 - eve_invoices[0][2])

    def test_phase_2_subscribing_keeps_the_history(self):
        self.assertEqual(self.phase_2["facts"], self.phase_2["facts_before"])
        self.assertEqual(self.phase_2["facts"], self.phase_1["facts"])
        standing = self.phase_2["standing"]
        for name in ("Ada Baker", "Ben Barista", "Cleo Pastry", "Dev Porter"):
            self.assertEqual(standing[name]["status"], "member")
            self.assertTrue(standing[name]["can_shop"])
            self.assertTrue(standing[name]["may_order"])
            self.assertTrue(standing[name]["member_number"])
        # With share classes, the membership rule decides who orders, not the tag.
        for name in ("Eve Cashier", "Finn Driver"):
            self.assertFalse(standing[name]["can_shop"])
            self.assertFalse(standing[name]["may_order"])

    def test_phase_3_shifts_installed_nobody_suspended(self):
        self.assertEqual(self.phase_3["facts"], self.phase_1["facts"])
        before = self.phase_2["standing"]
        for moment in ("standing", "standing_in_teams"):
            after = self.phase_3[moment]
            for name, person in before.items():
                for key in ("can_shop", "may_order", "member_number"):
                    self.assertEqual(after[name][key], person[key], f"{moment}: {name} {key}")
                # Members' standing is now read from their shifts too: up to date, not suspended.
                expected = "up_to_date" if person["status"] == "member" else person["status"]
                self.assertEqual(after[name]["status"], expected, f"{moment}: {name}")
        self.assertGreater(self.phase_3["registrations"], 0)

    def test_phase_3_the_till_enforces_the_rule(self):
        self.assertEqual(
            self.phase_3["till"], {"point_of_sale": "installed", "coop_membership_pos": "installed"}
        )
        pos = self.phase_3["pos"]
        for name in ("Ada Baker", "Ben Barista", "Cleo Pastry", "Dev Porter"):
            self.assertEqual(pos[name], "sold")
        for name in ("Eve Cashier", "Finn Driver"):
            self.assertTrue(pos[name].startswith("refused:"), pos[name])
            self.assertIn(name, pos[name])
