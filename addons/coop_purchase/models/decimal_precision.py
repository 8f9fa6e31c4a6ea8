from contextlib import contextmanager

from odoo import models

# Key in the cursor's cache while a close remembers the precisions.
_REMEMBERED = "coop_purchase.precisions"


class DecimalPrecision(models.Model):
    _inherit = "decimal.precision"

    def precision_get(self, application):
        # Closing a round stores thousands of float values, each asking for its precision,
        # and the cached lookup costs more than the answer. Inside _coop_remember_precisions
        # the answers come from a dict; flushes (which drop the context) included.
        known = self.env.cr.cache.get(_REMEMBERED)
        if known and application in known and not self.env.context.get("ignore_discount_precision"):
            return known[application]
        return super().precision_get(application)

    @contextmanager
    def _coop_remember_precisions(self):
        """Read every precision once for the work done inside; nothing there changes them."""
        cache = self.env.cr.cache
        if _REMEMBERED in cache:
            yield
            return
        names = self.sudo().search_fetch([], ["name"]).mapped("name")
        cache[_REMEMBERED] = {name: self.precision_get(name) for name in names}
        try:
            yield
        finally:
            cache.pop(_REMEMBERED, None)
