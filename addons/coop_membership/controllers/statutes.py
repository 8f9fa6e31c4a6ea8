from odoo import http
from odoo.http import request


class CoopStatutes(http.Controller):
    """The statutes and internal rules people accept when they join, readable by anyone
    once in force. Drafts and versions published ahead of their date stay private."""

    @http.route(
        "/coop/statutes/<int:version_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def coop_statutes_version(self, version_id, **kwargs):
        # sudo: nobody outside the office may read versions; this route shows the public ones.
        version = request.env["coop.statutes.version"].sudo().browse(version_id).exists()
        if not version or not version._coop_is_public():
            raise request.not_found()
        if version.document:
            stream = request.env["ir.binary"]._get_stream_from(
                version,
                "document",
                filename=version.document_filename or f"{version.display_name}.pdf",
                # Only PDFs are accepted; never let the stored type make it a web page.
                mimetype="application/pdf",
            )
            return stream.get_response(as_attachment=False)
        return request.render("coop_membership.coop_statutes_page", {"version": version})
