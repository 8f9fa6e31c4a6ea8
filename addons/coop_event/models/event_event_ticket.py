from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class EventEventTicket(models.Model):
    _inherit = "event.event.ticket"

    coop_members_only = fields.Boolean(
        string="Member Price",
        help="Only for members who may shop; everyone else takes a public ticket. The server "
        "refuses this ticket for anyone else, whether sold at the till, in the portal or here.",
    )
    coop_seats_held = fields.Integer(
        string="Seats Held",
        compute="_compute_seats",
        help="Seats of this ticket bought in the portal and waiting for their payment.",
    )

    @api.depends("registration_ids.coop_hold_until")
    def _compute_seats(self):
        res = super()._compute_seats()
        held = self.env["event.registration"]._coop_held_counts("event_ticket_id", self)
        for ticket in self:
            ticket.coop_seats_held = held.get(ticket._origin.id or ticket.id, 0)
            if ticket.seats_max > 0:
                ticket.seats_available -= ticket.coop_seats_held
        return res

    def _coop_hold_deadline(self):
        """Until when portal seats wait for their payment: the company's hold time, and
        never past the start of the event."""
        self.ensure_one()
        company = self.event_id.company_id or self.env.company
        deadline = fields.Datetime.now() + timedelta(minutes=company.coop_ticket_hold_minutes)
        return min(deadline, self.event_id.date_begin) if self.event_id.date_begin else deadline

    def _coop_sell_in_portal(self, partner, count):
        """Hold seats for `partner` until the invoice is paid; returns the invoice.

        The event's rules apply as at the till: seats left, sale dates, and the member price
        only for members who may shop. The seats are locked first, so that two people never
        buy the last ones; holds whose time is over are released before counting. Nothing is
        confirmed here: paying the invoice confirms the seats (see account.move), a free
        ticket at once.
        """
        self.ensure_one()
        Registration = self.env["event.registration"]
        Registration._coop_lock_seats(self.event_id, self)
        Registration._coop_expired_holds(self.event_id)._coop_release_unpaid()
        if not self.sale_available:
            raise UserError(self.env._("%s is not on sale any more.", self.display_name))
        Registration._coop_check_member_price(self, partner)
        hold_until = self._coop_hold_deadline()
        seats = [
            {
                "event_id": self.event_id.id,
                "event_ticket_id": self.id,
                "partner_id": partner.id,
                "name": partner.name,
                "email": partner.email,
                "phone": partner.phone,
                "state": "draft",
                "coop_hold_until": hold_until,
            }
            for _seat in range(count)
        ]
        Registration._coop_check_seats_left(seats)
        company = self.event_id.company_id or self.env.company
        journal = company._coop_goods_sale_journal()
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                # The shop's day: Odoo would date it in the time zone of whoever posts it.
                "invoice_date": company._coop_today(),
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
        Registration.create([dict(seat, coop_invoice_id=invoice.id) for seat in seats])
        # Posting a free ticket's invoice pays it, which confirms the seats at once.
        invoice.action_post()
        return invoice
