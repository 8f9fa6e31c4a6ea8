from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_consignment_account_id = fields.Many2one(
        "account.account",
        string="Consignment Clearing Account",
        check_company=True,
        domain="[('account_type', '=', 'liability_current')]",
        help="Sales of consigned goods are credited here, not to income: the money belongs "
        "to the consignor until the monthly statement bills it back.",
    )

    def _coop_load_payout_hooks(self):
        """Also the clearing account the till credits with consigned sales."""
        res = super()._coop_load_payout_hooks()
        ChartTemplate = self.env["account.chart.template"].sudo().with_company(self)
        ChartTemplate._coop_load_hooks(
            {
                "account.account": ChartTemplate._get_coop_culture_account_account,
                "res.company": ChartTemplate._get_coop_culture_res_company,
            }
        )
        return res
