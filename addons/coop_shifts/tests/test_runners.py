"""Every test of the addon runs under Odoo's own runner too, not only under pytest."""

import pathlib
import unittest

from odoo.tests import BaseCase, tagged
from odoo.tests.loader import get_module_test_cases, get_test_modules
from odoo.tests.tag_selector import TagsSelector


@tagged("post_install", "-at_install")
class TestSeenByOdoosRunner(BaseCase):
    def test_odoo_runs_what_pytest_runs(self):
        """odoo-bin --test-enable silently skips a plain unittest.TestCase, an untagged
        test and a file missing from tests/__init__.py; pytest runs them all."""
        modules = get_test_modules("coop_shifts")
        files = {path.stem for path in pathlib.Path(__file__).parent.glob("test_*.py")}
        self.assertEqual({module.__name__.rsplit(".", 1)[1] for module in modules}, files)
        post_install = TagsSelector("post_install")
        for module in modules:
            with self.subTest(module=module.__name__):
                by_pytest = {
                    test.id()
                    for test in _tests_of(unittest.TestLoader().loadTestsFromModule(module))
                    if type(test).__module__ == module.__name__
                }
                by_odoo = {
                    test.id() for test in get_module_test_cases(module) if post_install.check(test)
                }
                self.assertEqual(by_odoo, by_pytest)


def _tests_of(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from _tests_of(test)
        else:
            yield test
