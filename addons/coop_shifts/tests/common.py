import base64
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests.common import TransactionCase, new_test_user

from odoo.addons.coop_membership.tests.common import (
    RolledBackRefusals,
    cashier_groups,
    portal_user,
)

# A one-page PDF, small enough to stand for a medical certificate.
CERTIFICATE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
CERTIFICATE_B64 = base64.b64encode(CERTIFICATE_PDF)

# A Wednesday in a week B of the cycle anchored on Monday 5 January 2026.
TODAY = date(2026, 3, 11)
NOW = datetime(2026, 3, 11, 8, 0)


class CoopShiftsCase(RolledBackRefusals, TransactionCase):
    """A shop with a 4-week cycle, a working share class and quick members."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env.company
        cls.company.write(
            {
                "coop_shift_cycle_weeks": 4,
                "coop_shift_anchor_date": date(2026, 1, 5),
                "coop_shift_generate_days": 60,
            }
        )
        cls.company.partner_id.tz = "UTC"
        cls.working = cls.env["coop.share.type"].create(
            {
                "code": "SW",
                "name": "Working",
                "unit_price": 10,
                "is_working": True,
                "may_shop": True,
            }
        )
        cls.Template = cls.env["coop.shift.template"]
        cls.Shift = cls.env["coop.shift"]
        cls.Registration = cls.env["coop.shift.registration"]
        cls.Event = cls.env["coop.shift.counter.event"]
        cls.Membership = cls.env["coop.shift.team.membership"]
        cls.Leave = cls.env["coop.shift.leave"]

    @classmethod
    def _member(cls, name, mode="team", **values):
        partner = cls.env["res.partner"].create({"name": name, "coop_shift_mode": mode, **values})
        cls.env["coop.share.line"].create(
            {
                "partner_id": partner.id,
                "share_type_id": cls.working.id,
                "quantity": 1,
                "kind": "subscription",
                "date": TODAY - timedelta(days=200),
            }
        )
        return partner

    @classmethod
    def _template(cls, week_index=1, weekday="3", start=18.0, end=21.0, seats=10, **values):
        return cls.Template.create(
            {
                "week_index": week_index,
                "weekday": weekday,
                "start_hour": start,
                "end_hour": end,
                "seats": seats,
                **values,
            }
        )

    @classmethod
    def _shift(cls, start, hours=3, seats=10, **values):
        return cls.Shift.create(
            {
                "date_start": start,
                "date_end": start + timedelta(hours=hours),
                "seats": seats,
                **values,
            }
        )

    def frozen(self, moment=NOW):
        return freeze_time(moment)


def staff_user(env, login, groups):
    """An internal user as the back office makes them: `groups`, plus Odoo's default
    Contact Creation right that every user created in the interface gets."""
    return new_test_user(env, login=login, groups=f"base.group_partner_manager,{groups}")


class CoopRolesCase(CoopShiftsCase):
    """A real user of each group, and records that belong to none of them.

    Member B is the one others try to act on: she is in a team, in alert, owes a make-up
    booking, has a sickness leave with its certificate and offers a team shift for swap.
    The leader leads one shift; another leader leads the shift under way at NOW.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a = cls._member("Role Member A", email="role.a@example.org")
        cls.member_b = cls._member("Role Member B", email="role.b@example.org")
        cls.users = {
            "portal": portal_user(cls.env, "role_portal", cls.member_a),
            "cashier": staff_user(cls.env, "role_cashier", cashier_groups(cls.env)),
            "leader": staff_user(cls.env, "role_leader", "coop_shifts.group_coop_shift_leader"),
            "membership": staff_user(cls.env, "role_membership", "coop_membership.group_coop_user"),
            "office": staff_user(cls.env, "role_office", "coop_shifts.group_coop_shift_user"),
            "manager": staff_user(cls.env, "role_manager", "coop_shifts.group_coop_shift_manager"),
        }
        cls.other_leader = staff_user(
            cls.env, "role_other_leader", "coop_shifts.group_coop_shift_leader"
        )
        cls.team = cls._template(week_index=1, weekday="3")
        cls.Membership.create(
            {
                "partner_id": cls.member_b.id,
                "template_id": cls.team.id,
                "date_start": TODAY - timedelta(days=100),
            }
        )
        # The shift under way at NOW, which the role leader does not lead.
        cls.foreign_shift = cls._shift(
            NOW - timedelta(minutes=30),
            leader_ids=[Command.set(cls.other_leader.partner_id.ids)],
            registration_ids=[Command.create({"partner_id": cls.member_b.id, "kind": "team"})],
        )
        cls.foreign_registration = cls.foreign_shift.registration_ids
        cls.led_shift = cls._shift(
            NOW + timedelta(minutes=30),
            leader_ids=[Command.set(cls.users["leader"].partner_id.ids)],
        )
        cls.Event.create(
            {
                "partner_id": cls.member_b.id,
                "points": -1,
                "date": TODAY - timedelta(days=3),
                "note": "Missed a shift",
            }
        )
        cls.makeup_shift = cls._shift(NOW + timedelta(days=3))
        with freeze_time(NOW):
            cls.makeup = cls.Registration._book(cls.makeup_shift, cls.member_b)
        cls.offered_shift = cls._shift(NOW + timedelta(days=5))
        offered = cls.Registration.create(
            {"shift_id": cls.offered_shift.id, "partner_id": cls.member_b.id, "kind": "team"}
        )
        with freeze_time(NOW):
            cls.offer = cls.env["coop.shift.swap"]._offer(offered)
        cls.sick_leave = cls.Leave.create(
            {
                "partner_id": cls.member_b.id,
                "leave_type": "sickness",
                "date_start": TODAY + timedelta(days=30),
                "date_end": TODAY + timedelta(days=60),
                "note": "Surgery on the left knee",
                "proof": CERTIFICATE_B64,
                "proof_filename": "certificate.pdf",
            }
        )
        cls.sick_leave.action_submit()

    def as_role(self, role):
        """The environment of `role`'s user, as RPC would give it (no superuser)."""
        return self.env(user=self.users[role])
