from odoo import api, models


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    @api.model
    def _coop_today(self, company):
        """The shop's today (its time zone, never the reader's)."""
        return company._coop_today()

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
