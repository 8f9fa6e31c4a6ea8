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
        with self.assertRaises(ValidationError):
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
        with self.assertRaises(ValidationError):
            self._person("Third Child", coop_household_head_id=self.member.id)
        self.assertEqual(len(self.member.coop_household_member_ids), 2)
        outsider = self._person("Not A Member")
        with self.assertRaises(ValidationError):
            self._person("Outsider's Child", coop_household_head_id=outsider.id)
        with self.assertRaises(ValidationError):
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
