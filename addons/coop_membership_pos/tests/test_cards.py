from odoo.tests import tagged

from odoo.addons.coop_membership.tests.common import CoopMembershipCase


@tagged("post_install", "-at_install")
class TestCardsAtTheTill(CoopMembershipCase):
    """Members' cards are read by the till's barcode nomenclature."""

    def test_a_card_reads_as_a_customer_at_the_till(self):
        member = self._member("Cara Till")
        parsed = self.env.company.nomenclature_id.parse_barcode(member.barcode)
        self.assertEqual(parsed["type"], "client")

    def test_cards_follow_the_tills_customer_range(self):
        rules = self.env.company.nomenclature_id.rule_ids
        rules.filtered(lambda rule: rule.type == "client")[:1].pattern = "049"
        member = self._member("Dan Till")
        self.assertTrue(member.barcode.startswith("0490"), member.barcode)
        parsed = self.env.company.nomenclature_id.parse_barcode(member.barcode)
        self.assertEqual(parsed["type"], "client")
