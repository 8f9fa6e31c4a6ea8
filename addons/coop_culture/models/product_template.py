from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.coop_membership.const import COOP_MANAGER

CONSIGNMENT_FIELDS = {"coop_consignor_id", "coop_commission_custom", "coop_commission_rate"}


class ProductTemplate(models.Model):
    _inherit = "product.template"

    coop_consignor_id = fields.Many2one(
        "res.partner",
        string="Consignor",
        index="btree_not_null",
        tracking=True,
        domain="[('coop_is_consignor', '=', True)]",
        help="Who owns these goods. They are received with this owner, stay theirs in stock, "
        "and their sales are paid out to them less the commission.",
    )
    coop_commission_custom = fields.Boolean(
        string="Own Commission",
        help="Use the commission below instead of the consignor's.",
    )
    coop_commission_rate = fields.Float(string="Product Commission (%)", digits=(5, 2))
    coop_effective_commission_rate = fields.Float(
        string="Commission (%)",
        digits=(5, 2),
        compute="_compute_coop_effective_commission_rate",
    )
    coop_artist_bio = fields.Text(
        string="Artist Biography",
        compute="_compute_coop_artist_bio",
        store=True,
        readonly=False,
        help="Shown on the product page and under the line on the till receipt. "
        "Taken from the consignor; may be rewritten for this work.",
    )

    @api.depends("coop_consignor_id")
    def _compute_coop_artist_bio(self):
        for template in self:
            if template.coop_consignor_id and not template.coop_artist_bio:
                template.coop_artist_bio = template.coop_consignor_id.coop_artist_bio

    @api.depends(
        "coop_commission_custom", "coop_commission_rate", "coop_consignor_id.coop_commission_rate"
    )
    def _compute_coop_effective_commission_rate(self):
        for template in self:
            template.coop_effective_commission_rate = template._coop_commission_rate()

    def _coop_commission_rate(self):
        """The product's own rate when it has one, else the consignor's."""
        self.ensure_one()
        if self.coop_commission_custom:
            return self.coop_commission_rate
        return self.coop_consignor_id.coop_commission_rate

    @api.constrains("coop_commission_rate", "coop_commission_custom")
    def _check_coop_commission_rate(self):
        for template in self:
            if not 0.0 <= template.coop_commission_rate <= 100.0:
                raise ValidationError(
                    self.env._(
                        "The commission of %(name)s must be between 0 and 100%%, not %(rate)s.",
                        name=template.display_name,
                        rate=template.coop_commission_rate,
                    )
                )

    @api.constrains("coop_consignor_id", "is_storable", "type")
    def _check_coop_consigned_goods(self):
        for template in self.filtered("coop_consignor_id"):
            # Ownership lives on stock quants: a consigned product must be tracked in stock.
            if template.type != "consu" or not template.is_storable:
                raise ValidationError(
                    self.env._(
                        "%(name)s is consigned, so its stock must be tracked: make it a "
                        "goods product with inventory tracking.",
                        name=template.display_name,
                    )
                )
            if not template.coop_consignor_id.coop_is_consignor:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a consignor: tick Consignor on the contact first.",
                        partner=template.coop_consignor_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_consignment_write(vals)
        return super().create(vals_list)

    def _coop_check_consignment_write(self, vals):
        """Whose goods these are and the commission decide who is paid what: only a co-op
        manager sets them, whatever product rights a user has."""
        if self.env.su or not CONSIGNMENT_FIELDS & vals.keys():
            return
        if not any(vals.get(name) for name in CONSIGNMENT_FIELDS) and not self.filtered(
            "coop_consignor_id"
        ):
            return  # a product created or edited with the consignment fields empty
        self.env["res.users"]._coop_require(
            COOP_MANAGER,
            message=self.env._("Only a co-op manager sets a product's consignor and commission."),
        )

    def write(self, vals):
        self._coop_check_consignment_write(vals)
        if "coop_consignor_id" in vals:
            self._coop_check_consignor_change(vals["coop_consignor_id"])
        return super().write(vals)

    def _coop_check_consignor_change(self, new_consignor_id):
        """Goods on hand stay their owner's: the consignor changes only once they are gone."""
        for template in self.filtered("coop_consignor_id"):
            if template.coop_consignor_id.id == new_consignor_id:
                continue
            held = (
                self.env["stock.quant"]
                .sudo()
                .search_count(
                    [
                        ("product_id.product_tmpl_id", "=", template.id),
                        ("owner_id", "=", template.coop_consignor_id.id),
                        ("location_id.usage", "=", "internal"),
                        ("quantity", ">", 0),
                    ],
                    limit=1,
                )
            )
            if held:
                raise UserError(
                    self.env._(
                        "%(owner)s still has %(product)s in stock: return those goods before "
                        "changing the consignor.",
                        owner=template.coop_consignor_id.display_name,
                        product=template.display_name,
                    )
                )

    def _get_product_accounts(self):
        accounts = super()._get_product_accounts()
        clearing = self.env.company.coop_consignment_account_id
        if self.coop_consignor_id and clearing:
            # The till's takings for consigned goods are the consignor's money, not income.
            accounts["income"] = clearing
        return accounts
