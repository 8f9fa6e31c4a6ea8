from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import OPEN, GroupOrderSetup


@tagged("post_install", "-at_install")
class TestBasketDataExport(GroupOrderSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enter_own_company("Export Buying Group")
        cls.tag = cls.env["res.partner.category"].create({"name": "Export group"})
        cls._mill_catalogue()
        cls.alma, cls.bruno = cls.env["res.partner"].create(
            [
                {"name": "Alma Basket", "category_id": [(6, 0, cls.tag.ids)]},
                {"name": "Bruno Basket", "category_id": [(6, 0, cls.tag.ids)]},
            ]
        )
        cls._open_round("Export Round")
        with freeze_time(OPEN + timedelta(hours=1)):
            cls.Line._set_order(cls.round, cls.alma, cls.flour_line, 4, 2)
            cls.Line._set_order(cls.round, cls.bruno, cls.oats_line, 10, 0)

    def test_export_lists_own_basket_only(self):
        baskets = self.alma._coop_personal_data_export()["basket_orders"]
        self.assertEqual([basket["round"] for basket in baskets], ["Export Round"])
        self.assertEqual(
            [
                (line["product"], line["quantity"], line["tolerance"])
                for line in baskets[0]["lines"]
            ],
            [("Flour 1.5kg", 4, 2)],
        )
        self.assertNotIn("Oats", str(baskets))
