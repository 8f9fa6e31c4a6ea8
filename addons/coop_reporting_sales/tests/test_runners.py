from odoo.tests import BaseCase, tagged

from odoo.addons.coop_membership.tests.runners import assert_odoo_runs_what_pytest_runs


@tagged("post_install", "-at_install")
class TestSeenByOdoosRunner(BaseCase):
    def test_odoo_runs_what_pytest_runs(self):
        assert_odoo_runs_what_pytest_runs(self, "coop_reporting_sales")
