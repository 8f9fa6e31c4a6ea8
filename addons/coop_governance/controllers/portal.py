from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.coop_membership.controllers.portal import CoopMembershipPortal

PAGE = {"type": "http", "auth": "user", "website": True}
POST = {**PAGE, "methods": ["POST"]}


class CoopGovernancePortal(CoopMembershipPortal):
    """My Working Groups. The routes run in the caller's own environment: the models check
    who acts (themselves, or a lead of the group) before they write anything as the system."""

    def _coop_membership_values(self, partner):
        values = super()._coop_membership_values(partner)
        # `partner` is the user's own (see super): their next onboarding step, nobody else's.
        values["onboarding_next_step"] = partner.sudo()._coop_onboarding_next_step()
        return values

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_working_group_count" in counters:
            # The open groups, for members (who may join them): the tile shows when there are.
            partner = self._coop_partner().sudo()
            count = 0
            if partner.coop_membership_state == "member":
                count = request.env["coop.working.group"].search_count([])
            values["coop_working_group_count"] = count
        return values

    def _coop_group(self, group_id):
        """An open group, found with the caller's own rights (portal rules: open groups only)."""
        group = request.env["coop.working.group"].search([("id", "=", group_id)])
        if not group:
            raise request.not_found()
        return group

    def _coop_group_post(self, group_id, action, done, back=None):
        """Run `action` all or nothing; when the model refuses, show the page and why."""
        group = self._coop_group(group_id)
        try:
            with request.env.cr.savepoint():
                action(group, self._coop_partner())
        except (UserError, ValidationError, AccessError) as error:
            if back == "group":
                return self._coop_render_group(group, error=error.args[0])
            return self._coop_render_groups(error=error.args[0])
        url = f"/my/working-groups/{group.id}" if back == "group" else "/my/working-groups"
        return request.redirect(f"{url}?done={done}")

    def _coop_done_message(self, done):
        return {
            "joined": request.env._("Welcome to the group."),
            "left": request.env._("You left the group."),
            "removed": request.env._("The member was removed from the group."),
            "hours": request.env._("The hours are recorded and credited."),
        }.get(done)

    def _coop_render_groups(self, error=None, done=None):
        partner = self._coop_partner()
        groups, mine = request.env["coop.working.group"]._coop_portal_groups(partner)
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "coop_working_groups",
            "groups": groups,
            "mine": mine,
            "may_join": partner.sudo().coop_membership_state == "member",
            "error": error,
            "done": self._coop_done_message(done),
        }
        return request.render("coop_governance.portal_my_working_groups", values)

    def _coop_render_group(self, group, error=None, done=None):
        partner = self._coop_partner()
        is_lead = group._coop_is_lead(partner)
        membership = group._coop_current_membership(partner)
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "coop_working_group",
            "group": group.sudo(),
            "membership": membership,
            "is_lead": is_lead,
            # The members' list is for the group's leads only.
            "memberships": group.sudo().membership_ids.filtered(lambda m: not m.date_end)
            if is_lead
            else request.env["coop.working.group.membership"],
            "partner": partner,
            "may_join": group._coop_may_join(partner),
            # A group's meetings are for its members only.
            "meetings": group._coop_next_meetings()
            if membership
            else request.env["calendar.event"],
            "error": error,
            "done": self._coop_done_message(done),
        }
        return request.render("coop_governance.portal_my_working_group", values)

    @http.route("/my/working-groups", **PAGE)
    def portal_my_working_groups(self, done=None, **kw):
        return self._coop_render_groups(done=done)

    @http.route("/my/working-groups/<int:group_id>", methods=["GET"], **PAGE)
    def portal_my_working_group(self, group_id, done=None, **kw):
        return self._coop_render_group(self._coop_group(group_id), done=done)

    @http.route("/my/working-groups/<int:group_id>/join", **POST)
    def portal_my_working_group_join(self, group_id, back=None, **kw):
        def join(group, partner):
            group._coop_join(partner)

        return self._coop_group_post(group_id, join, "joined", back)

    @http.route("/my/working-groups/<int:group_id>/leave", **POST)
    def portal_my_working_group_leave(self, group_id, back=None, **kw):
        def leave(group, partner):
            group._coop_leave(partner)

        return self._coop_group_post(group_id, leave, "left", back)

    @http.route("/my/working-groups/<int:group_id>/remove", **POST)
    def portal_my_working_group_remove(self, group_id, partner_id=None, **kw):
        """A lead removes a member: the model refuses anyone who does not lead the group."""

        def remove(group, partner):
            if not str(partner_id or "").isdigit():
                raise UserError(request.env._("Choose whom to remove."))
            group._coop_leave(request.env["res.partner"].browse(int(partner_id)))

        return self._coop_group_post(group_id, remove, "removed", "group")

    @http.route("/my/working-groups/<int:group_id>/hours", **POST)
    def portal_my_working_group_hours(
        self, group_id, partner_id=None, date=None, hours=None, note=None, **kw
    ):
        """A lead records hours another member worked for the group: the model checks that
        the caller leads it, and credits them within the cap."""

        def record(group, partner):
            if not str(partner_id or "").isdigit():
                raise UserError(request.env._("Choose whose hours these are."))
            try:
                worked = float(hours or 0)
            except ValueError:
                raise UserError(request.env._("Give the hours as a number, e.g. 2.5.")) from None
            try:
                day = fields.Date.to_date(date) if date else None
            except ValueError:
                raise UserError(request.env._("Give the day as a date.")) from None
            member = request.env["res.partner"].browse(int(partner_id))
            group._coop_record_hours(member, day, worked, note or None)

        return self._coop_group_post(group_id, record, "hours", "group")
