"""Checks across the whole suite: licences, access rules, and what every addon must ship."""

import ast
from pathlib import Path

from odoo.tests.common import TransactionCase

ADDONS = Path(__file__).resolve().parent.parent / "addons"
OUR_ADDONS = sorted(p.parent.name for p in ADDONS.glob("*/__manifest__.py"))
# Tests across addons that Odoo's own runner must see too: a hidden addon beside them,
# installed by bin/test only (bin/demo and production install what addons/ holds).
TEST_ADDON = Path(__file__).resolve().parent / "addons" / "coop_suite_tests"


class TestSuiteIntegrity(TransactionCase):
    # Odoo sets these for tests inside an addon; this one lives beside the addons.
    test_module = "coop_suite"
    test_tags = frozenset({"standard", "post_install"})

    def test_no_enterprise_module_installed(self):
        enterprise = self.env["ir.module.module"].search(
            [("state", "=", "installed"), ("license", "in", ("OEEL-1", "OPL-1"))]
        )
        self.assertFalse(enterprise.mapped("name"))

    def test_our_addons_are_installed_and_community(self):
        self.assertTrue(OUR_ADDONS)
        for name in OUR_ADDONS:
            manifest = ast.literal_eval((ADDONS / name / "__manifest__.py").read_text())
            self.assertNotIn(manifest["license"], ("OEEL-1", "OPL-1"), name)
            module = self.env["ir.module.module"].search([("name", "=", name)])
            self.assertEqual(module.state, "installed", name)

    def test_the_test_addon_is_hidden_and_runs_with_every_addon(self):
        manifest = ast.literal_eval((TEST_ADDON / "__manifest__.py").read_text())
        self.assertEqual(manifest["category"], "Hidden/Tests")
        self.assertEqual(manifest["license"], "AGPL-3")
        self.assertFalse(manifest.get("data") or manifest.get("demo"), "tests only, no data")
        # Every addon of ours, and Odoo's demo payment provider for the online payments.
        self.assertEqual(sorted(manifest["depends"]), sorted([*OUR_ADDONS, "payment_demo"]))
        self.assertNotIn(TEST_ADDON.name, OUR_ADDONS)
        module = self.env["ir.module.module"].search([("name", "=", TEST_ADDON.name)])
        self.assertEqual(module.state, "installed", "bin/test installs it")

    def test_every_model_has_access_rules_for_staff_and_portal(self):
        """Each model of ours is reachable by staff, and explicitly ruled for portal users."""
        checked = 0
        for name in OUR_ADDONS:
            created = self.env["ir.model.data"].search(
                [("module", "=", name), ("model", "=", "ir.model")]
            )
            own = (
                self.env["ir.model"]
                .browse(created.mapped("res_id"))
                .filtered(
                    lambda m: (
                        m.model.startswith("coop.")
                        and not self.env[m.model]._abstract
                        and not m.transient
                    )
                )
            )
            checked += len(own)
            for model in own:
                accesses = self.env["ir.model.access"].search([("model_id", "=", model.id)])
                self.assertTrue(accesses, f"{model.model} has no access rule")
                groups = accesses.group_id
                self.assertTrue(
                    groups.filtered(
                        lambda g: (
                            g.category_id.name == "Co-op" or g == self.env.ref("base.group_user")
                        )
                    ),
                    f"{model.model} has no staff access",
                )
                self.assertIn(
                    self.env.ref("base.group_portal"), groups, f"{model.model} has no portal rule"
                )
        self.assertGreater(checked, 10, "the check found the suite's models")

    def test_every_addon_ships_translations_and_readme(self):
        for name in OUR_ADDONS:
            self.assertTrue((ADDONS / name / "i18n" / f"{name}.pot").is_file(), name)
            self.assertTrue((ADDONS / name / "i18n" / "fr.po").is_file(), name)
            self.assertTrue(any((ADDONS / name / "readme").glob("DESCRIPTION.*")), name)

    def test_french_translation_is_complete(self):
        import polib

        for name in OUR_ADDONS:
            template = polib.pofile(str(ADDONS / name / "i18n" / f"{name}.pot"))
            french = {
                entry.msgid: entry for entry in polib.pofile(str(ADDONS / name / "i18n" / "fr.po"))
            }
            missing = [
                entry.msgid
                for entry in template
                if entry.msgid
                and (
                    entry.msgid not in french
                    or not french[entry.msgid].msgstr
                    or "fuzzy" in french[entry.msgid].flags
                )
            ]
            self.assertFalse(missing[:10], f"{name}: {len(missing)} strings untranslated in fr.po")
