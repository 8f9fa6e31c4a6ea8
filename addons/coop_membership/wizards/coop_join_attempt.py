from datetime import timedelta

from odoo import api, fields, models


class CoopJoinAttempt(models.TransientModel):
    """A request written by the public join form, remembered for an hour to throttle it.

    Transient: Odoo's vacuum deletes them; only counts within the last hour matter.
    """

    _name = "coop.join.attempt"
    _description = "Join form submission (throttle)"
    _transient_max_hours = 1.0

    address = fields.Char(required=True, index=True)
    session_key = fields.Char(index=True)

    @api.model
    def _coop_recent(self, address, session_key, within=timedelta(hours=1)):
        """(from this session, from this address) within the last `within`."""
        since = fields.Datetime.now() - within
        attempts = self.sudo().search([("create_date", ">=", since), ("address", "=", address)])
        return len(attempts.filtered(lambda a: a.session_key == session_key)), len(attempts)
