from odoo.tests import HttpCase, tagged

from .common import CoopCulturePosCase


@tagged("post_install", "-at_install")
class TestArtworkAtTheTill(HttpCase, CoopCulturePosCase):
    def test_tour_sell_a_painting_with_its_story(self):
        # Art is sold to anyone, member or not.
        self.painting_b.coop_open_to_public = True
        before = self._owned(self.painting_b, self.artist_b)
        self.config.with_user(self.cashier).open_ui()
        self.start_tour(
            f"/pos/ui?config_id={self.config.id}",
            "coop_culture_pos_artwork",
            login="culture_cashier",
        )
        order = self.env["pos.order"].search([("config_id", "=", self.config.id)])
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.product_id, self.painting_b)
        self.assertEqual(order.lines.coop_consignor_id, self.artist_b)
        self.assertEqual(self._owned(self.painting_b, self.artist_b), before - 1)
