from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RECORD_DATE, TODAY, CoopAssemblyCase


@tagged("post_install", "-at_install")
class TestRoll(CoopAssemblyCase):
    def test_roll_is_the_members_on_the_record_date(self):
        assembly = self._called()
        on_roll = assembly.voter_ids.partner_id
        for partner in (self.anna, self.ben, self.carl, self.dora, self.emil, self.stayed):
            self.assertIn(partner, on_roll, f"{partner.name} held shares on the record date")
        self.assertNotIn(self.late, on_roll, "joined after the record date")
        self.assertNotIn(self.gone, on_roll, "sold back before the record date")
        self.assertNotIn(self.outsider, on_roll)
        self.assertEqual(self.late.coop_membership_state, "member", "a member today all the same")
        self.assertEqual(assembly.state, "convened")
        self.assertEqual(set(assembly.voter_ids.mapped("weight")), {1})

    def test_roll_is_frozen_once_drawn(self):
        assembly = self._called()
        count = len(assembly.voter_ids)
        self._member_since("Newcomer Nina", RECORD_DATE - timedelta(days=1))  # back-dated
        self.assertEqual(len(assembly.voter_ids), count, "the roll does not move after the call")
        with self.assertRaisesRegex(UserError, "already drawn"):
            assembly._coop_draw_roll()
        with self.assertRaisesRegex(UserError, "may no longer change"):
            assembly.record_date = TODAY - timedelta(days=1)

    def test_votes_by_shares_when_the_statutes_say_so(self):
        self.company.coop_assembly_vote_weight = "shares"
        self._subscribe(self.anna, share_type=self.share_b, quantity=3, payment_date=TODAY)
        assembly = self._called()
        self.assertEqual(
            self.voter(assembly, self.anna).weight, 2, "shares bought later not counted"
        )
        self.assertEqual(self.voter(assembly, self.ben).weight, 2)

    def test_call_refused_when_too_late_or_too_early(self):
        with self.assertRaisesRegex(UserError, "statutes ask for 15"):
            self._assembly(
                date_begin=self._assembly().date_begin - timedelta(days=20)
            ).action_convene()
        with self.assertRaisesRegex(UserError, "has not passed yet"):
            self._assembly(record_date=TODAY + timedelta(days=1)).action_convene()
        assembly = self._assembly()
        assembly.action_convene()
        with self.assertRaisesRegex(UserError, "already called"):
            assembly.action_convene()

    def test_only_managers_call_an_assembly(self):
        assembly = self._assembly()
        with self.assertRaisesRegex(UserError, "Only the members' office or the membership"):
            assembly.with_user(self.office).action_convene()
        self.assertFalse(assembly.voter_ids)
        assembly.with_user(self.manager).action_convene()
        self.assertTrue(assembly.voter_ids)

    def test_quorum_defaults_follow_the_kind(self):
        self.company.coop_assembly_quorum_extraordinary = 33.0
        values = {"name": "AGM", "record_date": TODAY, "date_begin": "2030-01-01 18:00:00"}
        ordinary = self.Assembly.create({**values, "resolution_ids": [(0, 0, {"name": "A"})]})
        extraordinary = self.Assembly.create(
            {**values, "kind": "extraordinary", "resolution_ids": [(0, 0, {"name": "B"})]}
        )
        self.assertEqual(ordinary.quorum_percent, 50.0)
        self.assertEqual(extraordinary.quorum_percent, 33.0)
        self.assertEqual(extraordinary.resolution_ids.majority, "two_thirds")
        self.assertEqual(ordinary.resolution_ids.majority, "simple")
