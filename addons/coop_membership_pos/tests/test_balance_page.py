from odoo.tests import HttpCase, tagged

from odoo.addons.coop_membership.tests.common import portal_user

from .common import Command, CoopPosCase, pos_order_data


@tagged("post_install", "-at_install")
class TestBalancePageTill(HttpCase, CoopPosCase):
    """The balance page tells what the till sold on account and has not booked yet."""

    def test_sales_on_account_not_booked_yet_are_shown(self):
        on_account = self.env["pos.payment.method"].create(
            {"name": "Member Account", "split_transactions": True}
        )
        self.config.payment_method_ids = [Command.link(on_account.id)]
        ann = self._member("Till Page Ann", share_type=self.share_b, quantity=1)
        user = portal_user(self.env, "coop_till_page_ann", ann)
        self.config.open_ui()
        session = self.config.current_session_id
        session.set_opening_control(0, None)
        data = pos_order_data(
            session, on_account, [(self.product, 3, 2.5)], ann, user_id=self.cashier.id
        )
        self.authenticate(user.login, user.login)
        page = self.url_open("/my/balance").text
        self.assertIn("o_coop_balance_amount", page)
        self.assertNotIn("o_coop_till_unbooked", page, "nothing sold on account yet")
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
        self.assertAlmostEqual(ann._coop_till_unbooked_sales()[ann.id], 7.5)
        page = self.url_open("/my/balance").text
        self.assertIn("o_coop_till_unbooked", page)
        self.assertIn("7.50", page)
