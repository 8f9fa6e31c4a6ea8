"""Who may call or write what that coop_governance adds: every public method and every field
it defines, tried by member B (a portal member who leads nothing), a portal lead, a plain
employee and the members' office, on things that are not theirs. A new public method, field
or route without an entry here fails the test."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.coop_governance import controllers as coop_governance_controllers
from odoo.addons.coop_governance import models as coop_governance_models
from odoo.addons.coop_membership.tests.inventory import (
    DENIED,
    OK,
    REFUSED,
    AccessInventoryMixin,
    addon_public_methods_and_fields,
)

from .common import CoopGovernanceCase

ROLES = ("portal", "lead", "employee", "office")


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def office_only(office=OK):
    return {"portal": DENIED, "lead": DENIED, "employee": DENIED, "office": office}


def lead_and_office():
    return {"portal": DENIED, "lead": OK, "employee": DENIED, "office": OK}


# (model, method or field) -> {what is tried: {role: outcome}}. Each "what" is a method of
# TestAccessInventory named _try_<what>, run as the role's user.
INVENTORY = {
    ("coop.working.group", "create"): {"create_group": office_only()},
    ("coop.working.group", "write"): {"rename_group": office_only()},
    ("coop.working.group", "name"): {"rename_group": office_only()},
    ("coop.working.group", "purpose"): {"purpose": office_only()},
    ("coop.working.group", "active"): {"archive_group": office_only()},
    ("coop.working.group", "company_id"): {"group_company": office_only()},
    ("coop.working.group", "membership_ids"): {"stay_through_group": office_only()},
    ("coop.working.group", "lead_ids"): {"name_lead": office_only()},
    ("coop.working.group", "channel_id"): {"move_channel": everyone(DENIED)},
    ("coop.working.group", "hours_count_as_work"): {"hours_count": office_only()},
    ("coop.working.group", "hours_ids"): {"hours_through_group": office_only()},
    ("coop.working.group.membership", "create"): {"add_stay": office_only()},
    ("coop.working.group.membership", "write"): {"change_role": office_only()},
    ("coop.working.group.membership", "role"): {"change_role": office_only()},
    ("coop.working.group.membership", "date_end"): {"close_stay_by_hand": office_only()},
    ("coop.working.group.membership", "group_id"): {"move_stay": office_only(REFUSED)},
    ("coop.working.group.membership", "partner_id"): {"swap_stay": office_only(REFUSED)},
    ("coop.working.group.membership", "date_start"): {"backdate_stay": office_only(REFUSED)},
    ("coop.working.group.membership", "unlink"): {"delete_stay": everyone(DENIED)},
    ("coop.working.group.membership", "action_coop_leave"): {"remove_member_a": lead_and_office()},
    ("coop.working.group.hours", "create"): {"record_hours": office_only()},
    ("coop.working.group.hours", "write"): {"change_hours": office_only()},
    ("coop.working.group.hours", "group_id"): {"change_hours_group": office_only()},
    ("coop.working.group.hours", "partner_id"): {"change_hours_member": office_only()},
    ("coop.working.group.hours", "date"): {"change_hours_date": office_only()},
    ("coop.working.group.hours", "hours"): {"change_hours": office_only()},
    ("coop.working.group.hours", "note"): {"change_hours_note": office_only()},
    ("coop.working.group.hours", "state"): {"forge_confirmation": everyone(DENIED)},
    ("coop.working.group.hours", "hours_credited"): {"forge_credit": everyone(DENIED)},
    ("coop.working.group.hours", "points"): {"forge_credit": everyone(DENIED)},
    ("coop.working.group.hours", "counter_event_id"): {"forge_event": everyone(DENIED)},
    ("coop.working.group.hours", "action_confirm"): {"confirm_hours": lead_and_office()},
    ("coop.shift.counter.event", "reason"): {"group_points_by_hand": everyone(DENIED)},
    ("coop.shift.counter.event", "coop_working_group_hours_id"): {
        "group_points_by_hand": everyone(DENIED)
    },
    ("res.company", "coop_group_hours_cap"): {"cap": everyone(DENIED)},
    ("res.company", "coop_group_hours_per_shift"): {"shift_length": everyone(DENIED)},
    ("res.company", "coop_info_session_on_join"): {"offer_info_sessions": everyone(DENIED)},
    ("res.company", "coop_info_session_required"): {"require_info_session": everyone(DENIED)},
    ("event.type", "coop_is_info_session"): {"info_session_type": everyone(DENIED)},
    ("event.event", "coop_info_mark_attended"): {"mark_b_attended": office_only()},
    ("event.event", "coop_info_door_data"): {"read_door_screen": office_only()},
    ("event.event", "coop_info_door_meetings"): {"list_door_meetings": office_only()},
    ("coop.working.group", "action_coop_schedule_meeting"): {"schedule_meeting": lead_and_office()},
    # Only an action: what it lists is what calendar's own rules let the caller read.
    ("coop.working.group", "action_coop_view_meetings"): {"view_meetings": everyone(OK)},
    ("coop.working.group", "meeting_ids"): {"meeting_through_group": office_only()},
    ("calendar.event", "coop_working_group_id"): {"link_meeting": office_only()},
    ("calendar.event", "create"): {"link_meeting": office_only()},
    ("calendar.event", "write"): {"move_meeting": office_only()},
    # Linking a booking proves no attendance: that is the registration's own state.
    ("coop.subscription.request", "coop_info_registration_id"): {
        "link_info_registration": office_only()
    },
}

# Each portal route, and the test in which someone tries it on another member's behalf.
ROUTES = {
    "/my/working-groups": "test_portal_groups.TestPortalGroups.test_non_member_refused_over_http",
    "/my/working-groups/<int:group_id>": (
        "test_portal_groups.TestPortalGroups.test_member_b_cannot_remove_member_a"
    ),
    "/my/working-groups/<int:group_id>/join": (
        "test_portal_groups.TestPortalGroups.test_non_member_refused_over_http"
    ),
    "/my/working-groups/<int:group_id>/leave": (
        "test_portal_groups.TestPortalGroups.test_member_b_cannot_remove_member_a"
    ),
    "/my/working-groups/<int:group_id>/remove": (
        "test_portal_groups.TestPortalGroups.test_member_b_cannot_remove_member_a"
    ),
    "/my/working-groups/<int:group_id>/hours": (
        "test_portal_groups.TestPortalGroups.test_lead_records_hours_and_member_b_cannot"
    ),
}


@tagged("post_install", "-at_install")
class TestAccessInventory(AccessInventoryMixin, CoopGovernanceCase):
    ADDON = "coop_governance"
    ROLES = ROLES
    INVENTORY = INVENTORY
    ROUTES = ROUTES
    CONTROLLERS = coop_governance_controllers

    @staticmethod
    def _public_methods_and_fields():
        return addon_public_methods_and_fields(coop_governance_models)

    def test_every_public_method_and_field_has_an_entry(self):
        self._check_every_public_method_and_field_has_an_entry()

    def test_every_route_has_an_ownership_test(self):
        self._check_every_route_has_an_ownership_test()

    def test_who_may_call_or_write_what(self):
        self._check_who_may_call_or_write_what()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "portal": cls.user_b,
            "lead": cls.user_lead,
            "employee": cls.employee,
            "office": cls.office,
        }
        cls.stay_a = cls.group._coop_join(cls.member_a)
        cls.group._coop_join(cls.member_b)
        cls.Event.create({"partner_id": cls.member_a.id, "points": -1, "note": "Missed a shift"})
        cls.hours_a = cls.Hours.create(
            {"group_id": cls.group.id, "partner_id": cls.member_a.id, "hours": 2.0}
        )
        cls.request_a = cls.env["coop.subscription.request"].create(
            {"partner_id": cls.member_a.id, "share_type_id": cls.working.id, "quantity": 1}
        )
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=30)
        cls.info_session = info_session = cls.env["event.event"].create(
            {
                "name": "Information meeting",
                "event_type_id": cls.env.ref("coop_governance.event_type_coop_info_session").id,
                "date_begin": start,
                "date_end": start + timedelta(hours=1),
            }
        )
        cls.info_registration = cls.env["event.registration"].create(
            {"event_id": info_session.id, "partner_id": cls.member_b.id}
        )

    # ------------------------------------------------------------ the tries

    def _group(self, env):
        return env["coop.working.group"].browse(self.group.id)

    def _stay(self, env):
        return env["coop.working.group.membership"].browse(self.stay_a.id)

    def _hours(self, env):
        return env["coop.working.group.hours"].browse(self.hours_a.id)

    def _try_create_group(self, env):
        env["coop.working.group"].create({"name": "Shadow committee"})

    def _try_rename_group(self, env):
        self._group(env).write({"name": "Renamed"})

    def _try_purpose(self, env):
        self._group(env).write({"purpose": "<p>Something else</p>"})

    def _try_archive_group(self, env):
        self._group(env).write({"active": False})

    def _try_group_company(self, env):
        self._group(env).write({"company_id": self.company.id})

    def _try_stay_through_group(self, env):
        group = env["coop.working.group"].browse(self.other_group.id)
        group.write({"membership_ids": [Command.create({"partner_id": self.member_a.id})]})

    def _try_name_lead(self, env):
        self._group(env).write({"lead_ids": [Command.link(self.member_a.id)]})

    def _try_move_channel(self, env):
        channel = self.other_group.channel_id
        self._group(env).write({"channel_id": channel.id})

    def _try_hours_count(self, env):
        self._group(env).write({"hours_count_as_work": False})

    def _try_hours_through_group(self, env):
        self._group(env).write(
            {"hours_ids": [Command.create({"partner_id": self.member_b.id, "hours": 1.0})]}
        )

    def _try_add_stay(self, env):
        env["coop.working.group.membership"].create(
            {"group_id": self.other_group.id, "partner_id": self.member_b.id}
        )

    def _try_change_role(self, env):
        self._stay(env).write({"role": "lead"})

    def _try_close_stay_by_hand(self, env):
        self._stay(env).write({"date_end": fields.Date.today()})

    def _try_move_stay(self, env):
        self._stay(env).write({"group_id": self.other_group.id})

    def _try_swap_stay(self, env):
        self._stay(env).write({"partner_id": self.member_b.id})

    def _try_backdate_stay(self, env):
        self._stay(env).write({"date_start": "2020-01-01"})

    def _try_delete_stay(self, env):
        self._stay(env).unlink()

    def _try_remove_member_a(self, env):
        self._stay(env).action_coop_leave()

    def _try_record_hours(self, env):
        env["coop.working.group.hours"].create(
            {"group_id": self.group.id, "partner_id": self.member_a.id, "hours": 1.0}
        )

    def _try_change_hours(self, env):
        self._hours(env).write({"hours": 8.0})

    def _try_change_hours_group(self, env):
        self._hours(env).write({"group_id": self.group.id})

    def _try_change_hours_member(self, env):
        self._hours(env).write({"partner_id": self.member_b.id})

    def _try_change_hours_date(self, env):
        self._hours(env).write({"date": fields.Date.today()})

    def _try_change_hours_note(self, env):
        self._hours(env).write({"note": "Rewritten"})

    def _try_forge_confirmation(self, env):
        self._hours(env).write({"state": "confirmed"})

    def _try_forge_credit(self, env):
        self._hours(env).write({"hours_credited": 2.0, "points": 1})

    def _try_forge_event(self, env):
        event = self.Event.search([], limit=1)
        self._hours(env).write({"counter_event_id": event.id})

    def _try_confirm_hours(self, env):
        self._hours(env).action_confirm()

    def _try_group_points_by_hand(self, env):
        env["coop.shift.counter.event"].create(
            {
                "partner_id": self.member_a.id,
                "points": 1,
                "reason": "working_group",
                "coop_working_group_hours_id": self.hours_a.id,
                "note": "By hand",
            }
        )

    def _try_cap(self, env):
        env["res.company"].browse(self.company.id).write({"coop_group_hours_cap": 100.0})

    def _try_offer_info_sessions(self, env):
        env["res.company"].browse(self.company.id).write({"coop_info_session_on_join": False})

    def _try_require_info_session(self, env):
        env["res.company"].browse(self.company.id).write({"coop_info_session_required": False})

    def _try_info_session_type(self, env):
        event_type = env.ref("coop_governance.event_type_coop_info_session")
        event_type.write({"coop_is_info_session": False})

    def _try_mark_b_attended(self, env):
        env["event.event"].browse(self.info_session.id).coop_info_mark_attended("Ben Member")

    def _try_read_door_screen(self, env):
        env["event.event"].browse(self.info_session.id).coop_info_door_data()

    def _try_list_door_meetings(self, env):
        env["event.event"].coop_info_door_meetings()

    def _try_schedule_meeting(self, env):
        self._group(env).action_coop_schedule_meeting()

    def _try_view_meetings(self, env):
        self._group(env).action_coop_view_meetings()

    def _meeting_values(self):
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=3)
        return {"name": "Shadow meeting", "start": start, "stop": start + timedelta(hours=1)}

    def _try_meeting_through_group(self, env):
        self._group(env).write({"meeting_ids": [Command.create(self._meeting_values())]})

    def _try_link_meeting(self, env):
        env["calendar.event"].create(
            {**self._meeting_values(), "coop_working_group_id": self.group.id}
        )

    def _try_move_meeting(self, env):
        meeting = self.env["calendar.event"].create(
            {**self._meeting_values(), "coop_working_group_id": self.group.id}
        )
        env["calendar.event"].browse(meeting.id).write(
            {"coop_working_group_id": self.other_group.id}
        )

    def _try_link_info_registration(self, env):
        request = env["coop.subscription.request"].browse(self.request_a.id)
        request.write({"coop_info_registration_id": self.info_registration.id})

    def _try_shift_length(self, env):
        env["res.company"].browse(self.company.id).write({"coop_group_hours_per_shift": 0.5})
