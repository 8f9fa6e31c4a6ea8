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
        """Give each company with a chart a commission account and a purchase journal for
        payout bills; existing choices are kept. Sources extend it with their accounts."""
        for company in self.filtered(lambda c: c._coop_has_chart()):
            values = {}
            if not company.coop_commission_account_id:
                values["coop_commission_account_id"] = company._coop_new_account(
                    self.env._("Co-op Commission"), "income", "4000"
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

    def _coop_has_chart(self):
        self.ensure_one()
        return bool(
            self.env["account.account"].search_count([("company_ids", "in", self.id)], limit=1)
        )

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
