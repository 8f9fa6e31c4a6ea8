from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EventRegistration(models.Model):
    _inherit = "event.registration"

    coop_invoice_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, copy=False, index="btree_not_null"
    )

    # Checked before writing rather than as a constraint: event's own create hooks (seat
    # counters, mail schedulers) must never run for a registration that is refused.
    @api.model_create_multi
    def create(self, vals_list):
        Ticket, Partner = self.env["event.event.ticket"], self.env["res.partner"]
        for vals in vals_list:
            if not vals.get("partner_id") and vals.get("pos_order_line_id"):
                # Sold at the till: the attendee is the order's customer.
                line = self.env["pos.order.line"].browse(vals["pos_order_line_id"])
                vals["partner_id"] = line.order_id.partner_id.id
            if vals.get("state") != "cancel":
                self._coop_check_member_price(
                    Ticket.browse(vals.get("event_ticket_id")),
                    Partner.browse(vals.get("partner_id")),
                )
        self._coop_check_seats_left(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if {"event_ticket_id", "partner_id", "state"} & set(vals):
            for registration in self:
                if vals.get("state", registration.state) == "cancel":
                    continue
                self._coop_check_member_price(
                    self.env["event.event.ticket"].browse(
                        vals.get("event_ticket_id", registration.event_ticket_id.id)
                    ),
                    self.env["res.partner"].browse(
                        vals.get("partner_id", registration.partner_id.id)
                    ),
                )
        return super().write(vals)

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "partner_id"]

    @api.model
    def _coop_check_seats_left(self, vals_list):
        """Refuse seats beyond an event's or a ticket's limit, naming what is left."""
        wanted = {}
        for vals in vals_list:
            if vals.get("state", "open") in ("open", "done"):
                for model, key in (
                    ("event.event", "event_id"),
                    ("event.event.ticket", "event_ticket_id"),
                ):
                    if vals.get(key):
                        record = self.env[model].browse(vals[key])
                        wanted[record] = wanted.get(record, 0) + 1
        for record, count in wanted.items():
            limited = record.seats_max and (
                record._name == "event.event.ticket" or record.seats_limited
            )
            if limited and count > record.seats_available:
                raise ValidationError(
                    self.env._(
                        "Only %(left)s seats are left for %(what)s: %(count)s asked.",
                        left=max(record.seats_available, 0),
                        what=record.display_name,
                        count=count,
                    )
                )

    @api.model
    def _coop_check_member_price(self, ticket, partner):
        if not ticket.coop_members_only:
            return
        if not partner:
            raise ValidationError(
                self.env._("%s is at the member price: choose the member buying it.", ticket.name)
            )
        if not partner._coop_can_shop():
            raise ValidationError(
                self.env._(
                    "%(name)s may not shop (%(why)s), so pays the public price, not %(ticket)s.",
                    name=partner.name,
                    why=partner._coop_status_reason(),
                    ticket=ticket.name,
                )
            )
