from odoo import models

from odoo.addons.account.models.chart_template import template


class AccountChartTemplate(models.AbstractModel):
    """The commission account and the payout bills' journal come with the chart of accounts
    (see coop_membership's hooks for share capital); sources add their own accounts."""

    _inherit = "account.chart.template"

    @template(model="account.account")
    def _get_coop_payout_account_account(self, template_code):
        if self.env.company.coop_commission_account_id:
            return {}
        return self._coop_new_account_data(
            template_code, {"coop_commission": (self.env._("Co-op Commission"), "income")}
        )

    @template(model="res.company")
    def _get_coop_payout_res_company(self, template_code):
        company = self.env.company
        values = {}
        if not company.coop_commission_account_id:
            values["coop_commission_account_id"] = "coop_commission"
        if not company.coop_consignment_journal_id:
            bills = self.env["account.journal"].search(
                [("company_id", "=", company.id), ("type", "=", "purchase")], limit=1
            )
            # A chart being loaded makes its vendor bills journal under the xml id "purchase".
            values["coop_consignment_journal_id"] = bills.id or "purchase"
        return {company.id: values} if values else {}
