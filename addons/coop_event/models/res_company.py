from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_ticket_hold_minutes = fields.Integer(
        string="Ticket Hold (minutes)",
        default=30,
        help="How long seats bought in the portal wait for their payment before they go back "
        "on sale.",
    )

    @api.constrains("coop_ticket_hold_minutes")
    def _check_coop_ticket_hold_minutes(self):
        for company in self:
            if company.coop_ticket_hold_minutes < 5:
                raise ValidationError(
                    self.env._("Seats wait at least 5 minutes for their payment.")
                )
