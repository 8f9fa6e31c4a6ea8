"""Production, run for real: backups restored into new databases, and bin/serve's server.

A small co-op is made without demo data (bin/_lib.sh's cafe-empty), with one member who paid
their capital invoice, a photo and a form attached to the invoice (files in the filestore).
bin/backup dumps it; bin/restore restores it into new databases, where the member's card,
invoice and files are read back (tests/production/member.py, in `odoo shell`). bin/serve then
serves it with Odoo's multi-process server, and refuses what production must not run with.
Every database made here is named after COOP_TEST_DB and dropped at the end.
"""

import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request
import zipfile

import psutil

from odoo.tools import config

ROOT = pathlib.Path(__file__).resolve().parent.parent
MEMBER = ROOT / "tests" / "production" / "member.py"
BASE = os.environ.get("COOP_TEST_DB", "coop_test")
SOURCE, RESTORED, COPY, BROKEN = (
    f"{BASE}_prod{suffix}" for suffix in ("", "_restored", "_copy", "_broken")
)
ADMIN_PASSWORD = "correct-horse-battery-staple"


def _run(script, check=True, **env):
    """Runs `script` in bash with bin/_lib.sh sourced; returns the finished process."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("COOP_ADMIN_PASSWORD")}
    result = subprocess.run(
        ["bash", "-c", f'source "{ROOT}/bin/_lib.sh" && {script}'],
        capture_output=True,
        text=True,
        env={**environ, **env},
        check=False,
        cwd=ROOT,
    )
    if check and result.returncode:
        raise AssertionError(f"{script} failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result


def _facts(db, mode="read"):
    out = _run(
        f'coop_shell {db} < "{MEMBER}"',
        COOP_FACTS_MODE=mode,
        COOP_ADMIN_PASSWORD=ADMIN_PASSWORD,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("PRODUCTION_FACTS "))
    return json.loads(line.removeprefix("PRODUCTION_FACTS "))


def _drop(db):
    _run(f"dropdb --if-exists {db}")
    shutil.rmtree(config.filestore(db), ignore_errors=True)


def _exists(db):
    return (
        _run(
            f"psql -d postgres -Atc \"SELECT 1 FROM pg_database WHERE datname = '{db}'\""
        ).stdout.strip()
        == "1"
    )


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TestProduction(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="coop-backups-"))
        cls.addClassCleanup(cls._clean_up)  # also when this setup fails
        for db in (SOURCE, RESTORED, COPY, BROKEN):
            _drop(db)
        _run(f"coop_create_db {SOURCE} coop_membership cafe-empty")
        cls.facts = _facts(SOURCE, "make")
        cls.backup = cls.folder / "backup.zip"
        cls.backup_output = _run(f'bin/backup {SOURCE} "{cls.backup}"').stdout

    @classmethod
    def _clean_up(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)
        if not os.environ.get("COOP_PRODUCTION_KEEP"):
            for db in (SOURCE, RESTORED, COPY, BROKEN):
                _drop(db)

    def test_the_source_has_what_the_backup_must_keep(self):
        facts = self.facts
        self.assertTrue(facts["member_number"])
        self.assertEqual(len(facts["card"]), 13, "an EAN-13 card")
        self.assertEqual(facts["shares"], 2)
        self.assertEqual(facts["invoice"][1:], ["posted", "paid", 20.0])
        self.assertTrue(facts["journal_is_capital"])
        self.assertTrue(facts["photo_in_filestore"])
        self.assertEqual(facts["form"], ["subscription-form.pdf", True, True])

    def test_backup_is_odoo_zip_with_sql_and_filestore(self):
        self.assertIn(f"Backed up '{SOURCE}'", self.backup_output)
        self.assertEqual(self.backup.stat().st_mode & 0o077, 0, "readable by its owner only")
        with zipfile.ZipFile(self.backup) as archive:
            names = archive.namelist()
            manifest = json.loads(archive.read("manifest.json"))
        self.assertIn("dump.sql", names)
        self.assertTrue([n for n in names if n.startswith("filestore/")])
        self.assertEqual(manifest["db_name"], SOURCE)
        self.assertIn("coop_membership", manifest["modules"])

    def test_restore_reads_the_member_card_invoice_and_files(self):
        """Restored as the same database moved (disaster recovery): identical, identity kept."""
        result = _run(f'bin/restore "{self.backup}" {RESTORED}')
        self.assertIn("RESTORED", result.stdout)
        restored = _facts(RESTORED)
        self.assertEqual(restored, self.facts)
        self.assertTrue(pathlib.Path(config.filestore(RESTORED)).is_dir())

    def test_restore_as_neutralized_copy(self):
        _run(f'bin/restore "{self.backup}" {COPY} --neutralize')
        copy = _facts(COPY)
        self.assertNotEqual(copy.pop("uuid"), self.facts["uuid"], "a copy has its own identity")
        self.assertTrue(copy.pop("neutralized"))
        expected = dict(self.facts)
        del expected["uuid"], expected["neutralized"]
        self.assertEqual(copy, expected)

    def test_restore_refuses_an_existing_database(self):
        result = _run(f'bin/restore "{self.backup}" {SOURCE}', check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("exists", result.stderr)
        uuid = _run(
            f"psql -d {SOURCE} -Atc \"SELECT value FROM ir_config_parameter WHERE key = 'database.uuid'\""
        ).stdout.strip()
        self.assertEqual(uuid, self.facts["uuid"], "the existing database is untouched")

    def test_failed_restore_keeps_nothing(self):
        """SQL that fails half-way: no database and no filestore are left behind."""
        broken = self.folder / "broken.zip"
        with zipfile.ZipFile(self.backup) as source, zipfile.ZipFile(broken, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "dump.sql":
                    # A statement that fails after most of the data was loaded.
                    data += b"\nINSERT INTO res_partner (id) VALUES (NULL);\n"
                target.writestr(item, data)
        result = _run(f'bin/restore "{broken}" {BROKEN}', check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("failed", result.stderr)
        self.assertFalse(_exists(BROKEN))
        self.assertFalse(pathlib.Path(config.filestore(BROKEN)).exists())

    def test_serve_refuses_without_a_real_admin_password(self):
        for password, message in ((None, "no admin password"), ("admin", "too weak")):
            env = {"COOP_DB_NAME": SOURCE}
            if password:
                env["COOP_ADMIN_PASSWORD"] = password
            result = _run("bin/serve --check", check=False, **env)
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn(message, result.stderr)

    def test_serve_refuses_a_database_with_demo_data(self):
        # The database pytest runs on was made with Odoo's and the suite's demo data.
        result = _run(
            "bin/serve --check",
            check=False,
            COOP_DB_NAME=config["db_name"],
            COOP_ADMIN_PASSWORD=ADMIN_PASSWORD,
        )
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        self.assertIn("demo data", result.stderr)

    def test_serve_runs_workers_cron_and_bus(self):
        """bin/serve: 2 HTTP workers, 1 cron worker and the gevent process answer."""
        http_port, gevent_port = _free_port(), _free_port()
        environ = {k: v for k, v in os.environ.items() if not k.startswith("COOP_ADMIN_PASSWORD")}
        server = subprocess.Popen(
            [str(ROOT / "bin" / "serve"), "--log-level=warn"],
            env={
                **environ,
                "COOP_DB_NAME": SOURCE,
                "COOP_ADMIN_PASSWORD": ADMIN_PASSWORD,
                "COOP_WORKERS": "2",
                "COOP_HTTP_PORT": str(http_port),
                "COOP_GEVENT_PORT": str(gevent_port),
                # Where bin/serve leaves the configuration the server runs with.
                "TMPDIR": str(self.folder),
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            login = self._wait_for(f"http://127.0.0.1:{http_port}/web/login", server)
            self.assertIn(b"login", login)
            # list_db = False: the database manager is off.
            with urllib.request.urlopen(
                f"http://127.0.0.1:{http_port}/web/database/manager", timeout=30
            ) as page:
                self.assertIn(b"database manager has been disabled", page.read())
            import websocket  # websocket-client, which bin/test requires

            # The gevent process starts after the workers: give it time to listen.
            deadline = time.monotonic() + 60
            while True:
                try:
                    bus = websocket.create_connection(
                        f"ws://127.0.0.1:{gevent_port}/websocket", timeout=30
                    )
                    break
                except ConnectionRefusedError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(1)
            self.assertEqual(bus.getstatus(), 101)
            bus.close()
            master = psutil.Process(server.pid)
            children = master.children()
            # Two HTTP workers, one cron worker, the gevent process (which runs odoo-bin again).
            self.assertGreaterEqual(len(children), 4, [c.cmdline()[-3:] for c in children])
            self.assertTrue([c for c in children if "gevent" in c.cmdline()])
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()

    def _wait_for(self, url, server, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.poll() is not None:
                self.fail(f"bin/serve stopped:\n{server.stdout.read().decode()[-5000:]}")
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    return response.read()
            except (urllib.error.URLError, ConnectionError):
                time.sleep(1)
        self.fail(f"{url} did not answer within {timeout}s")
