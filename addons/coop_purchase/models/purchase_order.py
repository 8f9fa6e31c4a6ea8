from odoo import api, fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    coop_round_id = fields.Many2one(
        "coop.purchase.round", string="Group Order", index="btree_not_null"
    )

    @api.model
    def _coop_supplier_defaults(self, suppliers, company):
        """{supplier: what Odoo's purchase form fills in for an order to it in `company`}:
        its supplier onchange's fiscal position, payment terms, currency and buyer, overrides
        included. Orders made without the form (a round's close, the reorder proposal)
        start from these."""
        Order = self.with_company(company)
        # What the onchange reads, for all suppliers at once (one query, not two each).
        suppliers.with_env(Order.env).fetch(
            [
                "property_supplier_payment_term_id",
                "property_purchase_currency_id",
                "property_account_position_id",
                "buyer_id",
                "commercial_partner_id",
                "country_id",
                "state_id",
                "zip",
                "vat",
            ]
        )
        defaults = {}
        for supplier in suppliers:
            order = Order.new({"partner_id": supplier.id, "company_id": company.id})
            order.onchange_partner_id()
            defaults[supplier] = {
                "fiscal_position_id": order.fiscal_position_id.id,
                "payment_term_id": order.payment_term_id.id,
                "currency_id": order.currency_id.id,
                "user_id": order.user_id.id,
            }
        return defaults
