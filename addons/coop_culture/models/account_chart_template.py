from odoo import models

from odoo.addons.account.models.chart_template import template


class AccountChartTemplate(models.AbstractModel):
    """Consigned goods' clearing account comes with the chart of accounts: without it, the
    till would book consigned sales as the co-op's income until the first statement."""

    _inherit = "account.chart.template"

    @template(model="account.account")
    def _get_coop_culture_account_account(self, template_code):
        if self.env.company.coop_consignment_account_id:
            return {}
        return self._coop_new_account_data(
            template_code,
            {"coop_consignment_clearing": (self.env._("Due to Consignors"), "liability_current")},
        )

    @template(model="res.company")
    def _get_coop_culture_res_company(self, template_code):
        company = self.env.company
        if company.coop_consignment_account_id:
            return {}
        return {company.id: {"coop_consignment_account_id": "coop_consignment_clearing"}}
