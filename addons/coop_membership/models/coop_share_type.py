from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CoopShareType(models.Model):
    _name = "coop.share.type"
    _description = "Share Class"
    _order = "sequence, code"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    code = fields.Char(required=True, help="Short code printed on certificates, e.g. A.")
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    unit_price = fields.Monetary(
        string="Nominal Value", required=True, help="Price of one share, in company currency."
    )
    min_quantity = fields.Integer(string="Minimum per Member", default=1, required=True)
    max_quantity = fields.Integer(
        string="Maximum per Member", default=0, help="0 means no maximum."
    )
    reduced_min_quantity = fields.Integer(
        string="Reduced Minimum",
        default=1,
        help="Minimum for people in the reduced-minimum category, "
        "for example people on social minima.",
    )
    reduced_category_id = fields.Many2one(
        "res.partner.category",
        string="Reduced-Minimum Category",
        help="Contacts with this tag may hold the reduced minimum.",
    )
    is_working = fields.Boolean(
        string="Working Members",
        help="Holders owe shifts once the shifts module is installed.",
    )
    may_shop = fields.Boolean(string="Holders May Shop", default=True)
    product_id = fields.Many2one(
        "product.product",
        string="Capital Product",
        check_company=True,
        help="Used on capital release invoices. Created automatically when left empty.",
    )
    capital_account_id = fields.Many2one(
        "account.account",
        string="Capital Account",
        check_company=True,
        domain="[('account_type', '=', 'equity')]",
        help="Equity account credited by subscriptions. "
        "Defaults to the company's share capital account.",
    )
    holder_count = fields.Integer(compute="_compute_holder_stats")
    share_count = fields.Integer(compute="_compute_holder_stats")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A share class code must be unique."),
    ]

    @api.constrains("unit_price", "min_quantity", "max_quantity", "reduced_min_quantity")
    def _check_quantities(self):
        for share_type in self:
            if share_type.unit_price <= 0:
                raise ValidationError(self.env._("The nominal value of a share must be positive."))
            if share_type.min_quantity < 1:
                raise ValidationError(
                    self.env._("The minimum number of shares must be at least 1.")
                )
            if share_type.max_quantity and share_type.max_quantity < share_type.min_quantity:
                raise ValidationError(
                    self.env._("The maximum number of shares cannot be below the minimum.")
                )
            if not 1 <= share_type.reduced_min_quantity <= share_type.min_quantity:
                raise ValidationError(
                    self.env._("The reduced minimum must be between 1 and the normal minimum.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        share_types = super().create(vals_list)
        share_types._ensure_accounting()
        return share_types

    def _ensure_accounting(self):
        """Fill in the capital account and product so invoices can always be made."""
        for share_type in self:
            company = share_type.company_id
            if not (
                company.coop_capital_account_id
                and company.coop_capital_unpaid_account_id
                and company.coop_capital_receivable_account_id
            ):
                company._coop_ensure_capital_setup()
            if not share_type.capital_account_id and company.coop_capital_account_id:
                share_type.capital_account_id = company.coop_capital_account_id
            if not share_type.product_id:
                share_type.product_id = (
                    self.env["product.product"]
                    .with_company(company)
                    .create(share_type._prepare_product_vals())
                )

    def _prepare_product_vals(self):
        self.ensure_one()
        return {
            "name": self.env._("Share %(code)s - %(name)s", code=self.code, name=self.name),
            "type": "service",
            "list_price": self.unit_price,
            "sale_ok": False,
            "purchase_ok": False,
            "taxes_id": [(5, 0, 0)],
            "supplier_taxes_id": [(5, 0, 0)],
            "company_id": self.company_id.id,
            "property_account_income_id": self.capital_account_id.id,
        }

    def _minimum_for(self, partner):
        self.ensure_one()
        if self.reduced_category_id and self.reduced_category_id in partner.category_id:
            return self.reduced_min_quantity
        return self.min_quantity

    def _holding_problem(self, partner, resulting_quantity):
        """Why holding `resulting_quantity` shares of this class breaks its bounds, or False.
        Asked by the join form and by every request alike."""
        self.ensure_one()
        minimum = self._minimum_for(partner)
        if resulting_quantity < minimum:
            return self.env._(
                "Class %(code)s needs at least %(min)s share(s) per member.",
                code=self.code,
                min=minimum,
            )
        if self.max_quantity and resulting_quantity > self.max_quantity:
            return self.env._(
                "Class %(code)s allows at most %(max)s share(s) per member.",
                code=self.code,
                max=self.max_quantity,
            )
        return False

    def _check_holding_bounds(self, partner, resulting_quantity):
        """Raise when holding `resulting_quantity` shares of this class breaks its bounds."""
        problem = self._holding_problem(partner, resulting_quantity)
        if problem:
            raise ValidationError(
                self.env._(
                    "%(partner)s: %(problem)s", partner=partner.display_name, problem=problem
                )
                if partner
                else problem
            )

    def _compute_holder_stats(self):
        groups = self.env["coop.share.line"]._read_group(
            [("share_type_id", "in", self.ids)],
            ["share_type_id", "partner_id"],
            ["quantity:sum"],
        )
        holders, shares = {}, {}
        for share_type, _partner, quantity in groups:
            shares[share_type.id] = shares.get(share_type.id, 0) + quantity
            if quantity > 0:
                holders[share_type.id] = holders.get(share_type.id, 0) + 1
        for share_type in self:
            share_type.holder_count = holders.get(share_type.id, 0)
            share_type.share_count = shares.get(share_type.id, 0)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for share_type in self:
            share_type.display_name = f"{share_type.code} - {share_type.name}"
