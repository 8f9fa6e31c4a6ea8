from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.coop_membership.const import COOP_MANAGER, COOP_USER


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_is_consignor = fields.Boolean(
        string="Consignor",
        tracking=True,
        help="An artist, band or producer whose goods the co-op sells for them.",
    )
    coop_commission_rate = fields.Float(
        string="Commission (%)",
        digits=(5, 2),
        tracking=True,
        help="Share of the untaxed sale price the co-op keeps, unless the product has its own.",
    )
    coop_artist_bio = fields.Text(
        string="Biography",
        help="A few lines about the artist, copied onto their artworks.",
    )
    coop_consigned_product_ids = fields.One2many(
        "product.template", "coop_consignor_id", string="Consigned Products"
    )
    coop_consignment_statement_ids = fields.One2many(
        "coop.consignment.statement", "partner_id", string="Payout Statements"
    )
    coop_consigned_product_count = fields.Integer(compute="_compute_coop_consignment_counts")
    coop_consignment_statement_count = fields.Integer(compute="_compute_coop_consignment_counts")

    @api.model
    def _coop_guarded_fields(self):
        # Who is paid from sales, and how much the co-op keeps: money.
        return {
            **super()._coop_guarded_fields(),
            "coop_is_consignor": COOP_MANAGER,
            "coop_commission_rate": COOP_MANAGER,
        }

    @api.constrains("coop_commission_rate")
    def _check_coop_commission_rate(self):
        for partner in self:
            if not 0.0 <= partner.coop_commission_rate <= 100.0:
                raise ValidationError(
                    self.env._(
                        "The commission of %(name)s must be between 0 and 100%%, not %(rate)s.",
                        name=partner.display_name,
                        rate=partner.coop_commission_rate,
                    )
                )

    def _compute_coop_consignment_counts(self):
        products = dict(
            self.env["product.template"]._read_group(
                [("coop_consignor_id", "in", self.ids)], ["coop_consignor_id"], ["__count"]
            )
        )
        statements = dict(
            self.env["coop.consignment.statement"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.coop_consigned_product_count = products.get(partner, 0)
            partner.coop_consignment_statement_count = statements.get(partner, 0)

    def _coop_consigned_stock(self, location=None):
        """{product.product: quantity} of this consignor's goods on hand in `location`
        (default: every internal location), read from quants owned by them."""
        self.ensure_one()
        domain = [("owner_id", "=", self.id)]
        if location:
            domain.append(("location_id", "child_of", location.id))
        else:
            domain.append(("location_id.usage", "=", "internal"))
        groups = (
            self.env["stock.quant"].sudo()._read_group(domain, ["product_id"], ["quantity:sum"])
        )
        return {product: quantity for product, quantity in groups if quantity}

    def action_coop_view_consigned_products(self):
        self.ensure_one()
        self.env["res.users"]._coop_require(
            COOP_USER, message=self.env._("Only the members' office opens a consignor's records.")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "product.product_template_action_all"
        )
        action["domain"] = [("coop_consignor_id", "=", self.id)]
        action["context"] = {"default_coop_consignor_id": self.id, "default_is_storable": True}
        return action

    def action_coop_view_statements(self):
        self.ensure_one()
        self.env["res.users"]._coop_require(
            COOP_USER, message=self.env._("Only the members' office opens a consignor's records.")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_payout.action_coop_consignment_statement"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_coop_return_goods(self):
        self.ensure_one()
        self.env["res.users"]._coop_require(
            "stock.group_stock_user",
            message=self.env._("Only warehouse staff return goods to a consignor."),
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Unsold Goods"),
            "res_model": "coop.consignment.return.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }
