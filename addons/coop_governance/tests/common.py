from datetime import timedelta

from freezegun import freeze_time

from odoo import Command

from odoo.addons.coop_membership.tests.common import portal_user
from odoo.addons.coop_shifts.tests.common import TODAY, CoopShiftsCase, staff_user


class CoopGovernanceCase(CoopShiftsCase):
    """Two members with portal logins, a lead, someone who holds no shares, and a group
    whose hours count as shift work."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Group = cls.env["coop.working.group"]
        cls.Stay = cls.env["coop.working.group.membership"]
        cls.Hours = cls.env["coop.working.group.hours"]
        cls.company.write({"coop_group_hours_cap": 3.0, "coop_group_hours_per_shift": 3.0})
        cls.lead = cls._member("Gwen Lead", email="gwen.lead@example.org")
        cls.member_a = cls._member("Anna Member", email="anna.member@example.org")
        cls.member_b = cls._member("Ben Member", email="ben.member@example.org")
        cls.outsider = cls.env["res.partner"].create(
            {"name": "Olga Outsider", "email": "olga.outsider@example.org"}
        )
        # Set up well before the shifts' frozen day (TODAY), when the lead took it on.
        with freeze_time(TODAY - timedelta(days=100)):
            cls.group = cls.Group.create(
                {
                    "name": "Accounts committee",
                    "hours_count_as_work": True,
                    "lead_ids": [Command.set(cls.lead.ids)],
                }
            )
            cls.other_group = cls.Group.create({"name": "Newsletter"})
        cls.user_lead = portal_user(cls.env, "groups_gwen", cls.lead)
        cls.user_a = portal_user(cls.env, "groups_anna", cls.member_a)
        cls.user_b = portal_user(cls.env, "groups_ben", cls.member_b)
        cls.user_outsider = portal_user(cls.env, "groups_olga", cls.outsider)
        cls.office = staff_user(cls.env, "groups_office", "coop_shifts.group_coop_shift_user")
        cls.manager = staff_user(cls.env, "groups_manager", "coop_shifts.group_coop_shift_manager")
        cls.employee = staff_user(cls.env, "groups_employee", "base.group_user")

    def as_user(self, user):
        """The caller's own environment, as RPC or a portal route gives it (no superuser)."""
        return self.env(user=user)

    def channel_partners(self, group):
        return group.channel_id.sudo().channel_member_ids.partner_id
