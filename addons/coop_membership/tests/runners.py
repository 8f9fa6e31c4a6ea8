"""A check each addon runs: Odoo's own runner sees every test pytest runs.

``odoo-bin --test-enable`` (OCA's CI, runbot) silently skips a plain ``unittest.TestCase``,
an untagged test and a file missing from ``tests/__init__.py``; pytest runs them all.
"""

import pathlib
import unittest

from odoo.tests.loader import get_module_test_cases, get_test_modules
from odoo.tests.tag_selector import TagsSelector


def assert_odoo_runs_what_pytest_runs(case, addon):
    modules = get_test_modules(addon)
    tests_dir = pathlib.Path(modules[0].__file__).parent if modules else None
    files = {path.stem for path in tests_dir.glob("test_*.py")} if tests_dir else set()
    case.assertEqual({module.__name__.rsplit(".", 1)[1] for module in modules}, files)
    post_install = TagsSelector("post_install")
    for module in modules:
        with case.subTest(module=module.__name__):
            by_pytest = {
                test.id()
                for test in _tests_of(unittest.TestLoader().loadTestsFromModule(module))
                if type(test).__module__ == module.__name__
            }
            by_odoo = {
                test.id() for test in get_module_test_cases(module) if post_install.check(test)
            }
            case.assertEqual(by_odoo, by_pytest)


def _tests_of(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from _tests_of(test)
        else:
            yield test
