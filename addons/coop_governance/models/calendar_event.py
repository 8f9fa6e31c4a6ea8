from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    coop_working_group_id = fields.Many2one(
        "coop.working.group",
        string="Working Group",
        index="btree_not_null",
        ondelete="set null",
        help="A meeting of this working group: its members are invited, its chat is told, and "
        "its members see it on the group's portal page.",
    )

    def _coop_check_may_link_group(self, group):
        """Only who manages a group (its leads, the members' office) puts a meeting on it:
        the meeting then shows to its members and in its chat."""
        if group and not group._coop_may_manage():
            raise AccessError(
                self.env._(
                    "Only the leads of %s and the members' office schedule its meetings.",
                    group.sudo().name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        Group = self.env["coop.working.group"]
        for vals in vals_list:
            group = Group.browse(vals.get("coop_working_group_id"))
            if group:
                self._coop_check_may_link_group(group)
                # Invited: the group's current members, besides whoever was named.
                members = group.sudo().member_ids
                vals["partner_ids"] = [*vals.get("partner_ids", []), *[(4, p) for p in members.ids]]
        events = super().create(vals_list)
        # A recurring meeting is told once, with its first meeting, not once per occurrence.
        events.filtered(
            lambda e: (
                e.coop_working_group_id
                and (not e.recurrence_id or e.recurrence_id.base_event_id == e)
            )
        )._coop_announce_in_group_chat()
        return events

    def write(self, vals):
        if vals.get("coop_working_group_id"):
            self._coop_check_may_link_group(
                self.env["coop.working.group"].browse(vals["coop_working_group_id"])
            )
        elif "coop_working_group_id" in vals:
            for event in self:
                self._coop_check_may_link_group(event.coop_working_group_id)
        return super().write(vals)

    def _coop_meeting_place(self):
        """Where the meeting is held, as members read it: the room, and the video link."""
        self.ensure_one()
        return " · ".join(filter(None, [self.location, self.videocall_location]))

    def _coop_announce_in_group_chat(self):
        """Tell the group's chat that a meeting is scheduled, at the shop's local time."""
        for event in self.sudo():
            group = event.coop_working_group_id
            if not group.channel_id:
                continue
            when = group.company_id._coop_format_moment(event.start)
            body = Markup("<p>%s</p>") % self.env._(
                "Meeting scheduled: %(name)s, %(when)s.", name=event.name, when=when
            )
            place = event._coop_meeting_place()
            if place:
                body += Markup("<p>%s</p>") % place
            group.channel_id.message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
