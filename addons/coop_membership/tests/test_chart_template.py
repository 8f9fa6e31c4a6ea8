from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestCapitalFromTheChart(TransactionCase):
    """The share capital's accounts and journal come with the chart of accounts."""

    def _new_company(self, name):
        company = self.env["res.company"].create(
            {"name": name, "country_id": self.env.ref("base.us").id}
        )
        self.env.user.company_ids |= company
        return company

    def _capital_records(self, company):
        return (
            company.coop_capital_account_id
            | company.coop_capital_unpaid_account_id
            | company.coop_capital_receivable_account_id
        )

    def test_a_company_loading_its_chart_gets_the_capital_accounts_and_journal(self):
        company = self._new_company("Chart Co-op")
        self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        accounts = self._capital_records(company)
        self.assertEqual(len(accounts), 3, "three distinct accounts")
        self.assertEqual(
            company.coop_capital_account_id,
            self.env.ref(f"account.{company.id}_coop_share_capital"),
            "the chart's own record, found again by its xml id on a reload",
        )
        self.assertTrue(company.coop_capital_account_id.coop_is_share_capital)
        self.assertEqual(company.coop_capital_unpaid_account_id.account_type, "equity")
        receivable = company.coop_capital_receivable_account_id
        self.assertEqual(receivable.account_type, "asset_receivable")
        self.assertTrue(receivable.reconcile)
        journal = company.coop_capital_journal_id
        self.assertEqual(
            (journal.type, journal.code, journal.default_account_id),
            ("sale", "CAP", company.coop_capital_account_id),
        )
        self.assertTrue(journal.coop_is_share_capital)
        codes = (
            self.env["account.account"]
            .with_company(company)
            .search([("company_ids", "in", company.id)])
            .mapped("code")
        )
        self.assertEqual(len(codes), len(set(codes)), "no code is used twice")
        chart_equity = (
            self.env["account.account"]
            .with_company(company)
            .search(
                [
                    ("company_ids", "in", company.id),
                    ("account_type", "=", "equity"),
                    ("coop_is_share_capital", "=", False),
                    ("id", "!=", company.coop_capital_unpaid_account_id.id),
                ],
                order="code",
                limit=1,
            )
        )
        capital_code = company.coop_capital_account_id.with_company(company).code
        self.assertEqual(len(capital_code), len(chart_equity.code), "as long as the chart's")
        self.assertGreater(capital_code, chart_equity.code, "beside the chart's equity")

    def test_reloading_the_chart_or_the_setup_adds_nothing(self):
        company = self._new_company("Reload Co-op")
        ChartTemplate = self.env["account.chart.template"]
        ChartTemplate.try_loading("generic_coa", company, install_demo=False)
        before = (self._capital_records(company), company.coop_capital_journal_id)
        ChartTemplate.try_loading("generic_coa", company, install_demo=False)
        company._coop_ensure_capital_setup()
        self.assertEqual((self._capital_records(company), company.coop_capital_journal_id), before)
        capital_journals = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("coop_is_share_capital", "=", True)]
        )
        self.assertEqual(capital_journals, company.coop_capital_journal_id)

    def test_a_company_set_up_before_the_hooks_keeps_its_capital_account(self):
        """An account flagged as capital by hand (or by an older version) is linked, not
        doubled; only what is missing is added."""
        company = self._new_company("Older Co-op")
        self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        company.write({fname: False for fname in company._coop_capital_fields()})
        self.env["ir.model.data"].search(
            [("module", "=", "account"), ("name", "like", f"{company.id}_coop_share_capital%")]
        ).unlink()
        old_journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("coop_is_share_capital", "=", True)]
        )
        old_accounts = self.env["account.account"].search(
            [("company_ids", "in", company.id), ("coop_is_share_capital", "=", True)]
        )
        self.assertEqual(len(old_accounts), 1)
        company._coop_ensure_capital_setup()
        self.assertEqual(company.coop_capital_account_id, old_accounts)
        self.assertEqual(company.coop_capital_journal_id, old_journal)
        self.assertEqual(len(self._capital_records(company)), 3)
        self.assertEqual(
            self.env["account.account"].search_count(
                [("company_ids", "in", company.id), ("coop_is_share_capital", "=", True)]
            ),
            1,
        )

    def test_a_company_without_books_is_left_alone(self):
        company = self._new_company("No Books Co-op")
        company._coop_ensure_capital_setup()
        self.assertFalse(self._capital_records(company))
        self.assertFalse(company.coop_capital_journal_id)

    def test_the_demo_company_has_them_from_its_chart(self):
        company = self.env.ref("base.main_company")
        self.assertTrue(company.chart_template)
        for fname in company._coop_capital_fields():
            self.assertTrue(company[fname], fname)
        self.assertEqual(
            company.coop_capital_journal_id,
            self.env.ref(f"account.{company.id}_coop_share_capital_journal"),
        )
