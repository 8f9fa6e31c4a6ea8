from odoo.http import request

from odoo.addons.coop_membership.controllers.join import CoopJoin


class CoopJoinInfoSession(CoopJoin):
    """The join form offers the coming information meetings: the person may book a seat
    with their request, and is told when attending one comes before membership."""

    def _coop_join_info_company(self):
        # As the system: visitors may not read the company's contact, where its time zone is.
        return request.env.company.sudo()

    def _coop_join_info_sessions(self):
        """The meetings offered (as the system: visitors read no events), or none when the
        co-op does not offer them on the form."""
        company = self._coop_join_info_company()
        if not company.coop_info_session_on_join:
            return request.env["event.event"].sudo()
        return request.env["event.event"]._coop_info_sessions_open(company)

    def _coop_join_values(self, form=None, errors=None, messages=None):
        values = super()._coop_join_values(form, errors, messages)
        company = self._coop_join_info_company()
        sessions = self._coop_join_info_sessions()
        values.update(
            {
                "info_sessions": sessions,
                # In the shop's time zone, whoever reads the form from wherever.
                "info_session_moments": {
                    event.id: company._coop_format_moment(event.date_begin) for event in sessions
                },
                "info_session_required": company.coop_info_session_required,
            }
        )
        return values

    def _coop_join_validate(self, post):
        errors, messages, clean = super()._coop_join_validate(post)
        chosen = post.get("info_event_id") or ""
        clean["info_event"] = request.env["event.event"].sudo()
        if chosen:
            event = self._coop_join_info_sessions().filtered(lambda e: str(e.id) == chosen)
            if not event:
                errors["info_event_id"] = True
                messages.append(
                    request.env._("Choose one of the information meetings listed, or none.")
                )
            clean["info_event"] = event
        return errors, messages, clean

    def _coop_join_create(self, clean):
        subscription = super()._coop_join_create(clean)
        event = clean.get("info_event")
        if event:
            # The person's seat, in their name: it is the request's partner, just made or
            # the signed-in member's own.
            registration = (
                request.env["event.registration"]
                .sudo()
                .with_context(coop_event_mail_async=True)
                .create({"event_id": event.id, "partner_id": subscription.partner_id.id})
            )
            subscription.coop_info_registration_id = registration
        return subscription
