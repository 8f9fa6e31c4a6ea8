from odoo import api, fields, models


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
