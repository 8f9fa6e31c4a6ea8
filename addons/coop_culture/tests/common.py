from odoo import Command
from odoo.tests.common import TransactionCase, new_test_user

from odoo.addons.coop_membership_pos.tests.common import pos_order_data


class CoopCultureCase(TransactionCase):
    """Two consignors with goods received on owner receipts, and a till of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env.company
        cls.company._coop_ensure_payout_setup()
        cls.clearing = cls.company.coop_consignment_account_id
        cls.commission = cls.company.coop_commission_account_id
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.Statement = cls.env["coop.consignment.statement"]
        cls.artist_a = cls._consignor("Ada Vinyl", 20.0, bio="Ada sings about the canal.")
        cls.artist_b = cls._consignor("Bea Paints", 30.0, bio="Bea paints market stalls.")
        cls.vinyl_a = cls._consigned("Ada – Towpath (LP)", cls.artist_a, 20.0)
        cls.cd_a = cls._consigned("Ada – Towpath (CD)", cls.artist_a, 10.0, rate=10.0)
        cls.painting_b = cls._consigned("Bea – Ridley Road", cls.artist_b, 240.0)
        cls._receive(cls.artist_a, {cls.vinyl_a: 10, cls.cd_a: 5})
        cls._receive(cls.artist_b, {cls.painting_b: 2})

    # ------------------------------------------------------------ fixtures

    @classmethod
    def _consignor(cls, name, rate, bio=False):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "email": f"{name.lower().replace(' ', '.')}@example.org",
                "coop_is_consignor": True,
                "coop_commission_rate": rate,
                "coop_artist_bio": bio,
            }
        )

    @classmethod
    def _consigned(cls, name, consignor, price, rate=None):
        values = {
            "name": name,
            "type": "consu",
            "is_storable": True,
            "available_in_pos": True,
            "list_price": price,
            "taxes_id": [Command.clear()],
            "coop_consignor_id": consignor.id,
        }
        if rate is not None:
            values.update(coop_commission_custom=True, coop_commission_rate=rate)
        return cls.env["product.product"].create(values)

    @classmethod
    def _receive(cls, owner, quantities):
        """A receipt with the consignor as owner: the goods enter stock, still theirs."""
        picking_type = cls.warehouse.in_type_id
        supplier = cls.env.ref("stock.stock_location_suppliers")
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": owner.id if owner else False,
                "owner_id": owner.id if owner else False,
                "location_id": supplier.id,
                "location_dest_id": cls.stock.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom": product.uom_id.id,
                            "product_uom_qty": quantity,
                            "location_id": supplier.id,
                            "location_dest_id": cls.stock.id,
                        }
                    )
                    for product, quantity in quantities.items()
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    @classmethod
    def _owned(cls, product, owner):
        return sum(
            cls.env["stock.quant"]
            .search(
                [
                    ("product_id", "=", product.id),
                    ("location_id", "child_of", cls.stock.id),
                    ("owner_id", "=", owner.id if owner else False),
                ]
            )
            .mapped("quantity")
        )

    @classmethod
    def _balance(cls, account):
        lines = cls.env["account.move.line"].search(
            [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        )
        return sum(lines.mapped("balance"))


class CoopCulturePosCase(CoopCultureCase):
    """A cash-only till; orders go through sync_from_ui as the POS sends them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cash_journal = cls.env["account.journal"].create(
            {
                "name": "Culture Till Cash",
                "type": "cash",
                "code": "CLTC",
                "company_id": cls.company.id,
            }
        )
        cls.cash_pm = cls.env["pos.payment.method"].create(
            {"name": "Culture Cash", "journal_id": cash_journal.id, "company_id": cls.company.id}
        )
        cls.config = cls.env["pos.config"].create(
            {
                "name": "Culture Corner Till",
                "payment_method_ids": [Command.set(cls.cash_pm.ids)],
                "picking_type_id": cls.warehouse.pos_type_id.id,
            }
        )
        cls.cashier = new_test_user(
            cls.env,
            login="culture_cashier",
            groups="base.group_user,point_of_sale.group_pos_user,stock.group_stock_user",
        )

    def _open_session(self):
        self.config.open_ui()
        session = self.config.current_session_id
        session.set_opening_control(0, None)
        return session

    def _order_data(self, session, lines, refunded_lines=None):
        """What the till sends for a paid order of (product, quantity[, price]) lines."""
        till_lines = []
        for line in lines:
            product, quantity = line[0], line[1]
            price = line[2] if len(line) > 2 else product.lst_price
            refund = {"refunded_orderline_id": refunded_lines[product].id} if refunded_lines else {}
            till_lines.append((product, quantity, price, refund))
        return pos_order_data(session, self.cash_pm, till_lines, user_id=self.env.uid, state="paid")

    def _sell(self, session, lines, **kwargs):
        data = self._order_data(session, lines, **kwargs)
        result = self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def _close(self, session):
        cash = sum(session.order_ids.payment_ids.mapped("amount"))
        session.post_closing_cash_details(cash)
        result = session.close_session_from_ui()
        self.assertTrue(result.get("successful"), result)
        self.assertEqual(session.state, "closed")


__all__ = ["Command", "CoopCultureCase", "CoopCulturePosCase", "new_test_user"]
