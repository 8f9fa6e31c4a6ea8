import uuid
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    @api.model
    def _coop_demo_till_day(self, config_id, sales, days_ago=0, hour=10):
        """Demo only: a morning at the till `days_ago` days back, `sales` being
        [(partner id, [(product id, qty)])], one every ten minutes from `hour` (shop's
        time), each paid cash as a till sends it; the session is then closed and booked."""
        config = self.browse(config_id)
        config.open_ui()
        session = config.current_session_id
        session.set_opening_control(0, None)
        cash = (
            config.payment_method_ids.filtered("is_cash_count")[:1] or config.payment_method_ids[:1]
        )
        tz = pytz.timezone(config.company_id._coop_tz())
        day = fields.Date.context_today(self.with_context(tz=tz.zone)) - timedelta(days=days_ago)
        opening = tz.localize(datetime.combine(day, time(hour))).astimezone(pytz.utc)
        orders = []
        for sequence, (partner_id, lines) in enumerate(sales, start=1):
            moment = (opening + timedelta(minutes=10 * sequence)).replace(tzinfo=None)
            products = self.env["product.product"].browse([product for product, _qty in lines])
            commands, total = [], 0.0
            for product, (_id, quantity) in zip(products, lines, strict=True):
                subtotal = product.lst_price * quantity
                total += subtotal
                commands.append(
                    Command.create(
                        {
                            "product_id": product.id,
                            "qty": quantity,
                            "price_unit": product.lst_price,
                            "price_subtotal": subtotal,
                            "price_subtotal_incl": subtotal,
                            "tax_ids": [],
                        }
                    )
                )
            order_uuid = str(uuid.uuid4())
            orders.append(
                {
                    "uuid": order_uuid,
                    "name": f"Order {order_uuid}",
                    "session_id": session.id,
                    "pricelist_id": config.pricelist_id.id,
                    "sequence_number": sequence,
                    "date_order": fields.Datetime.to_string(moment),
                    "amount_paid": total,
                    "amount_return": 0,
                    "amount_tax": 0,
                    "amount_total": total,
                    "lines": commands,
                    "payment_ids": [
                        Command.create(
                            {"amount": total, "name": moment, "payment_method_id": cash.id}
                        )
                    ],
                    "partner_id": partner_id,
                    "to_invoice": False,
                }
            )
        self.env["pos.order"].sync_from_ui(orders)
        session.action_pos_session_closing_control()
        return session
