"""A small, bounded run of bin/loadtest: a 30-member co-op, three members on their phones,
one till, the door sheet and the round's close, for half a minute against a two-worker
Odoo, with the database taken away for three seconds after the close (every connection cut,
new ones refused, as a restart of PostgreSQL does). Then the checks themselves are checked:
on a copy of the database, each invariant is broken on purpose and the checker must say so.
"""

import json
import os
import pathlib
import re
import signal
import subprocess
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DB = os.environ.get("COOP_LOADTEST_DB") or os.environ.get("COOP_TEST_DB", "coop_test") + "_load"
RUN = [
    *("--members", "30", "--users", "3", "--tills", "1", "--duration", "30s"),
    *("--workers", "2", "--spawn-rate", "10", "--fresh-logins", "1", "--no-template", "--db", DB),
    *("--db-outage", "cut:3"),
]
# The outage comes after the door (a fifth in) and the close (half-way), which must succeed.
OUTAGE_AT = "0.7"
# Every member opens each page and saves a basket on arrival; the till, the door and the
# staff's close happen at fixed moments: each of these must have been exercised.
MUST_RUN = (
    "GET /my",
    "GET /my/membership",
    "GET /my/shifts",
    "GET /my/group-orders",
    "GET /my/group-orders/[round]",
    "POST /my/group-orders/[round]",
    "POST /web/login",
    "till: open session",
    "till: scan card",
    "till: check sale",
    "till: sync_from_ui (1 order)",
    "door: scan card",
    "door: validate sheet",
    "staff: close round",
)


def _bash(script, check=True, timeout=600):
    result = subprocess.run(
        ["bash", "-c", f'source "{ROOT}/bin/_lib.sh" && {script}'],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode:
        raise AssertionError(f"{script} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


class TestLoadTestSmall(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        _bash(f"dropdb --if-exists {DB}")
        cls.folder = tempfile.mkdtemp(prefix="coop-loadtest-test.")
        cls.output = os.path.join(cls.folder, "results.json")
        # Its own session, so that a timeout stops bin/loadtest, whose trap stops the server.
        process = subprocess.Popen(
            [str(ROOT / "bin" / "loadtest"), *RUN, "--output", cls.output],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            env={**os.environ, "LOADTEST_OUTAGE_AT": OUTAGE_AT},
        )
        try:
            cls.log, _ = process.communicate(timeout=1500)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            cls.log, _ = process.communicate(timeout=120)
        cls.status = process.returncode
        found = re.search(r"^Run folder: (.+)$", cls.log, re.MULTILINE)
        cls.run_folder = found.group(1) if found else None
        cls.results = None
        if os.path.exists(cls.output):
            with open(cls.output) as handle:
                cls.results = json.load(handle)

    @classmethod
    def tearDownClass(cls):
        if not os.environ.get("COOP_LOADTEST_KEEP"):
            _bash(f"dropdb --if-exists {DB}; dropdb --if-exists {DB}_broken", check=False)

    def test_the_run_passes_and_stops_by_itself(self):
        self.assertEqual(self.status, 0, self.log[-5000:])
        self.assertIsNotNone(self.results, self.log[-3000:])
        for name, verdict in self.results["invariants"].items():
            self.assertTrue(verdict["ok"], f"{name}: {verdict['problems']}")
        # No server left behind: nothing listens on the run's database any more.
        left = _bash(
            f"psql -d postgres -Atc \"SELECT count(*) FROM pg_stat_activity WHERE datname = '{DB}'\""
        )
        self.assertEqual(left.stdout.strip(), "0")

    def test_the_database_went_away_and_nothing_was_lost(self):
        """The run above passed with its invariants; here, that the outage really happened:
        the open connections of Odoo's workers (idle ones are kept in its pool) were cut."""
        self.assertIsNotNone(self.results, self.log[-3000:])
        outage = self.results["outage"]
        self.assertTrue(outage, "no outage in the run")
        self.assertEqual(outage["status"], 0, outage["output"])
        self.assertEqual(outage["mode"], "cut")
        self.assertGreaterEqual(outage["to_s"] - outage["from_s"], 3)
        self.assertGreaterEqual(int(outage["output"].split()[-1]), 1, outage["output"])
        self.assertIn("database away (cut)", self.log)

    def test_every_endpoint_ran_without_unexpected_errors(self):
        self.assertIsNotNone(self.results, self.log[-3000:])
        by_name = {row["endpoint"]: row for row in self.results["endpoints"]}
        for name in MUST_RUN:
            self.assertIn(name, by_name, f"{name} never ran")
            self.assertGreater(by_name[name]["requests"], 0, name)
        for row in self.results["endpoints"]:
            self.assertEqual(row["errors"], 0, f"{row['endpoint']}: {self.results['unexpected']}")
            self.assertGreater(row["p95_ms"], 0, row["endpoint"])
        self.assertEqual(self.results["errors"], 0, self.results["crashes"])
        facts = self.results["facts"]
        self.assertGreater(facts["till_orders_sent"], 0)
        self.assertGreater(facts["basket_saves_acknowledged"], 0)
        self.assertTrue(facts["round_closed_at"])
        self.assertTrue(facts["door_sheet_validated_at"])

    def test_the_checks_catch_what_they_claim(self):
        """On a copy of the database, break each invariant: the checker must fail loudly."""
        self.assertTrue(self.run_folder, self.log[-3000:])
        with open(os.path.join(self.run_folder, "plan.json")) as handle:
            plan = json.load(handle)
        with open(os.path.join(self.run_folder, "journal.json")) as handle:
            journal = json.load(handle)
        partner = int(plan["member_logins"][0].rsplit(".", 1)[1])
        sent = journal["tills"][plan["tills"][0]["login"]][0][0]
        broken = f"{DB}_broken"
        _bash(f"dropdb --if-exists {broken} && createdb -T {DB} {broken}")
        _bash(
            f"""psql -d {broken} -v ON_ERROR_STOP=1 -q <<'SQL'
UPDATE coop_shift SET seats = 1 WHERE id = {plan["door_shift_id"]};
CREATE TEMP TABLE twice AS SELECT * FROM pos_order WHERE uuid = '{sent}';
UPDATE twice SET id = nextval('pos_order_id_seq');
INSERT INTO pos_order SELECT * FROM twice;
UPDATE coop_purchase_member_line SET quantity_log = '[["2999-01-01T00:00:00", 1, 1]]'
 WHERE id = (SELECT min(l.id) FROM coop_purchase_member_line l
               JOIN coop_purchase_member_order o ON o.id = l.order_id
              WHERE o.round_id = {plan["round_id"]});
UPDATE res_partner SET coop_shift_flying_points = coop_shift_flying_points + 1
 WHERE id = {partner};
SQL"""
        )
        result = subprocess.run(
            [
                "python3",
                str(ROOT / "tests" / "loadtest" / "check.py"),
                *("--run", self.run_folder, "--db", broken),
                *("--output", os.path.join(self.folder, "broken.json")),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        for line in (
            "BROKEN no shift over its seats",
            "BROKEN every order a till sent is there exactly once, paid once",
            "BROKEN no basket line lost, double-counted or changed after the close",
            "BROKEN points ledger sums equal the stored counters",
        ):
            self.assertIn(line, result.stdout)
        self.assertIn("ok     the door sheet validated once", result.stdout)
