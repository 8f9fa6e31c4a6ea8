from odoo import http
from odoo.http import request

from odoo.addons.coop_membership_pos.models.pos_order import PAID_STATES
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PURCHASES_PER_PAGE = 20


class CoopPurchasesPortal(CustomerPortal):
    """A member's own purchases: the till's receipts and the group orders' invoices."""

    def _coop_own_purchases_domain(self):
        # The member behind the user, never an id from the request: the rows are then
        # read as the system, the report being closed to portal users.
        return [("partner_id", "=", self._coop_partner().id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_purchase_count" in counters:
            values["coop_purchase_count"] = (
                request.env["coop.sales.report"]
                .sudo()
                .search_count(self._coop_own_purchases_domain())
            )
        return values

    @http.route(
        ["/my/purchases", "/my/purchases/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_purchases(self, page=1, **kw):
        Report = request.env["coop.sales.report"].sudo()
        domain = self._coop_own_purchases_domain()
        total = Report.search_count(domain)
        pager = portal_pager(url="/my/purchases", total=total, page=page, step=PURCHASES_PER_PAGE)
        purchases = Report.search(domain, limit=PURCHASES_PER_PAGE, offset=pager["offset"])
        company = Report.env.company  # read as the system: the shop's time zone
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "coop_purchases",
                "pager": pager,
                "purchases": purchases,
                "when": {
                    purchase.id: self._coop_purchase_when(purchase, company)
                    for purchase in purchases
                },
            }
        )
        return request.render("coop_reporting_sales.portal_my_purchases", values)

    def _coop_purchase_when(self, purchase, company):
        if purchase.source == "round":
            return company._coop_format_day(purchase.move_id.invoice_date)
        return company._coop_format_moment(purchase.date)

    @http.route("/my/purchases/till/<int:order_id>", type="http", auth="user", website=True)
    def portal_my_till_receipt(self, order_id, **kw):
        partner = self._coop_partner()
        order = request.env["pos.order"].sudo().browse(order_id).exists()
        # Someone else's receipt, or one not paid, is not found rather than forbidden: an
        # id tried at random says nothing about other members.
        if not order or order.partner_id != partner or order.state not in PAID_STATES:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "coop_purchase_receipt",
                "order": order,
                "when": order.company_id._coop_format_moment(order.date_order),
            }
        )
        return request.render("coop_reporting_sales.portal_my_till_receipt", values)
