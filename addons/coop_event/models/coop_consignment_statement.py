from odoo import api, fields, models
from odoo.exceptions import UserError


class CoopConsignmentStatement(models.Model):
    """A partner venue's share of the ticket sales, settled like consignment."""

    _inherit = "coop.consignment.statement"

    settlement_type = fields.Selection(
        selection_add=[("tickets", "Ticket Sales")], ondelete={"tickets": "cascade"}
    )

    @api.model
    def _coop_partners_to_settle(self):
        partners = super()._coop_partners_to_settle()
        events = self.env["event.event"].search([("coop_venue_id", "!=", False)])
        partners["tickets"] = events.coop_venue_id
        return partners

    def _coop_payout_collect_lines(self):
        """Tickets of this venue's events sold in the period, at the till and in the portal
        (paid portal tickets only).

        The co-op keeps what the venue's share leaves: the line's commission rate is
        100% less the event's venue share.
        """
        if self.settlement_type != "tickets":
            return super()._coop_payout_collect_lines()
        till_lines = self._coop_till_lines(
            [("event_ticket_id.event_id.coop_venue_id", "=", self.partner_id.id)]
        )
        values = self._coop_till_line_values(
            till_lines,
            lambda line: 100 - line.event_ticket_id.event_id.coop_venue_share_percent,
            lambda line: f"{line.event_ticket_id.event_id.name}: {line.event_ticket_id.name}",
        )
        registrations = (
            self.env["event.registration"]
            .sudo()
            .search(
                [
                    ("event_id.coop_venue_id", "=", self.partner_id.id),
                    # Paid tickets only: a held seat may still be released.
                    ("state", "in", ("open", "done")),
                    ("coop_invoice_id.state", "=", "posted"),
                    ("coop_invoice_id.company_id", "=", self.company_id.id),
                    ("coop_invoice_id.invoice_date", ">=", self.date_from),
                    ("coop_invoice_id.invoice_date", "<=", self.date_to),
                ]
            )
        )
        for invoice in registrations.coop_invoice_id.sorted("id"):
            event = registrations.filtered(lambda r, i=invoice: r.coop_invoice_id == i).event_id
            for line in invoice.invoice_line_ids.filtered("product_id"):
                values.append(
                    {
                        "date": invoice.invoice_date,
                        "reference": invoice.name,
                        "product_id": line.product_id.id,
                        "description": line.name,
                        "quantity": line.quantity,
                        "amount": -line.balance,
                        "commission_rate": 100 - event[:1].coop_venue_share_percent,
                    }
                )
        return values

    def _coop_payout_sales_account(self):
        """Ticket sales were booked as the co-op's income: the venue's bill takes them back
        out of that income account, and the commission stays in as income."""
        if self.settlement_type != "tickets":
            return super()._coop_payout_sales_account()
        products = self.line_ids.product_id
        income = products[:1].product_tmpl_id._get_product_accounts()["income"]
        if not income:
            raise UserError(
                self.env._(
                    "%s has no income account to take the venue's share from.",
                    products[:1].display_name,
                )
            )
        return income
