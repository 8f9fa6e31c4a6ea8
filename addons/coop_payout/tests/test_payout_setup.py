from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestPayoutSetup(TransactionCase):
    def test_a_chart_loaded_after_install_gets_the_payout_accounts(self):
        """A company's chart brings the commission account and the bills' journal, so its
        first statement can be billed."""
        company = self.env["res.company"].create({"name": "Third Shop Co-op"})
        self.env.user.company_ids |= company
        self.assertFalse(company.coop_commission_account_id)
        self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        self.assertEqual(company.coop_commission_account_id.account_type, "income")
        self.assertIn(company, company.coop_commission_account_id.company_ids)
        self.assertEqual(company.coop_consignment_journal_id.type, "purchase")
        self.assertEqual(company.coop_consignment_journal_id.company_id, company)
        self.assertEqual(
            company.coop_commission_account_id,
            self.env.ref(f"account.{company.id}_coop_commission"),
            "the chart's own record (its hooks), found again on a reload",
        )
        self.assertEqual(
            company.coop_consignment_journal_id, self.env.ref(f"account.{company.id}_purchase")
        )
        before = company.coop_commission_account_id
        self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        company._coop_ensure_payout_setup()
        self.assertEqual(company.coop_commission_account_id, before)
        self.assertEqual(
            self.env["account.account"].search_count(
                [("company_ids", "in", company.id), ("name", "=", before.name)]
            ),
            1,
            "nothing doubled",
        )

    def test_a_type_no_source_settles_is_a_clear_error(self):
        """The generic statement has no sales of its own: a type no installed source knows
        is refused in words, for its lines and for its bill."""
        statement = self.env["coop.consignment.statement"].new(
            {
                "partner_id": self.env.user.partner_id.id,
                "date_from": "2024-03-01",
                "date_to": "2024-03-31",
                "settlement_type": False,
            }
        )
        with self.assertRaisesRegex(UserError, "Nothing knows how to settle"):
            statement._coop_payout_collect_lines()
        with self.assertRaisesRegex(UserError, "Nothing knows how to settle"):
            statement._coop_payout_sales_account()

    def test_the_monthly_job_takes_each_co_ops_last_month(self):
        """On 31 March at 13:00 UTC it is already 1 April in Auckland: that co-op's last
        month is March, while the job's company, in London, is still in March (its last
        month February)."""
        Statement = self.env["coop.consignment.statement"]
        auckland = self.env.company
        auckland.partner_id.tz = "Pacific/Auckland"
        london = self.env["res.company"].create({"name": "Head Office"})
        london.partner_id.tz = "Europe/London"
        self.env.user.company_ids |= london
        payee = self.env["res.partner"].create({"name": "A Consignor"})
        periods = set()

        def settle(statements, company, partner, date_from, date_to, settlement_type):
            periods.add((company, partner, date_from, date_to))
            return statements.browse()

        model = type(Statement)
        with (
            patch.object(model, "_coop_partners_to_settle", lambda self: {"sales": payee}),
            patch.object(model, "_coop_monthly_statement", settle),
            freeze_time(datetime(2026, 3, 31, 13, 0)),
        ):
            Statement.with_company(london)._cron_monthly_statements()
        self.assertIn((auckland, payee, date(2026, 3, 1), date(2026, 3, 31)), periods)
        self.assertIn((london, payee, date(2026, 2, 1), date(2026, 2, 28)), periods)

    def test_a_statement_period_covers_the_shops_days(self):
        """Tills record UTC times; a statement's month is the shop's days: a sale at half
        past midnight in Paris on the 1st (23:30 UTC the day before) belongs to it."""
        Statement = self.env["coop.consignment.statement"]
        self.env.company.partner_id.tz = "Europe/Paris"
        start, end = Statement._coop_period_bounds(date(2026, 12, 1), date(2026, 12, 31))
        self.assertEqual(start, datetime(2026, 11, 30, 23, 0))
        self.assertEqual(end.replace(microsecond=0), datetime(2026, 12, 31, 22, 59, 59))
        self.env.company.partner_id.tz = "Europe/London"
        start, end = Statement._coop_period_bounds(date(2026, 7, 1), date(2026, 7, 31))
        self.assertEqual(start, datetime(2026, 6, 30, 23, 0), "London keeps summer time")
