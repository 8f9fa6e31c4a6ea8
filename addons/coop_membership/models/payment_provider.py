from odoo import models
from odoo.exceptions import ValidationError


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    def _coop_takes_top_ups(self):
        """Whether a member may top up through this provider: its journal books the payment
        when the transaction is done (the rule of every top-up, on the journal)."""
        self.ensure_one()
        if not self.journal_id:
            return False
        try:
            self.journal_id._coop_top_up_method_line(provider=self)
        except ValidationError:
            return False
        return True

    def _get_compatible_providers(self, *args, coop_top_up=False, **kwargs):
        providers = super()._get_compatible_providers(*args, **kwargs)
        if coop_top_up:
            providers = providers.filtered(lambda p: p._coop_takes_top_ups())
        return providers
