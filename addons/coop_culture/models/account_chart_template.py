from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _load(self, template_code, company, install_demo):
        res = super()._load(template_code, company, install_demo)
        # A company given its chart after install: without a clearing account, the till
        # would book consigned sales as the co-op's income until the first statement.
        self.env()["res.company"].browse(company.id)._coop_ensure_consignment_setup()
        return res
