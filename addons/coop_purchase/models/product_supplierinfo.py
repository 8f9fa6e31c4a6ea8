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

    @api.model
    def _coop_preferred_entries(self, suppliers, company, with_templates=False):
        """{(product, supplier): the entry valid today in `company` that a purchase takes}.

        Of several entries for one product from one supplier, the first by sequence, then the
        largest minimum quantity, the cheapest, the oldest. Rounds, the reorder proposal and
        the catalogue import all ask this. An entry made for a product template stands for
        each of its variants only `with_templates`: rounds offer named products.
        """
        domain = [("partner_id", "in", suppliers.ids), *self._coop_current_domain(company)]
        if not with_templates:
            domain.append(("product_id", "!=", False))
        entries = {}
        for info in self.search(domain, order="sequence, min_qty desc, price, id"):
            for product in info.product_id or info.product_tmpl_id.product_variant_ids:
                entries.setdefault((product, info.partner_id), info)
        return entries
