from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..const import OFFICE


class CoopWorkingGroup(models.Model):
    """A standing group of members who take on part of the co-op's work (accounts,
    purchasing, the newsletter), with leads who manage its members and a chat of its own."""

    _name = "coop.working.group"
    _description = "Working Group"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    purpose = fields.Html(help="What the group does, shown to members in the portal.")
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    membership_ids = fields.One2many(
        "coop.working.group.membership",
        "group_id",
        string="Memberships",
        help="Who joined and left, with the dates: a departure closes a line, never deletes it.",
    )
    member_ids = fields.Many2many(
        "res.partner", string="Members", compute="_compute_members", compute_sudo=True
    )
    lead_ids = fields.Many2many(
        "res.partner",
        string="Leads",
        compute="_compute_members",
        inverse="_inverse_lead_ids",
        compute_sudo=True,
        help="Members who manage the group's members; a lead must be a member of the co-op.",
    )
    member_count = fields.Integer(
        string="Members Count", compute="_compute_members", compute_sudo=True
    )
    channel_id = fields.Many2one(
        "discuss.channel",
        string="Chat",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The group's own Discuss chat, whose members follow the group's.",
    )
    # Decides a member's standing through their shift counters: staff set it.
    hours_count_as_work = fields.Boolean(
        string="Hours Count as Shift Work",
        groups="base.group_user",
        tracking=True,
        help="Hours worked for the group, once confirmed, are credited to the member's shift "
        "counter, within the co-op's cap per cycle.",
    )
    hours_ids = fields.One2many(
        "coop.working.group.hours", "group_id", string="Hours", groups="base.group_user"
    )
    # Portal members read the meetings through the group's page, after their membership.
    meeting_ids = fields.One2many(
        "calendar.event", "coop_working_group_id", string="Meetings", groups="base.group_user"
    )
    meeting_count = fields.Integer(
        string="Meetings Count", compute="_compute_meeting_count", groups="base.group_user"
    )

    # ------------------------------------------------------------ members

    @api.depends("membership_ids.partner_id", "membership_ids.role", "membership_ids.date_end")
    def _compute_members(self):
        for group in self:
            current = group.membership_ids.filtered(lambda m: not m.date_end)
            group.member_ids = current.partner_id
            group.lead_ids = current.filtered(lambda m: m.role == "lead").partner_id
            group.member_count = len(current)

    def _compute_meeting_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                [("coop_working_group_id", "in", self.ids)], ["coop_working_group_id"], ["__count"]
            )
        )
        for group in self:
            group.meeting_count = counts.get(group, 0)

    def _inverse_lead_ids(self):
        """Leads set on the form: new leads join (or are promoted), dropped ones stay members."""
        for group in self:
            current = group.sudo().membership_ids.filtered(lambda m: not m.date_end)
            wanted = group.lead_ids
            for membership in current:
                role = "lead" if membership.partner_id in wanted else "member"
                if membership.role != role:
                    membership.role = role
            for partner in wanted - current.partner_id:
                group._coop_join(partner, role="lead")

    @api.model
    def _coop_acting_partner(self):
        """The person the caller is (their commercial partner)."""
        return self.env.user.partner_id.commercial_partner_id

    def _coop_current_membership(self, partner):
        self.ensure_one()
        return (
            self.env["coop.working.group.membership"]
            .sudo()
            .search(
                [
                    ("group_id", "=", self.id),
                    ("partner_id", "=", partner.id),
                    ("date_end", "=", False),
                ],
                limit=1,
            )
        )

    def _coop_is_lead(self, partner):
        """Whether `partner` leads this group today."""
        return self._coop_current_membership(partner).role == "lead"

    def _coop_may_manage(self):
        """Whether the caller manages this group's members: its leads, and the members' office."""
        self.ensure_one()
        if self.env["res.users"]._coop_acts_as(OFFICE):
            return True
        return self._coop_is_lead(self._coop_acting_partner())

    def _coop_check_acts_for(self, partner):
        """A member acts for themselves; only a lead or the office acts for someone else."""
        self.ensure_one()
        if partner == self._coop_acting_partner() or self._coop_may_manage():
            return
        raise AccessError(
            self.env._(
                "You may join or leave %(group)s only for yourself: its leads manage its members.",
                group=self.sudo().name,
            )
        )

    def _coop_join_refusal(self, partner):
        """Why `partner` may not join this group, or an empty string.

        Only members of the co-op join: coop_membership's own verdict (shares held) decides.
        """
        self.ensure_one()
        group = self.sudo()
        if not group.active:
            return self.env._("The working group %s is closed.", group.name)
        if partner.sudo().coop_membership_state != "member":
            return self.env._(
                "Only members of the co-op may join a working group: %s holds no shares.",
                partner.sudo().name,
            )
        if self._coop_current_membership(partner):
            return self.env._(
                "%(name)s is already in %(group)s.", name=partner.sudo().name, group=group.name
            )
        return ""

    def _coop_may_join(self, partner):
        return not self._coop_join_refusal(partner)

    def _coop_join(self, partner, role="member"):
        """`partner` joins the group today (as a lead if `role` says so)."""
        self.ensure_one()
        self._coop_check_acts_for(partner)
        if role == "lead" and not self._coop_may_manage():
            raise AccessError(self.env._("Only the members' office or a lead names a lead."))
        refusal = self._coop_join_refusal(partner)
        if refusal:
            raise ValidationError(refusal)
        # Checked above who acts: the line is written as the system.
        return (
            self.env["coop.working.group.membership"]
            .sudo()
            .create({"group_id": self.id, "partner_id": partner.id, "role": role})
        )

    def _coop_leave(self, partner):
        """`partner` leaves the group today: a member for themselves, or removed by a lead."""
        self.ensure_one()
        self._coop_check_acts_for(partner)
        membership = self._coop_current_membership(partner)
        if not membership:
            raise ValidationError(
                self.env._(
                    "%(name)s is not in %(group)s.",
                    name=partner.sudo().name,
                    group=self.sudo().name,
                )
            )
        membership._coop_close()
        return membership

    def _coop_check_may_record_hours(self, partner):
        """The members' office records and confirms hours; a lead, those of the other
        members of their group (never their own)."""
        self.ensure_one()
        if self.env["res.users"]._coop_acts_as(OFFICE):
            return
        actor = self._coop_acting_partner()
        if partner != actor and self._coop_is_lead(actor):
            return
        raise AccessError(
            self.env._(
                "Only the members' office or a lead of %s records and confirms its hours, "
                "and a lead not their own.",
                self.sudo().name,
            )
        )

    def _coop_record_hours(self, partner, day, hours, note=None):
        """Hours `partner` worked for the group, recorded and credited at once: by the
        members' office, or by a lead for another member (the portal's form)."""
        self.ensure_one()
        self._coop_check_may_record_hours(partner)
        Hours = self.env["coop.working.group.hours"]
        values = {"group_id": self.id, "partner_id": partner.id, "hours": hours, "note": note}
        if day:
            values["date"] = day
        # Written as the system (a portal lead has no rights on the model), then checked
        # and confirmed as the caller: a refusal undoes the entry with the transaction.
        entry = Hours.sudo().create(values).sudo(False)
        entry.action_confirm()
        return entry

    # ------------------------------------------------------------ meetings

    def action_coop_schedule_meeting(self):
        """The form's button: a new calendar meeting of the group, its members invited (the
        meeting's own creation checks again who may link it to the group)."""
        self.ensure_one()
        if not self._coop_may_manage():
            raise AccessError(
                self.env._(
                    "Only the leads of %s and the members' office schedule its meetings.",
                    self.sudo().name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Schedule a Meeting"),
            "res_model": "calendar.event",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_coop_working_group_id": self.id,
                "default_name": self.env._("%s meeting", self.sudo().name),
                "default_partner_ids": self.sudo().member_ids.ids,
            },
        }

    def action_coop_view_meetings(self):
        """The smart button: the group's meetings on the calendar and in a list."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("calendar.action_calendar_event")
        action.update(
            {
                "name": self.env._("Meetings of %s", self.name),
                "domain": [("coop_working_group_id", "=", self.id)],
                "context": {"default_coop_working_group_id": self.id},
            }
        )
        return action

    def _coop_sync_meetings(self):
        """The coming meetings' attendees follow the group's members: who joins is invited,
        who left is taken off (past meetings keep who was there)."""
        meetings = (
            self.env["calendar.event"]
            .sudo()
            .search(
                [
                    ("coop_working_group_id", "in", self.ids),
                    ("start", ">=", fields.Datetime.now()),
                ]
            )
        )
        for meeting in meetings:
            group = meeting.coop_working_group_id
            wanted = group.member_ids
            left = group.membership_ids.filtered("date_end").partner_id - wanted
            commands = [Command.link(p.id) for p in wanted - meeting.partner_ids]
            commands += [Command.unlink(p.id) for p in left & meeting.partner_ids]
            if commands:
                meeting.partner_ids = commands

    def _coop_next_meetings(self, limit=5):
        """The group's meetings still to come, soonest first, for its members' portal page.
        Read as the system: the caller checked that the reader is a member."""
        self.ensure_one()
        return (
            self.env["calendar.event"]
            .sudo()
            .search(
                [("coop_working_group_id", "=", self.id), ("stop", ">=", fields.Datetime.now())],
                order="start, id",
                limit=limit,
            )
        )

    # ------------------------------------------------------------ the group's chat

    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        for group in groups.filtered(lambda g: not g.channel_id):
            # A private group chat: its members only, portal members included.
            members = group.sudo().membership_ids.filtered(lambda m: not m.date_end).partner_id
            channel = (
                self.env["discuss.channel"]
                .sudo()
                .create(
                    {
                        "name": group.name,
                        "channel_type": "group",
                        "channel_partner_ids": [Command.link(pid) for pid in members.ids],
                    }
                )
            )
            # Discuss always adds whoever creates a chat: staff who set the group up are
            # not in it unless they are members.
            channel.channel_member_ids.filtered(lambda m, p=members: m.partner_id not in p).unlink()
            group.sudo().channel_id = channel
        return groups

    def write(self, vals):
        if "channel_id" in vals and not self.env.su:
            raise AccessError(self.env._("A working group keeps the chat made with it."))
        res = super().write(vals)
        if "name" in vals:
            for group in self.filtered("channel_id"):
                group.channel_id.sudo().name = group.name
        return res

    def _coop_sync_channel(self):
        """The chat's members are the group's current members: add who joined, remove who left."""
        for group in self.sudo().filtered("channel_id"):
            channel = group.channel_id
            wanted = group.membership_ids.filtered(lambda m: not m.date_end).partner_id
            present = channel.channel_member_ids.partner_id
            if wanted - present:
                channel.add_members(partner_ids=(wanted - present).ids, post_joined_message=False)
            left = group.membership_ids.filtered("date_end").partner_id - wanted
            channel.channel_member_ids.filtered(lambda m, left=left: m.partner_id in left).unlink()

    # ------------------------------------------------------------ portal

    @api.model
    def _coop_portal_groups(self, partner):
        """(open groups, {group id: the partner's current membership}) for My Working Groups."""
        groups = self.sudo().search([("company_id", "in", self.env.companies.ids)])
        memberships = (
            self.env["coop.working.group.membership"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("date_end", "=", False),
                    ("group_id", "in", groups.ids),
                ]
            )
        )
        return groups, {m.group_id.id: m for m in memberships}
