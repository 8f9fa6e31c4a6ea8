from odoo import api, fields, models
from odoo.exceptions import UserError


class EventEvent(models.Model):
    _inherit = "event.event"

    coop_is_info_session = fields.Boolean(
        string="Information Meeting",
        compute="_compute_coop_is_info_session",
        store=True,
        readonly=False,
        index=True,
        help="An information meeting for people who want to join the co-op.",
    )

    @api.depends("event_type_id")
    def _compute_coop_is_info_session(self):
        for event in self:
            if event.event_type_id:
                event.coop_is_info_session = event.event_type_id.coop_is_info_session

    @api.model
    def _coop_info_sessions_open(self, company):
        """The information meetings of `company` still to come that take bookings (a seat
        left), soonest first: what the join form offers."""
        events = self.sudo().search(
            [
                ("coop_is_info_session", "=", True),
                ("company_id", "in", [company.id, False]),
                ("date_begin", ">", fields.Datetime.now()),
            ],
            order="date_begin, id",
        )
        return events.filtered("event_registrations_open")

    def coop_info_mark_attended(self, card_or_name):
        """Mark at the door that someone booked on this information meeting came: found by
        their member card's barcode or by the name they booked under (any case). As the
        caller, so only who may take attendance (the registration desk) can. Returns the
        registration marked attended."""
        self.ensure_one()
        key = (card_or_name or "").strip()
        booked = self.registration_ids.filtered(lambda r: r.state in ("draft", "open", "done"))
        found = booked.filtered(lambda r: key and r.partner_id.barcode == key)
        if not found:
            found = booked.filtered(lambda r: key and (r.name or "").strip().lower() == key.lower())
        if not found:
            raise UserError(
                self.env._(
                    "Nobody booked on %(meeting)s answers to %(key)s.", meeting=self.name, key=key
                )
            )
        if len(found) > 1:
            raise UserError(
                self.env._(
                    "Several people booked under %s: mark the right one on the attendee list.", key
                )
            )
        found.action_set_done()
        return found
