import base64

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.coop_membership.controllers.portal import CoopMembershipPortal

PAGE = {"type": "http", "auth": "user", "website": True}
POST = {**PAGE, "methods": ["POST"]}


class CoopAssemblyPortal(CoopMembershipPortal):
    """My Assemblies. The member acts as themselves only: every route starts from the
    caller's own partner (never an id the browser sends), finds the assembly with the
    caller's rights (called assemblies only), and lets the models check the roll."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_assembly_count" in counters:
            values["coop_assembly_count"] = request.env["coop.assembly"].search_count([])
        return values

    def _coop_assembly(self, assembly_id):
        assembly = request.env["coop.assembly"].search([("id", "=", assembly_id)])
        if not assembly:
            raise request.not_found()
        return assembly

    def _coop_assembly_post(self, assembly_id, action, done):
        """Run `action` all or nothing; when the model refuses, show the page and why."""
        assembly = self._coop_assembly(assembly_id)
        try:
            with request.env.cr.savepoint():
                action(assembly.sudo(), self._coop_partner())
        except (UserError, ValidationError, AccessError) as error:
            return self._coop_render_assembly(assembly, error=error.args[0])
        return request.redirect(f"/my/assemblies/{assembly.id}?done={done}")

    def _coop_render_assembly(self, assembly, error=None, done=None):
        partner = self._coop_partner()
        messages = {
            "voted": request.env._("Your vote is recorded."),
            "proxy": request.env._("Your proxy is given."),
            "revoked": request.env._("You took your proxy back: you vote yourself."),
        }
        values = {
            **self._prepare_portal_layout_values(),
            **assembly.sudo()._coop_portal_values(partner),
            "page_name": "coop_assembly",
            "error": error,
            "done": messages.get(done),
        }
        return request.render("coop_assembly.portal_my_assembly", values)

    @http.route("/my/assemblies", **PAGE)
    def portal_my_assemblies(self, **kw):
        assemblies = request.env["coop.assembly"].search([])
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "coop_assemblies",
            "assemblies": assemblies,
            "adopted": request.env["coop.assembly.resolution"].search(
                [("result", "=", "adopted")], order="closed_at desc, id desc"
            ),
        }
        return request.render("coop_assembly.portal_my_assemblies", values)

    @http.route("/my/assemblies/<int:assembly_id>", methods=["GET"], **PAGE)
    def portal_my_assembly(self, assembly_id, done=None, **kw):
        return self._coop_render_assembly(self._coop_assembly(assembly_id), done=done)

    @http.route("/my/assemblies/<int:assembly_id>/vote", **POST)
    def portal_my_assembly_vote(self, assembly_id, resolution_id=None, choice=None, **kw):
        def vote(assembly, partner):
            assembly._coop_portal_vote(partner, resolution_id, choice)

        return self._coop_assembly_post(assembly_id, vote, "voted")

    @http.route("/my/assemblies/<int:assembly_id>/proxy", **POST)
    def portal_my_assembly_proxy(self, assembly_id, holder_number=None, **kw):
        def give(assembly, partner):
            assembly._coop_portal_give_proxy(partner, holder_number)

        return self._coop_assembly_post(assembly_id, give, "proxy")

    @http.route("/my/assemblies/<int:assembly_id>/proxy/revoke", **POST)
    def portal_my_assembly_proxy_revoke(self, assembly_id, **kw):
        def revoke(assembly, partner):
            assembly._coop_portal_revoke_proxy(partner)

        return self._coop_assembly_post(assembly_id, revoke, "revoked")

    @http.route("/my/assemblies/<int:assembly_id>/documents/<int:attachment_id>", **PAGE)
    def portal_my_assembly_document(self, assembly_id, attachment_id, **kw):
        """A document of a called assembly: only those the assembly lists (or its proxy
        form), read as the system once the assembly itself was found with the caller's
        rights."""
        assembly = self._coop_assembly(assembly_id).sudo()
        attachment = (assembly.document_ids | assembly.proxy_form_id).filtered(
            lambda a: a.id == attachment_id
        )
        if not attachment:
            raise request.not_found()
        return request.make_response(
            base64.b64decode(attachment.datas or b""),
            headers=[
                ("Content-Type", attachment.mimetype or "application/octet-stream"),
                ("Content-Disposition", http.content_disposition(attachment.name)),
            ],
        )
