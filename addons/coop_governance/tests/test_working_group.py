from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CoopGovernanceCase


@tagged("post_install", "-at_install")
class TestWorkingGroup(CoopGovernanceCase):
    def test_join_and_leave_are_dated_and_kept(self):
        group = self.group.with_env(self.as_user(self.user_a))
        stay = group._coop_join(self.member_a)
        self.assertEqual(stay.date_start, fields.Date.context_today(stay))
        self.assertFalse(stay.date_end)
        self.assertIn(self.member_a, self.group.member_ids)
        self.assertNotIn(self.member_a, self.group.lead_ids)
        group._coop_leave(self.member_a)
        self.assertEqual(stay.date_end, fields.Date.context_today(stay))
        self.assertNotIn(self.member_a, self.group.member_ids)
        # Joining again opens a second stay; the first one stays as history.
        group._coop_join(self.member_a)
        stays = self.Stay.search(
            [("group_id", "=", self.group.id), ("partner_id", "=", self.member_a.id)]
        )
        self.assertEqual(len(stays), 2)
        self.assertEqual(len(stays.filtered(lambda s: not s.date_end)), 1)

    def test_only_members_join(self):
        group = self.group.with_env(self.as_user(self.user_outsider))
        self.assertFalse(group._coop_may_join(self.outsider))
        with self.assertRaisesRegex(ValidationError, "Only members of the co-op"):
            group._coop_join(self.outsider)
        # Staff adding them by hand meet the same rule.
        with self.assertRaisesRegex(ValidationError, "Only members of the co-op"):
            self.Stay.with_user(self.office).create(
                {"group_id": self.group.id, "partner_id": self.outsider.id}
            )
        self.assertNotIn(self.outsider, self.group.member_ids)

    def test_joining_twice_refused(self):
        group = self.group.with_env(self.as_user(self.user_a))
        group._coop_join(self.member_a)
        with self.assertRaisesRegex(ValidationError, "already in Accounts committee"):
            group._coop_join(self.member_a)

    def test_closed_group_refuses(self):
        self.other_group.active = False
        with self.assertRaisesRegex(ValidationError, "is closed"):
            self.other_group.with_user(self.user_a)._coop_join(self.member_a)

    def test_the_chat_follows_the_members(self):
        self.assertTrue(self.group.channel_id)
        self.assertEqual(self.group.channel_id.sudo().channel_type, "group")
        # Only the lead: the staff who created the group are not in its chat.
        self.assertEqual(self.channel_partners(self.group), self.lead)
        group = self.group.with_user(self.user_a)
        group._coop_join(self.member_a)
        self.assertEqual(self.channel_partners(self.group), self.lead | self.member_a)
        group._coop_leave(self.member_a)
        self.assertEqual(self.channel_partners(self.group), self.lead)
        self.group.name = "Finance committee"
        self.assertEqual(self.group.channel_id.sudo().name, "Finance committee")

    def test_lead_removes_a_member(self):
        self.group.with_user(self.user_a)._coop_join(self.member_a)
        self.assertTrue(self.group._coop_is_lead(self.lead))
        self.group.with_user(self.user_lead)._coop_leave(self.member_a)
        self.assertNotIn(self.member_a, self.group.member_ids)
        self.assertNotIn(self.member_a, self.channel_partners(self.group))

    def test_member_b_acts_for_nobody_else(self):
        self.group.with_user(self.user_a)._coop_join(self.member_a)
        group_as_b = self.group.with_user(self.user_b)
        group_as_b._coop_join(self.member_b)  # a member, not a lead
        with self.assertRaisesRegex(AccessError, "only for yourself"):
            group_as_b._coop_leave(self.member_a)
        with self.assertRaisesRegex(AccessError, "only for yourself"):
            group_as_b._coop_leave(self.lead)
        with self.assertRaisesRegex(AccessError, "only for yourself"):
            self.other_group.with_user(self.user_b)._coop_join(self.member_a)
        # A lead of one group does not manage another.
        self.other_group.with_user(self.user_b)._coop_join(self.member_b)
        with self.assertRaisesRegex(AccessError, "only for yourself"):
            self.other_group.with_user(self.user_lead)._coop_leave(self.member_b)
        self.assertIn(self.member_a, self.group.member_ids)
        self.assertIn(self.member_b, self.other_group.member_ids)

    def test_portal_writes_nothing_directly(self):
        stay = self.group.with_user(self.user_a)._coop_join(self.member_a)
        with self.assertRaises(AccessError):
            stay.with_user(self.user_b).write({"date_end": fields.Date.today()})
        with self.assertRaises(AccessError):
            self.Stay.with_user(self.user_b).create(
                {"group_id": self.group.id, "partner_id": self.member_b.id, "role": "lead"}
            )
        with self.assertRaises(AccessError):
            self.group.with_user(self.user_b).write({"hours_count_as_work": False})

    def test_only_a_manager_names_a_lead(self):
        with self.assertRaisesRegex(AccessError, "names a lead"):
            self.group.with_user(self.user_a)._coop_join(self.member_a, role="lead")
        self.group.with_user(self.office)._coop_join(self.member_a, role="lead")
        self.assertIn(self.member_a, self.group.lead_ids)

    def test_portal_reads_open_groups_and_own_stays_only(self):
        self.group.with_user(self.user_a)._coop_join(self.member_a)
        self.group.with_user(self.user_b)._coop_join(self.member_b)
        self.other_group.active = False
        seen = self.Group.with_user(self.user_a).search([])
        self.assertIn(self.group, seen)
        self.assertNotIn(self.other_group, seen)
        stays = self.Stay.with_user(self.user_a).search([])
        self.assertEqual(stays.partner_id, self.member_a)

    def test_a_stay_is_not_moved_or_deleted_once_over(self):
        stay = self.group.with_user(self.user_a)._coop_join(self.member_a)
        with self.assertRaisesRegex(UserError, "not moved"):
            stay.with_user(self.office).write({"partner_id": self.member_b.id})
        stay._coop_close()
        with self.assertRaisesRegex(UserError, "history"):
            stay.with_user(self.manager).unlink()

    def test_selling_back_every_share_closes_the_stays(self):
        self.group.with_user(self.user_a)._coop_join(self.member_a)
        self.other_group.with_user(self.user_a)._coop_join(self.member_a)
        self.env["coop.share.line"].create(
            {
                "partner_id": self.member_a.id,
                "share_type_id": self.working.id,
                "quantity": -1,
                "kind": "sellback",
                "date": fields.Date.today(),
            }
        )
        self.assertEqual(self.member_a.coop_membership_state, "former")
        self.assertNotIn(self.member_a, self.group.member_ids | self.other_group.member_ids)
        self.assertNotIn(self.member_a, self.channel_partners(self.group))
        stays = self.Stay.search([("partner_id", "=", self.member_a.id)])
        self.assertEqual(len(stays), 2)
        self.assertTrue(all(stays.mapped("date_end")), "kept, closed on the day")
        # Another member's shares moving leaves their stays alone.
        self.group.with_user(self.user_b)._coop_join(self.member_b)
        self.env["coop.share.line"].create(
            {
                "partner_id": self.member_b.id,
                "share_type_id": self.working.id,
                "quantity": 1,
                "kind": "subscription",
                "date": fields.Date.today(),
            }
        )
        self.assertIn(self.member_b, self.group.member_ids)

    def test_the_back_office_forms(self):
        """The members' office sets a group up and manages it through the forms."""
        with Form(self.Group.with_user(self.office)) as form:
            form.name = "Purchasing"
            form.hours_count_as_work = True
            with form.membership_ids.new() as line:
                line.partner_id = self.member_a
                line.role = "lead"
            with form.membership_ids.new() as line:
                line.partner_id = self.member_b
        group = form.record
        self.assertEqual(group.lead_ids, self.member_a)
        self.assertEqual(group.member_ids, self.member_a | self.member_b)
        self.assertEqual(self.channel_partners(group), self.member_a | self.member_b)
        stay_b = group.membership_ids.filtered(lambda s: s.partner_id == self.member_b)
        stay_b.with_user(self.office).action_coop_leave()
        self.assertEqual(group.member_ids, self.member_a)
        self.assertEqual(self.channel_partners(group), self.member_a)
        with Form(self.env["coop.working.group.hours"].with_user(self.office)) as form:
            form.group_id = group
            form.partner_id = self.member_a
            form.hours = 1.5
        self.assertEqual(form.record.state, "draft")
        form.record.with_user(self.office).action_confirm()
        self.assertEqual(form.record.hours_credited, 1.5)
        settings = Form(self.env["res.config.settings"])
        settings.coop_group_hours_cap = 6.0
        settings.save().execute()
        self.assertEqual(self.company.coop_group_hours_cap, 6.0)
