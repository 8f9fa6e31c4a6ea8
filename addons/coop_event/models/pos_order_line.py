from odoo import api, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    def _coop_sale_line(self):
        return {**super()._coop_sale_line(), "event_ticket": self.event_ticket_id}

    @api.model
    def _coop_sale_line_from_till(self, product, qty, more):
        values = super()._coop_sale_line_from_till(product, qty, more)
        ticket_id = more.get("event_ticket_id")
        if isinstance(ticket_id, int):
            values["event_ticket"] = self.env["event.event.ticket"].browse(ticket_id).exists()
        return values
