from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

STATEMENT_REPORT = "coop_payout.action_report_coop_consignment_statement"


class CoopPayoutPortal(CustomerPortal):
    # The paths keep their first name: links in statements already mailed still open.
    def _coop_own_statement(self, statement_id, access_token=None):
        """The statement (sudo) if the user may read it or holds its link's token, else
        empty: record rules decide, so another payee's id finds nothing."""
        try:
            statement = self._document_check_access(
                "coop.consignment.statement", statement_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.env["coop.consignment.statement"]
        # A token never opens a draft: payees see statements once posted.
        return statement.filtered(lambda s: s.state in ("posted", "paid"))

    # ------------------------------------------------------------ routes

    @http.route(
        "/my/consignment/statements/<int:statement_id>", type="http", auth="user", website=True
    )
    def portal_my_consignment_statement(self, statement_id, access_token=None, **kw):
        statement = self._coop_own_statement(statement_id, access_token)
        if not statement:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "coop_consignment_statement",
                "statement": statement,
                "access_token": access_token,
            }
        )
        return request.render("coop_payout.portal_my_consignment_statement", values)

    @http.route(
        "/my/consignment/statements/<int:statement_id>/pdf",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_consignment_statement_pdf(
        self, statement_id, access_token=None, download=False, **kw
    ):
        statement = self._coop_own_statement(statement_id, access_token)
        if not statement:
            raise request.not_found()
        return self._show_report(statement, "pdf", STATEMENT_REPORT, download=download)
