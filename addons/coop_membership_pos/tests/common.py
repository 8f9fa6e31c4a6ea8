import uuid

from odoo import Command, fields

from odoo.addons.coop_membership.tests.common import CoopMembershipCase, new_test_user


def pos_order_data(session, payment_method, lines, partner=None, **extra):
    """What a till sends for an order paid in full with `payment_method`.

    `lines` are (product, quantity, unit price) with, optionally, a dict of more line
    values (an event ticket, a refunded line…); `extra` adds or replaces order values.
    """
    commands = []
    for product, quantity, price, *more in lines:
        values = {
            "product_id": product.id,
            "qty": quantity,
            "price_unit": price,
            "price_subtotal": price * quantity,
            "price_subtotal_incl": price * quantity,
            "tax_ids": [],
            "pack_lot_ids": [],
        }
        commands.append(Command.create({**values, **(more[0] if more else {})}))
    total = sum(command[2]["price_subtotal_incl"] for command in commands)
    order_uuid = str(uuid.uuid4())
    return {
        "uuid": order_uuid,
        "name": f"Order {order_uuid}",
        "session_id": session.id,
        "pricelist_id": session.config_id.pricelist_id.id,
        "fiscal_position_id": False,
        "sequence_number": 1,
        "date_order": fields.Datetime.to_string(fields.Datetime.now()),
        "amount_paid": total,
        "amount_return": 0,
        "amount_tax": 0,
        "amount_total": total,
        "last_order_preparation_change": "{}",
        "lines": commands,
        "payment_ids": [
            Command.create(
                {
                    "amount": total,
                    "name": fields.Datetime.now(),
                    "payment_method_id": payment_method.id,
                }
            )
        ],
        "partner_id": partner.id if partner else False,
        "to_invoice": False,
        **extra,
    }


class CoopPosCase(CoopMembershipCase):
    """A till of its own (cash only, one untaxed product) and its staff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cash_journal = cls.env["account.journal"].create(
            {"name": "Coop Till Cash", "type": "cash", "code": "CTCSH", "company_id": company.id}
        )
        cls.cash_pm = cls.env["pos.payment.method"].create(
            {"name": "Coop Tour Cash", "journal_id": cash_journal.id, "company_id": company.id}
        )
        cls.config = cls.env["pos.config"].create(
            {"name": "Coop Till", "payment_method_ids": [Command.set(cls.cash_pm.ids)]}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Coop Tour Loaf",
                "type": "service",
                "available_in_pos": True,
                "list_price": 2.5,
                "taxes_id": [Command.clear()],
            }
        )
        cls.cashier = new_test_user(
            cls.env,
            login="coop_cashier",
            groups="base.group_user,point_of_sale.group_pos_user,stock.group_stock_user",
        )
        cls.pos_manager = new_test_user(
            cls.env,
            login="coop_pos_manager",
            groups="base.group_user,point_of_sale.group_pos_manager,stock.group_stock_user",
        )

    @classmethod
    def _quick_member(cls, name, share_type=None, quantity=1, **values):
        """A member straight from the share register, without the invoice and payment."""
        partner = cls._person(name, **values)
        cls.Line.create(
            {
                "partner_id": partner.id,
                "share_type_id": (share_type or cls.share_b).id,
                "quantity": quantity,
                "kind": "subscription",
            }
        )
        return partner


__all__ = ["Command", "CoopPosCase", "new_test_user", "pos_order_data"]
