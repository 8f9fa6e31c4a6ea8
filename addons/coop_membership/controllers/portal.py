import io
import json
import zipfile

from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.res_company import shop_today

CERTIFICATE_REPORT = "coop_membership.action_report_coop_share_certificate"


class CoopMembershipPortal(CustomerPortal):
    # ------------------------------------------------------------ helpers

    def _coop_partner(self):
        """The member behind the current user (every coop portal page asks this)."""
        return request.env["res.partner"]._coop_current_member()

    def _coop_may_see_card(self, owner, partner_id):
        """Whether `owner` may see the card of `partner_id`: their own, or their household's."""
        if partner_id == owner.id:
            return True
        # Portal record rules hide household members (separate people, not contacts of
        # the owner's company); the domain itself carries the ownership condition.
        return bool(
            request.env["res.partner"]
            .sudo()
            .search_count(
                [("id", "=", partner_id), ("coop_household_head_id", "=", owner.id)], limit=1
            )
        )

    def _coop_capital_invoices(self, partner):
        """Capital invoices and refunds of `partner`, read with the user's own rights."""
        Move = request.env["account.move"]
        if not Move.has_access("read"):
            return Move
        capital_journals = (
            request.env["account.journal"].sudo().search([("coop_is_share_capital", "=", True)])
        )
        invoices = Move.search(
            [
                ("journal_id", "in", capital_journals.ids),
                ("commercial_partner_id", "=", partner.id),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
            ],
            order="invoice_date desc, id desc",
        )
        for invoice in invoices.filtered(lambda m: not m.access_token):
            invoice._portal_ensure_token()
        return invoices

    def _coop_membership_values(self, partner):
        # `partner` is the user's own commercial partner; sudo is needed from here on
        # because its status reason and cards read the household head and members.
        partner_sudo = partner.sudo()
        return {
            "page_name": "coop_membership",
            "partner": partner_sudo,
            "holdings": partner_sudo._coop_holdings(),
            "household_head": partner_sudo.coop_household_head_id,
            "household_members": partner_sudo.coop_household_member_ids,
            "pending_requests": partner_sudo.coop_subscription_request_ids.filtered(
                lambda r: r.state == "draft"
            ),
            "capital_invoices": self._coop_capital_invoices(partner),
            # Shares are in company currency; read as sudo like the rest of the member's data.
            "currency": request.env.company.sudo().currency_id,
        }

    # ------------------------------------------------------------ portal home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_membership_count" in counters:
            values["coop_membership_count"] = int(bool(self._coop_partner().coop_membership_state))
        return values

    # ------------------------------------------------------------ routes

    @http.route("/my/membership", type="http", auth="user", website=True)
    def portal_my_membership(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(self._coop_membership_values(self._coop_partner()))
        return request.render("coop_membership.portal_my_membership", values)

    @http.route("/my/membership/certificate", type="http", auth="user", website=True)
    def portal_my_membership_certificate(self, download=False, **kw):
        partner = self._coop_partner()
        if partner.coop_share_count <= 0:
            raise request.not_found()
        return self._show_report(partner.sudo(), "pdf", CERTIFICATE_REPORT, download=download)

    @http.route("/my/membership/card/<int:partner_id>", type="http", auth="user", website=True)
    def portal_my_membership_card(self, partner_id, **kw):
        owner = self._coop_partner()
        if not self._coop_may_see_card(owner, partner_id):
            raise request.not_found()
        card_partner = request.env["res.partner"].browse(partner_id).sudo()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "coop_membership_card", "card_partner": card_partner})
        return request.render("coop_membership.portal_my_membership_card", values)

    @http.route("/my/data-export", type="http", auth="user", website=True)
    def portal_my_data_export(self, **kw):
        """All the co-op holds about the current user, as a zip: the data as JSON and the
        documents they sent (such as certificates). Only ever their own: the person comes
        from the session, never from the request."""
        partner = self._coop_partner()
        if not partner:
            raise request.not_found()
        data = partner._coop_personal_data_export()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "my-data.json", json.dumps(data, indent=2, ensure_ascii=False, default=str)
            )
            for path, content in partner._coop_personal_data_files():
                archive.writestr(path, content)
        filename = f"my-data-{shop_today(partner)}.zip"
        return request.make_response(
            buffer.getvalue(),
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )
