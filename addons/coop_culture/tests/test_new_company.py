from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestNewCompany(TransactionCase):
    def test_a_chart_loaded_after_install_gets_the_clearing_account(self):
        """The till books consigned sales to the clearing account from the first sale, not
        from the first statement: a company's chart brings the account with it."""
        company = self.env["res.company"].create({"name": "Second Shop Co-op"})
        self.env.user.company_ids |= company
        self.assertFalse(company.coop_consignment_account_id)
        self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        self.assertEqual(company.coop_consignment_account_id.account_type, "liability_current")
        self.assertIn(company, company.coop_consignment_account_id.company_ids)
        self.assertEqual(
            company.coop_consignment_account_id,
            self.env.ref(f"account.{company.id}_coop_consignment_clearing"),
        )
        codes = (
            self.env["account.account"]
            .with_company(company)
            .search([("company_ids", "in", company.id)])
            .mapped("code")
        )
        self.assertEqual(len(codes), len(set(codes)), "the suite's accounts take free codes")
