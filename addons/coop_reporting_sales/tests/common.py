from datetime import datetime, timedelta

from odoo import Command

from odoo.addons.coop_membership_pos.tests.common import CoopPosCase, pos_order_data


class CoopSalesCase(CoopPosCase):
    """A till with its session open, three buyers and a household, and a round."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = cls._member("Sales Ann", share_type=cls.share_b, quantity=1)
        cls.ann_partner = cls._person("Sales Abe", coop_household_head_id=cls.ann.id)
        cls.bea = cls._member("Sales Bea", share_type=cls.share_b, quantity=1)
        cls.visitor = cls._person("Sales Visitor")
        cls.config.open_ui()
        cls.till_session = cls.config.current_session_id
        cls.till_session.set_opening_control(0, None)
        supplier = cls.env["res.partner"].create({"name": "Sales Mill"})
        cls.round = cls.env["coop.purchase.round"].create(
            {
                "name": "Sales round",
                "supplier_ids": [Command.set(supplier.ids)],
                "date_open": datetime(2026, 3, 2, 9),
                "date_close": datetime(2026, 3, 2, 9) + timedelta(days=5),
            }
        )
        cls.sales_journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.env.company.id)], limit=1
        )

    def sell(self, partner, quantity=1, price=2.5, refund_of=None):
        """An order paid at the till, synced as a till sends it; the order made."""
        extra = {"user_id": self.cashier.id}
        data = pos_order_data(
            self.till_session, self.cash_pm, [(self.product, quantity, price)], partner, **extra
        )
        result = self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def basket_invoice(self, partner, amount, post=True):
        """A round's basket for `partner`, invoiced `amount` (untaxed)."""
        order = self.env["coop.purchase.member.order"].create(
            {"round_id": self.round.id, "partner_id": partner.id}
        )
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "journal_id": self.sales_journal.id,
                "invoice_date": datetime(2026, 3, 9).date(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Basket",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            move.action_post()
        order.invoice_id = move
        return order, move

    def rows(self, partners=None):
        self.env.flush_all()
        partners = partners or (self.ann | self.ann_partner | self.bea | self.visitor)
        return self.env["coop.sales.report"].search([("partner_id", "in", partners.ids)])
