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
    coop_commission_account_id = fields.Many2one(
        "account.account",
        string="Consignment Commission Account",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="The co-op's commission on consigned sales is income on this account.",
    )
    coop_consignment_journal_id = fields.Many2one(
        "account.journal",
        string="Consignor Bills Journal",
        check_company=True,
        domain="[('type', '=', 'purchase')]",
        help="Journal of the vendor bills that pay consignors out.",
    )

    coop_commission_tax_id = fields.Many2one(
        "account.tax",
        string="VAT on Commission",
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
        help="Where the co-op is registered for VAT, its commission is a supply of its own: "
        "it is invoiced to the consignor with this tax (in the VAT return) and set off "
        "against their bill. Empty: no VAT on commission.",
    )

    def _coop_ensure_consignment_setup(self):
        """Give each company with a chart a clearing account, a commission account and a
        purchase journal for consignor bills; existing choices are kept."""
        Account = self.env["account.account"]
        for company in self:
            if not Account.search_count([("company_ids", "in", company.id)], limit=1):
                continue
            values = {}
            if not company.coop_consignment_account_id:
                values["coop_consignment_account_id"] = company._coop_new_account(
                    self.env._("Due to Consignors"), "liability_current", "2100"
                ).id
            if not company.coop_commission_account_id:
                values["coop_commission_account_id"] = company._coop_new_account(
                    self.env._("Consignment Commission"), "income", "4000"
                ).id
            if not company.coop_consignment_journal_id:
                values["coop_consignment_journal_id"] = (
                    self.env["account.journal"]
                    .search(
                        [("company_id", "=", company.id), ("type", "=", "purchase")],
                        limit=1,
                    )
                    .id
                )
            if values:
                company.write(values)

    def _coop_new_account(self, name, account_type, fallback_code):
        self.ensure_one()
        Account = self.env["account.account"].with_company(self)
        sibling = Account.search(
            [("company_ids", "in", self.id), ("account_type", "=", account_type)],
            order="code",
            limit=1,
        )
        return Account.create(
            {
                "name": name,
                "code": Account._search_new_account_code(sibling.code or fallback_code),
                "account_type": account_type,
                "company_ids": [(6, 0, self.ids)],
            }
        )
