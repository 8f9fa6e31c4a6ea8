from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Field names kept from coop_culture, where they were first defined: their columns and
    # the choices made in existing databases stay as they are.
    coop_commission_account_id = fields.Many2one(
        "account.account",
        string="Commission Account",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="The co-op's commission on the sales it pays out is income on this account.",
    )
    coop_consignment_journal_id = fields.Many2one(
        "account.journal",
        string="Payout Bills Journal",
        check_company=True,
        domain="[('type', '=', 'purchase')]",
        help="Journal of the vendor bills that pay out consignors and venues.",
    )
    coop_commission_tax_id = fields.Many2one(
        "account.tax",
        string="VAT on Commission",
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
        help="Where the co-op is registered for VAT, its commission is a supply of its own: "
        "it is invoiced to the payee with this tax (in the VAT return) and set off "
        "against their bill. Empty: no VAT on commission.",
    )

    def _coop_ensure_payout_setup(self):
        """Give each company with a chart what the chart's hooks give (see
        account.chart.template): a commission account and the payout bills' journal;
        existing choices are kept. Sources extend the hooks with their accounts."""
        for company in self.filtered(lambda c: c._coop_keeps_books()):
            company._coop_load_payout_hooks()

    def _coop_load_payout_hooks(self):
        self.ensure_one()
        ChartTemplate = self.env["account.chart.template"].sudo().with_company(self)
        ChartTemplate._coop_load_hooks(
            {
                "account.account": ChartTemplate._get_coop_payout_account_account,
                "res.company": ChartTemplate._get_coop_payout_res_company,
            }
        )
