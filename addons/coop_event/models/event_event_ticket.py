from odoo import fields, models
from odoo.exceptions import UserError


class EventEventTicket(models.Model):
    _inherit = "event.event.ticket"

    coop_members_only = fields.Boolean(
        string="Member Price",
        help="Only for members who may shop; everyone else takes a public ticket. The server "
        "refuses this ticket for anyone else, whether sold at the till, in the portal or here.",
    )

    def _coop_sell_in_portal(self, partner, count):
        """Seats for `partner` and the invoice to pay them online; returns the invoice.

        The event's rules apply as at the till: seats left, sale dates, and the member price
        only for members who may shop. Everything is checked before anything is written,
        and the seats are confirmed last: confirming runs Odoo's subscription mails, which
        commit as they go.
        """
        self.ensure_one()
        if not self.sale_available:
            raise UserError(self.env._("%s is not on sale any more.", self.display_name))
        Registration = self.env["event.registration"]
        Registration._coop_check_member_price(self, partner)
        seats = [
            {
                "event_id": self.event_id.id,
                "event_ticket_id": self.id,
                "partner_id": partner.id,
                "name": partner.name,
                "email": partner.email,
                "phone": partner.phone,
            }
            for _seat in range(count)
        ]
        Registration._coop_check_seats_left(seats)
        journal = (self.event_id.company_id or self.env.company)._coop_goods_sale_journal()
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "journal_id": journal.id,
                "invoice_origin": self.event_id.name,
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "product_id": self.product_id.id,
                            "name": f"{self.event_id.name}: {self.name}",
                            "quantity": count,
                            "price_unit": self.price,
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        registrations = Registration.create(
            [dict(seat, state="draft", coop_invoice_id=invoice.id) for seat in seats]
        )
        registrations.action_confirm()
        return invoice
