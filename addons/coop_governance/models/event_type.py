from odoo import fields, models


class EventType(models.Model):
    _inherit = "event.type"

    coop_is_info_session = fields.Boolean(
        string="Information Meeting",
        help="Events of this type are the co-op's information meetings for people who want "
        "to join: they may be booked from the join form, and attending one may be required "
        "before a subscription is validated.",
    )
