from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _load(self, template_code, company, install_demo):
        res = super()._load(template_code, company, install_demo)
        # A company given its chart after install gets its payout accounts now (and the
        # sources' own, such as consignment's clearing account the till credits).
        self.env()["res.company"].browse(company.id)._coop_ensure_payout_setup()
        return res
