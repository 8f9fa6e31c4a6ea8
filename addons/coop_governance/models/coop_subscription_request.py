from odoo import api, fields, models

from odoo.addons.coop_membership.const import COOP_USER


class CoopSubscriptionRequest(models.Model):
    _inherit = "coop.subscription.request"

    coop_info_registration_id = fields.Many2one(
        "event.registration",
        string="Information Meeting Booked",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups=COOP_USER,
        help="The information meeting booked with this request on the join form.",
    )
    coop_info_session_attended = fields.Boolean(
        string="Information Meeting Attended",
        compute="_compute_coop_info_session_attended",
    )
    coop_info_session_required = fields.Boolean(related="company_id.coop_info_session_required")

    @api.depends("partner_id", "partner_id.email")
    def _compute_coop_info_session_attended(self):
        for request in self:
            # A new request has no person yet: nothing attended.
            request.coop_info_session_attended = bool(
                request.partner_id and request.partner_id._coop_info_session_attended()
            )

    def _coop_validation_refusal(self):
        """The co-op may require an attended information meeting before validation."""
        refusal = super()._coop_validation_refusal()
        if refusal or not self.company_id.coop_info_session_required:
            return refusal
        if self.partner_id._coop_info_session_attended():
            return ""
        return self.env._(
            "%s has not attended an information meeting yet.", self.partner_id.display_name
        )
