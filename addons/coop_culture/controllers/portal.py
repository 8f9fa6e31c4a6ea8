from odoo import http
from odoo.http import request

from odoo.addons.coop_membership.models.res_company import shop_today
from odoo.addons.portal.controllers.portal import CustomerPortal


class CoopConsignmentPortal(CustomerPortal):
    # ------------------------------------------------------------ helpers

    def _coop_consignor(self):
        """The consignor behind the current user (their commercial partner), or an empty
        record when the user consigns nothing. Browsed in the user's own environment."""
        partner = self._coop_partner()
        return partner if partner.sudo().coop_is_consignor else partner.browse()

    def _coop_own_product(self, consignor, template_id):
        # Ownership is checked on an id before anything is read as sudo.
        template = request.env["product.template"].sudo().browse(template_id).exists()
        if not consignor or not template or template.coop_consignor_id.id != consignor.id:
            return template.browse()
        return template

    def _coop_month_sales(self, consignor, template=None):
        """This month's sales so far, computed as an unsaved statement would."""
        today = shop_today(consignor)
        draft = (
            request.env["coop.consignment.statement"]
            .sudo()
            .new(
                {
                    "partner_id": consignor.id,
                    "company_id": request.env.company.id,
                    "date_from": today.replace(day=1),
                    "date_to": today,
                }
            )
        )
        lines = draft._coop_payout_collect_lines()
        if template:
            variants = set(template.product_variant_ids.ids)
            lines = [line for line in lines if line["product_id"] in variants]
        Product = request.env["product.product"].sudo()
        for line in lines:
            line["product"] = Product.browse(line["product_id"])
        return lines

    # ------------------------------------------------------------ portal home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_consignment_count" in counters:
            values["coop_consignment_count"] = int(bool(self._coop_consignor()))
        return values

    # ------------------------------------------------------------ routes

    @http.route("/my/consignment", type="http", auth="user", website=True)
    def portal_my_consignment(self, **kw):
        consignor = self._coop_consignor()
        if not consignor:
            raise request.not_found()
        consignor_sudo = consignor.sudo()
        stock = consignor_sudo._coop_consigned_stock()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "coop_consignment",
                "consignor": consignor_sudo,
                "stock": sorted(stock.items(), key=lambda item: item[0].display_name),
                "products": consignor_sudo.coop_consigned_product_ids,
                "sales": self._coop_month_sales(consignor),
                "statements": request.env["coop.consignment.statement"].search(
                    [("partner_id", "=", consignor.id)]
                ),
                "currency": request.env.company.sudo().currency_id,
            }
        )
        return request.render("coop_culture.portal_my_consignment", values)

    @http.route(
        "/my/consignment/products/<int:template_id>", type="http", auth="user", website=True
    )
    def portal_my_consigned_product(self, template_id, **kw):
        consignor = self._coop_consignor()
        template = self._coop_own_product(consignor, template_id)
        if not template:
            raise request.not_found()
        stock = consignor.sudo()._coop_consigned_stock()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "coop_consigned_product",
                "template": template,
                "on_hand": sum(
                    quantity
                    for product, quantity in stock.items()
                    if product.product_tmpl_id == template
                ),
                "sales": self._coop_month_sales(consignor, template),
                "currency": request.env.company.sudo().currency_id,
            }
        )
        return request.render("coop_culture.portal_my_consigned_product", values)
