from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class EventEvent(models.Model):
    _inherit = "event.event"

    coop_venue_id = fields.Many2one(
        "res.partner",
        string="Partner Venue",
        help="The venue whose tickets the co-op sells; it gets the attendee list and its share "
        "of the sales.",
    )
    coop_venue_share_percent = fields.Float(
        string="Venue's Share (%)",
        help="Part of the ticket sales, tax excluded, paid back to the venue.",
    )
    coop_sold_in_portal = fields.Boolean(
        string="Sold in the Portal", help="Members can buy tickets under My Tickets."
    )
    coop_seats_held = fields.Integer(
        string="Seats Held",
        compute="_compute_seats",
        help="Seats bought in the portal whose invoice is not paid yet. They count against "
        "the capacity until they are paid (and confirmed) or released.",
    )

    @api.depends("registration_ids.coop_hold_until")
    def _compute_seats(self):
        res = super()._compute_seats()
        held = self.env["event.registration"]._coop_held_counts("event_id", self)
        for event in self:
            event.coop_seats_held = held.get(event._origin.id or event.id, 0)
            if event.seats_max > 0:
                event.seats_available -= event.coop_seats_held
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("coop_venue_id") or vals.get("coop_venue_share_percent"):
                self._coop_check_venue_terms_right()
        return super().create(vals_list)

    def write(self, vals):
        if {"coop_venue_id", "coop_venue_share_percent"} & set(vals):
            self._coop_check_venue_terms_right()
        return super().write(vals)

    def _coop_check_venue_terms_right(self):
        """The venue and its share decide what the co-op pays out: event managers set them."""
        self.env["res.users"]._coop_require(
            "event.group_event_manager",
            message=self.env._(
                "Only event administrators set an event's partner venue and its share."
            ),
        )

    @api.constrains("coop_venue_share_percent")
    def _check_coop_venue_share(self):
        for event in self:
            if not 0 <= event.coop_venue_share_percent <= 100:
                raise ValidationError(self.env._("The venue's share is between 0 and 100%."))

    def action_coop_send_attendee_list(self):
        """Mail each venue the attendee list of its event, as a PDF.

        The list names people and their phones: only event staff send it, whatever the
        till's right to read events.
        """
        self.env["res.users"]._coop_require(
            "event.group_event_user",
            message=self.env._("Only event staff (Events / User) send attendee lists to venues."),
        )
        self.check_access("read")
        template = self.env.ref("coop_event.mail_template_attendee_list")
        for event in self:
            if not event.coop_venue_id.email:
                raise UserError(
                    self.env._(
                        "%s has no partner venue with an email address to send the list to.",
                        event.name,
                    )
                )
            template.send_mail(event.id, email_layout_xmlid="mail.mail_notification_light")
        return True

    def _coop_attendees(self):
        """The people with a ticket: confirmed or attended, never held, unpaid or cancelled."""
        self.ensure_one()
        return self.registration_ids.filtered(lambda r: r.state in ("open", "done"))
