"""Upgrading a database whose prepaid money was kept in the old ledger.

A database is made with the addons as they were before prepaid accounts moved into
accounting (taken from git: the merge-base of HEAD with BEFORE, main's head at the time). A
buying group tops up, settles a prepaid round and corrects a few lines in the old ledger
(tests/ledger_migration/before.py). The database is then upgraded with this code
(``-u coop_purchase``) and what the books say is compared with what the ledger said
(tests/ledger_migration/after.py). A second upgrade changes nothing.

Needs the git history of the repository (a full clone, as CI makes); without it the test
fails and says so.
"""

import json
import os
import pathlib
import subprocess
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "ledger_migration"
# main's head when prepaid accounts moved into accounting: its addons keep the old ledger.
BEFORE = "073bcc3415d3d947bdfc5441d06737c3919a0c8b"
DB = os.environ.get("COOP_MIGRATION_DB") or (
    os.environ.get("COOP_TEST_DB", "coop_test") + "_ledger_migration"
)


def _bash(script, root):
    """Runs `script` with the bin/_lib.sh of `root`: its addons, its odoo.conf."""
    result = subprocess.run(
        ["bash", "-c", f'source "{root}/bin/_lib.sh" && {script}'],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise AssertionError(f"{script} failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result.stdout


def _facts(root, script):
    out = _bash(f'coop_shell {DB} < "{SCRIPTS / script}"', root)
    line = next((line for line in out.splitlines() if line.startswith("LEDGER_FACTS ")), None)
    if line is None:
        raise AssertionError(f"{script} printed no facts:\n{out[-3000:]}")
    return json.loads(line.removeprefix("LEDGER_FACTS "))


def _git(*args):
    try:
        # A checkout owned by another user (a mounted volume in Docker) is still read.
        return subprocess.run(
            ["git", "-c", f"safe.directory={ROOT}", "-C", str(ROOT), *args],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise AssertionError(
            "git is not installed: this test builds a database with the addons of an earlier "
            "commit, taken from the repository's history."
        ) from error


def _old_code(target):
    """The addons, scripts and configuration of the code before the migration, in `target`."""
    found = _git("merge-base", "HEAD", BEFORE)
    if found.returncode:
        raise AssertionError(
            f"Commit {BEFORE} is not in the git history of {ROOT} ({found.stderr.decode().strip()})."
            " This test needs the repository's history to build a database with the code "
            "before the migration: run it in a full clone (git fetch --unshallow)."
        )
    base = found.stdout.decode().strip()
    archive = _git("archive", base, "addons", "bin", "odoo.conf")
    if archive.returncode:
        raise AssertionError(f"git archive {base} failed: {archive.stderr.decode()}")
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return base


class TestPrepaidLedgerMigration(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.old_root = pathlib.Path(tempfile.mkdtemp(prefix="coop_before_ledger_"))
        cls.addClassCleanup(subprocess.run, ["rm", "-rf", str(cls.old_root)], check=False)
        _old_code(cls.old_root)
        _bash(
            f"dropdb --if-exists {DB} && coop_create_db {DB} coop_purchase cafe-empty", cls.old_root
        )
        if not os.environ.get("COOP_MIGRATION_KEEP"):
            cls.addClassCleanup(_bash, f"dropdb --if-exists {DB}", ROOT)
        cls.before = _facts(cls.old_root, "before.py")
        upgrade = f"coop_odoo -d {DB} -u coop_purchase --stop-after-init --log-level=warn"
        _bash(upgrade, ROOT)
        cls.after = _facts(ROOT, "after.py")
        _bash(upgrade, ROOT)
        cls.after_second_upgrade = _facts(ROOT, "after.py")

    def test_balances_are_what_the_ledger_said(self):
        balances = self.before["balances"]
        self.assertEqual(set(balances), set(self.after["balances"]))
        for name, balance in balances.items():
            self.assertAlmostEqual(self.after["balances"][name], balance, places=2, msg=name)
        # The figures themselves: Ann 40 - her charge + 1.25, Dot owes his whole charge.
        charges = self.before["charges"]
        self.assertAlmostEqual(balances["Ann Prepaid"], 41.25 + charges["Ann Prepaid"]["amount"])
        self.assertAlmostEqual(balances["Dot Prepaid"], charges["Dot Prepaid"]["amount"])
        self.assertAlmostEqual(balances["Cal Prepaid"], 25 - 3.5 - 5)

    def test_the_ledger_is_gone_and_archived(self):
        self.assertTrue(self.after["model_gone"])
        self.assertTrue(self.after["table_gone"])
        archive = self.after["archive"]
        self.assertEqual(len(archive), self.before["lines"])
        self.assertTrue(all(migrated for _kind, migrated in archive.values()), archive)

    def test_top_ups_are_posted_payments_at_their_dates(self):
        top_ups = self.after["top_ups"]
        self.assertEqual(
            [(t["member"], t["amount"]) for t in top_ups],
            [("Ann Prepaid", 40.0), ("Bea Prepaid", 10.0), ("Cal Prepaid", 25.0)],
        )
        self.assertEqual(top_ups[0]["date"], self.before["start"])
        self.assertEqual(top_ups[0]["memo"], "Cash at the pickup")
        for top_up in top_ups:
            self.assertTrue(top_up["posted"], top_up)
            self.assertEqual(top_up["journal"], "bank")
        # The money waits on the bank journal's outstanding receipts, for the statement.
        self.assertAlmostEqual(self.after["outstanding_receipts"], 75.0)

    def test_charges_of_the_settled_round_are_its_invoices(self):
        invoices = self.after["invoices"]
        charges = self.before["charges"]
        self.assertEqual(set(invoices), set(charges))
        for name, charge in charges.items():
            invoice = invoices[name]
            self.assertEqual(invoice["type"], "out_invoice", name)
            self.assertEqual(invoice["state"], "posted", name)
            self.assertTrue(invoice["goods_journal"], name)
            self.assertTrue(invoice["on_member_account"], name)
            self.assertEqual(invoice["date"], self.before["settled_on"], name)
            self.assertEqual(charge["date"], self.before["settled_on"], name)
            self.assertAlmostEqual(invoice["total"], -charge["amount"], places=2, msg=name)
        # VAT on flour, as for an invoiced round; goods and transport, nothing made up.
        self.assertEqual(self.after["flour_vat"]["Ann Prepaid"], 20.0)
        self.assertGreater(invoices["Ann Prepaid"]["tax"], 0)
        self.assertEqual(invoices["Ann Prepaid"]["lines"], 2, "flour and transport")
        self.assertEqual(invoices["Bea Prepaid"]["lines"], 3, "flour, oats and transport")
        self.assertEqual(self.after["rounds"]["Ledger Round 1"], ["settled", 3])
        self.assertEqual(self.after["rounds"]["Ledger Round 2"], ["open", 0])
        self.assertTrue(self.after["round_note"])

    def test_invoices_are_paid_from_the_credits(self):
        invoices = self.after["invoices"]
        # Ann had 40 (and a credit note): paid by her top-up.
        self.assertAlmostEqual(invoices["Ann Prepaid"]["residual"], 0.0)
        self.assertIn(invoices["Ann Prepaid"]["payment_state"], ("paid", "in_payment"))
        self.assertIn("entry", self.after["paid_by"]["Ann Prepaid"])
        # Bea had 10 and a credit note of 2 against more than 27: open for the rest.
        bea = invoices["Bea Prepaid"]
        self.assertEqual(bea["payment_state"], "partial")
        self.assertAlmostEqual(bea["residual"], bea["total"] - 12.0, places=2)
        self.assertEqual(self.after["paid_by"]["Bea Prepaid"], ["entry", "out_refund"])
        # Dot had nothing: the invoice is due.
        self.assertEqual(invoices["Dot Prepaid"]["payment_state"], "not_paid")

    def test_corrections_become_credit_notes_and_invoices(self):
        documents = self.after["documents"]
        others = self.before["others"]
        expected = {
            "ann_correction": ("out_refund", 1.25),
            "bea_refund": ("out_refund", 2.0),
            "cal_charge": ("out_invoice", 3.5),
            "cal_correction": ("out_invoice", 5.0),
        }
        for key, (move_type, total) in expected.items():
            document = documents[str(others[key]["id"])]
            self.assertEqual(document["type"], move_type, key)
            self.assertEqual(document["state"], "posted", key)
            self.assertAlmostEqual(document["total"], total, msg=key)
            self.assertEqual(document["tax"], 0.0, key)
            self.assertEqual(document["date"], others[key]["date"], key)
            self.assertTrue(document["goods_journal"], key)
            self.assertTrue(document["on_member_account"], key)
        # Cal's top-up paid both: the credit is used, nothing of his is due.
        for key in ("cal_charge", "cal_correction"):
            self.assertAlmostEqual(documents[str(others[key]["id"])]["residual"], 0.0)

    def test_nothing_is_posted_twice(self):
        self.assertEqual(self.after["settles_again"], 0)
        self.assertEqual(self.after_second_upgrade, self.after)
