from odoo import api, fields, models


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    @api.model
    def _coop_today(self, company):
        """Today where the company is: its address's time zone, else the user's."""
        tz = company.partner_id.tz or self.env.user.tz
        return fields.Date.context_today(self.with_context(tz=tz))

    @api.model
    def _coop_current_domain(self, company):
        """Price list entries valid today in `company`: an ended entry is history, one not yet
        started is the future. Rounds and the catalogue import read the same entries."""
        today = self._coop_today(company)
        return [
            ("company_id", "in", (False, company.id)),
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]
