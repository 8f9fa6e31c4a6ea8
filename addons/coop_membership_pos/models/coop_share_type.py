from odoo import models


class CoopShareType(models.Model):
    _inherit = "coop.share.type"

    def _prepare_product_vals(self):
        # A share is bought through a subscription, never at the till.
        return {**super()._prepare_product_vals(), "available_in_pos": False}
