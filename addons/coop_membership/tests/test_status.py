from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CoopMembershipCase


@tagged("post_install", "-at_install")
class TestStatus(CoopMembershipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls._member("Status Member")
        cls.company.coop_household_max = 2

    def test_statuses(self):
        candidate = self._person("Status Candidate")
        self._subscribe(candidate, pay=False)
        nobody = self._person("Just A Contact")
        # Addons that add duties (shifts) refine "member" into their own statuses.
        self.assertEqual(self.member.coop_membership_state, "member")
        self.assertNotIn(self.member.coop_status, ("candidate", "former", "blocked", False))
        self.assertTrue(self.member.coop_can_shop)
        self.assertEqual(candidate.coop_status, "candidate")
        self.assertFalse(candidate.coop_can_shop)
        self.assertIn("first share", candidate.coop_status_reason)
        self.assertFalse(nobody.coop_status)
        self.assertFalse(nobody._coop_can_shop())

    def test_supporter_class_may_not_shop(self):
        supporter = self._member("Supporter", share_type=self.share_c, quantity=1)
        self.assertEqual(supporter.coop_status, "member")
        self.assertFalse(supporter._coop_can_shop())
        self.assertIn("share class", supporter.coop_status_reason)
        self._subscribe(supporter, share_type=self.share_b, quantity=1)
        self.assertTrue(supporter._coop_can_shop(), "a class that may shop is enough")

    def test_block_needs_a_reason(self):
        with self.assertRaisesRegex(ValidationError, "Say why"):
            self.member.write({"coop_blocked": True})
        self.member.write({"coop_blocked": True, "coop_block_reason": "Unpaid cheque"})
        self.assertEqual(self.member.coop_status, "blocked")
        self.assertFalse(self.member._coop_can_shop())
        self.assertIn("Unpaid cheque", self.member.coop_status_reason)

    def test_household_shops_on_member_standing(self):
        partner = self._person("Household Partner", coop_household_head_id=self.member.id)
        self.assertEqual(partner.coop_membership_state, "associated")
        self.assertTrue(partner._coop_can_shop())
        self.assertTrue(
            partner.barcode and partner.barcode.startswith("0421"), "own card, in its own range"
        )
        self.assertNotEqual(partner.barcode, self.member.barcode)
        self.member.write({"coop_blocked": True, "coop_block_reason": "Board decision"})
        partner.invalidate_recordset()
        self.assertFalse(partner._coop_can_shop(), "the household follows its member")
        self.assertIn("Board decision", partner.coop_status_reason)

    def test_household_maximum_and_shape(self):
        self._person("First Child", coop_household_head_id=self.member.id)
        self._person("Second Child", coop_household_head_id=self.member.id)
        with self.assertRaisesRegex(ValidationError, "household of Status Member is full"):
            self._person("Third Child", coop_household_head_id=self.member.id)
        self.assertEqual(len(self.member.coop_household_member_ids), 2)
        outsider = self._person("Not A Member")
        with self.assertRaisesRegex(ValidationError, "cannot head a household"):
            self._person("Outsider's Child", coop_household_head_id=outsider.id)
        with self.assertRaisesRegex(ValidationError, "cannot join another"):
            self.member.coop_household_head_id = self._member("Other Member")

    def test_search_by_rule(self):
        blocked = self._member("Blocked Member")
        blocked.write({"coop_blocked": True, "coop_block_reason": "Test"})
        Partner = self.env["res.partner"]
        can_shop = Partner.search([("coop_can_shop", "=", True)])
        self.assertIn(self.member, can_shop)
        self.assertNotIn(blocked, can_shop)
        self.assertIn(blocked, Partner.search([("coop_can_shop", "=", False)]))
        self.assertEqual(
            Partner.search(
                [("coop_status", "=", "blocked"), ("id", "in", [blocked.id, self.member.id])]
            ),
            blocked,
        )

    def test_stored_status_follows_every_change_in_the_same_transaction(self):
        """Staff search and group by the stored verdict: it never lags the live rule."""
        person = self._person("Stored Status")
        people = person | self.member
        self.assertEqual(person.coop_status_stored, person.coop_status)
        person.write({"coop_blocked": True, "coop_block_reason": "Unpaid"})
        for partner in people:
            self.assertEqual(partner.coop_status_stored, partner.coop_status)
            self.assertEqual(partner.coop_can_shop_stored, partner.coop_can_shop)
        self.assertEqual(person.coop_status_stored, "blocked")
        person.write({"coop_blocked": False})
        self.assertEqual(person.coop_status_stored, person.coop_status)
        self.assertNotEqual(person.coop_status_stored, "blocked")

    def test_search_and_group_by_status_are_sql(self):
        blocked = self._member("Blocked For Search")
        blocked.write({"coop_blocked": True, "coop_block_reason": "Test"})
        Partner = self.env["res.partner"]
        self.env.flush_all()
        with self.assertQueryCount(1):
            found = Partner.search([("coop_status", "=", "blocked")])
        self.assertIn(blocked, found)
        self.assertNotIn(self.member, found)
        with self.assertQueryCount(1):
            groups = dict(
                Partner._read_group(
                    [("id", "in", (blocked | self.member).ids)],
                    ["coop_status_stored"],
                    ["__count"],
                )
            )
        self.assertEqual(groups, {"blocked": 1, self.member.coop_status: 1})

    def test_nightly_refresh_matches_the_live_rule_for_everyone(self):
        self._member("Nightly One")
        Partner = self.env["res.partner"].with_context(active_test=False)
        people = Partner.search(Partner._coop_status_candidates_domain())
        # As if the calendar had moved on without any write: the stored value is stale.
        self.env.cr.execute(
            "UPDATE res_partner SET coop_status_stored = 'former', coop_can_shop_stored = NULL"
            " WHERE id IN %s",
            [tuple(people.ids)],
        )
        self.env.invalidate_all()
        Partner._cron_coop_refresh_status()
        for partner in people:
            self.assertEqual(partner.coop_status_stored, partner.coop_status, partner.name)
            self.assertEqual(partner.coop_can_shop_stored, partner.coop_can_shop, partner.name)

    def test_status_compute_does_not_query_per_partner(self):
        partners = self.member
        for index in range(10):
            partners |= self._member(f"Bulk {index}")
        partners.invalidate_recordset()
        self.env.invalidate_all()
        bound = 3 + self._status_extension_queries()
        with self.assertQueryCount(bound):
            for partner in self.env["res.partner"].browse(partners.ids):
                self.assertIsInstance(partner.coop_can_shop, bool)
        few = self.env["res.partner"].browse(partners[:2].ids)
        self.env.invalidate_all()
        with self.assertQueryCount(bound):
            for partner in few:
                self.assertIsInstance(partner.coop_can_shop, bool)
