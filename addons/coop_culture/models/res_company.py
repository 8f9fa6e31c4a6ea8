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

    def _coop_ensure_payout_setup(self):
        """Also the clearing account the till credits with consigned sales."""
        res = super()._coop_ensure_payout_setup()
        for company in self.filtered(lambda c: c._coop_has_chart()):
            if not company.coop_consignment_account_id:
                company.coop_consignment_account_id = company._coop_new_account(
                    self.env._("Due to Consignors"), "liability_current", "2100"
                )
        return res
