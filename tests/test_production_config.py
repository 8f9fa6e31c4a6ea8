"""The production profile and the Docker files, checked without a server or a Docker engine.

The sizing rule and the configuration bin/serve writes (bin/_production.py), and what the
compose files, the Dockerfile and the nginx template must agree on. No Docker engine runs on
the machines that run these tests: what needs one is listed in the README (Docker).
"""

import configparser
import importlib.util
import os
import pathlib
import re
import tempfile
import unittest

import yaml

from odoo.tools.config import crypt_context

ROOT = pathlib.Path(__file__).resolve().parent.parent
GIB = 1024**3
_spec = importlib.util.spec_from_file_location("coop_production", ROOT / "bin" / "_production.py")
production = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(production)

SECRET = "a-long-enough-secret"


def _options(environ, **kwargs):
    kwargs.setdefault("machine", (2, 24 * GIB))
    kwargs.setdefault("pg_connections", 100)
    return production.production_options(
        ROOT / "odoo.conf", environ, purpose="serve", addons_path="/x/addons", **kwargs
    )


class TestSizingRule(unittest.TestCase):
    def size(self, cpus, memory_gib, connections=100):
        return production.size_workers(cpus, memory_gib * GIB, GIB, 1, 8, 24, connections)[0]

    def test_cpu_bound_on_this_projects_machine(self):
        # 2 x 2 + 1: Odoo's rule of thumb on 2 cores, with 24 GiB to spare.
        self.assertEqual(self.size(2, 24), 5)

    def test_memory_bound_on_a_small_server(self):
        # 4 cores but 6 GiB: 6 / 2 / 1 GiB - 1 cron worker = 2.
        self.assertEqual(self.size(4, 6), 2)
        self.assertEqual(self.size(1, 1), 2, "never fewer than 2")

    def test_connection_bound_on_a_big_server(self):
        # (100 - 10 - 24) // 8 - 1 = 7, although 16 cores would ask for 33.
        self.assertEqual(self.size(16, 128), 7)
        self.assertEqual(self.size(16, 128, connections=400), 33)


class TestProductionOptions(unittest.TestCase):
    def test_refuses_without_or_with_a_weak_admin_password(self):
        for environ in (
            {},
            {"COOP_ADMIN_PASSWORD": "admin"},
            {"COOP_ADMIN_PASSWORD": "coop-admin"},
            {"COOP_ADMIN_PASSWORD": "short"},
        ):
            with self.assertRaises(production.Refusal):
                _options(environ)
        with self.assertRaises(production.Refusal):
            _options({"COOP_ADMIN_PASSWORD": SECRET, "COOP_DB_PASSWORD": SECRET})

    def test_admin_password_from_a_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as secret:
            secret.write(SECRET + "\n")
            secret.flush()
            options, _notes = _options({"COOP_ADMIN_PASSWORD_FILE": secret.name})
        self.assertTrue(crypt_context.verify(SECRET, options["admin_passwd"]))

    def test_the_profile_over_the_demo_options(self):
        options, notes = _options(
            {"COOP_ADMIN_PASSWORD": SECRET, "COOP_DB_NAME": "shop", "COOP_DB_PASSWORD": "pg"}
        )
        self.assertEqual(options["workers"], "5")
        self.assertIn("5 workers = min(2 x 2 CPUs + 1 = 5", notes[0])
        self.assertEqual(options["list_db"], "False")
        self.assertEqual(options["proxy_mode"], "True")
        self.assertEqual(options["without_demo"], "all")
        self.assertEqual(options["gevent_port"], "8072")
        self.assertEqual((options["db_name"], options["dbfilter"]), ("shop", "^shop$"))
        self.assertEqual(options["db_password"], "pg")
        # Hashed with Odoo's scheme, never the demo's master password nor the clear text.
        self.assertNotIn(SECRET, options["admin_passwd"])
        self.assertTrue(crypt_context.verify(SECRET, options["admin_passwd"]))
        self.assertFalse(crypt_context.verify("coop-admin", options["admin_passwd"]))

    def test_environment_overrides_and_refuses_odd_database_names(self):
        options, notes = _options(
            {"COOP_ADMIN_PASSWORD": SECRET, "COOP_WORKERS": "3", "COOP_HTTP_PORT": "18069"}
        )
        self.assertEqual((options["workers"], options["http_port"]), ("3", "18069"))
        self.assertIn("as set", notes[0])
        with self.assertRaises(production.Refusal):
            _options({"COOP_ADMIN_PASSWORD": SECRET, "COOP_DB_NAME": "coop; DROP"})

    def test_written_file_is_private_and_read_by_odoo_as_written(self):
        options, _notes = _options({"COOP_ADMIN_PASSWORD": SECRET})
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / "odoo.conf"
            production.write_config(options, path)
            self.assertEqual(path.stat().st_mode & 0o777, 0o600)
            parser = configparser.RawConfigParser()
            parser.read(path)
            self.assertEqual(dict(parser.items("options")), options)

    def test_maintenance_needs_no_admin_password(self):
        options, _notes = production.production_options(
            ROOT / "odoo.conf",
            {"COOP_DATA_DIR": "/srv/odoo"},
            purpose="maintenance",
            addons_path="/x/addons",
        )
        self.assertEqual((options["admin_passwd"], options["workers"]), ("", "0"))
        self.assertEqual(options["data_dir"], "/srv/odoo")
        self.assertNotIn("db_name", options)


class TestDockerFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
        cls.dev = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
        cls.prod = yaml.safe_load((ROOT / "docker-compose.production.yml").read_text())

    def test_services_build_targets_of_the_dockerfile_and_run_our_scripts(self):
        targets = set(re.findall(r"^FROM \S+ AS (\S+)$", self.dockerfile, re.MULTILINE))
        self.assertEqual(targets, {"runtime", "production", "tests"})
        for compose in (self.dev, self.prod):
            for name, service in compose["services"].items():
                if "build" in service:
                    self.assertIn(service["build"]["target"], targets, name)
                    self.assertTrue((ROOT / service["build"]["dockerfile"]).is_file(), name)
                for script in service.get("entrypoint", [])[:1]:
                    self.assertTrue(os.access(ROOT / script, os.X_OK), f"{name}: {script}")
        entrypoint = re.search(r'^ENTRYPOINT \["/opt/coop/(\S+)"\]$', self.dockerfile, re.MULTILINE)
        self.assertTrue(os.access(ROOT / entrypoint.group(1), os.X_OK))

    def test_tests_image_has_a_real_browser_not_ubuntus_snap_stub(self):
        tests = self.dockerfile.split("AS tests", 1)[1]
        self.assertIn("google-chrome-stable", tests)
        self.assertNotRegex(tests, r"apt-get install[^\n]*\bchromium")
        self.assertEqual(self.dev["services"]["tests"]["entrypoint"], ["bin/test"])

    def test_production_publishes_only_nginx_and_requires_its_secrets(self):
        services = self.prod["services"]
        self.assertNotIn("ports", services["odoo"])
        self.assertNotIn("ports", services["db"])
        self.assertEqual(sorted(services["nginx"]["ports"]), ["443:443", "80:80"])
        environment = services["odoo"]["environment"]
        for variable in ("COOP_ADMIN_PASSWORD", "COOP_DB_PASSWORD"):
            self.assertRegex(environment[variable], r"^\$\{" + variable + r":\?")
        self.assertNotEqual(self.prod.get("name"), None, "a project apart from the demo's")
        template = services["nginx"]["volumes"][0].split(":")[0]
        self.assertTrue((ROOT / template).is_file())

    def test_nginx_sends_websockets_to_the_gevent_port(self):
        conf = configparser.RawConfigParser()
        conf.read(ROOT / "odoo.conf")
        gevent_port = conf.get("coop_production", "gevent_port")
        template = (ROOT / "docker" / "nginx" / "coop.conf.template").read_text()
        bus = re.search(r"upstream coop_odoo_bus \{\s*server \$\{COOP_ODOO_HOST\}:(\d+);", template)
        self.assertEqual(bus.group(1), gevent_port)
        websocket = re.search(r"location /websocket \{(.*?)\}", template, re.DOTALL).group(1)
        self.assertIn("proxy_pass http://coop_odoo_bus;", websocket)
        self.assertIn("Upgrade $http_upgrade", websocket)
        self.assertIn("X-Forwarded-Host", websocket, "proxy_mode needs it on every location")
