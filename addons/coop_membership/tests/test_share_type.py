from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CoopMembershipCase


@tagged("post_install", "-at_install")
class TestShareType(CoopMembershipCase):
    def test_accounting_is_filled_in(self):
        self.assertTrue(self.share_a.product_id, "a capital product is created with the class")
        self.assertEqual(self.share_a.capital_account_id, self.company.coop_capital_account_id)
        self.assertEqual(self.share_a.capital_account_id.account_type, "equity")
        self.assertTrue(self.company.coop_capital_journal_id.coop_is_share_capital)
        self.assertFalse(self.share_a.product_id.taxes_id, "share capital carries no VAT")

    def test_bounds_are_checked(self):
        with self.assertRaisesRegex(ValidationError, "nominal value of a share must be positive"):
            self.ShareType.create({"code": "X1", "name": "Bad", "unit_price": 0})
        with self.assertRaisesRegex(
            ValidationError, "maximum number of shares cannot be below the minimum"
        ):
            self.ShareType.create(
                {"code": "X2", "name": "Bad", "unit_price": 5, "min_quantity": 5, "max_quantity": 2}
            )
        with self.assertRaisesRegex(ValidationError, "reduced minimum must be between"):
            self.ShareType.create(
                {
                    "code": "X3",
                    "name": "Bad",
                    "unit_price": 5,
                    "min_quantity": 2,
                    "reduced_min_quantity": 3,
                }
            )

    def test_reduced_minimum_for_category(self):
        person = self._person("Low Income", category_id=[(6, 0, self.social_minima.ids)])
        other = self._person("Regular Income")
        self.assertEqual(self.share_a._minimum_for(person), 1)
        self.assertEqual(self.share_a._minimum_for(other), 10)
