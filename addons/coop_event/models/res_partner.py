from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_event_registrations(self):
        return (
            self.env["event.registration"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", self.id)], order="id")
        )

    def _coop_erase_hook(self):
        # A ticket keeps a copy of the attendee's name, email and phone: they go, the seat
        # and its payment stay.
        erased = super()._coop_erase_hook()
        registrations = self._coop_event_registrations()
        if registrations:
            registrations.write(
                {"name": self.name, "email": False, "phone": False, "company_name": False}
            )
            self.env["mail.message"].search(
                [("model", "=", "event.registration"), ("res_id", "in", registrations.ids)]
            ).unlink()
            erased.append("event tickets")
        return erased

    def _coop_personal_data_export(self):
        data = super()._coop_personal_data_export()
        data["event_tickets"] = [
            {
                "event": registration.event_id.name,
                "date": registration.event_id.date_begin,
                "ticket": registration.event_ticket_id.name or "",
                "attendee": registration.name or "",
                "email": registration.email or "",
                "phone": registration.phone or "",
                "state": registration.state,
            }
            for registration in self._coop_event_registrations()
        ]
        return data
