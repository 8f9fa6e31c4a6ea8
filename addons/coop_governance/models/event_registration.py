from odoo import api, models
from odoo.tools import escape_psql


class EventRegistration(models.Model):
    _inherit = "event.registration"

    @api.model
    def _coop_info_attended_domain(self, partner):
        """Registrations that show `partner` attended an information meeting: booked in
        their name or with their email (a visitor books before they have a record)."""
        people = [("partner_id", "in", (partner | partner.commercial_partner_id).ids)]
        if partner.email:
            people = ["|", ("email", "=ilike", escape_psql(partner.email.strip())), *people]
        return [
            ("event_id.coop_is_info_session", "=", True),
            ("state", "=", "done"),
            *people,
        ]

    def _update_mail_schedulers(self):
        # The join form books inside its savepoint, and the confirmation mail's scheduler
        # commits as it goes: it is left to the scheduler's cron (Odoo's own async way).
        if self.env.context.get("coop_event_mail_async"):
            self.env.ref("event.event_mail_scheduler")._trigger()
            return None
        return super()._update_mail_schedulers()
