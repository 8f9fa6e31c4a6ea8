from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _load(self, template_code, company, install_demo):
        res = super()._load(template_code, company, install_demo)
        # Loading a chart may install a localisation and reset the registry: a fresh env.
        self.env()["res.company"].browse(company.id)._coop_bank_ensure_reconcile_models()
        return res
