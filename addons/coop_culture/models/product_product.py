from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _load_pos_data_fields(self, config_id):
        fields_list = super()._load_pos_data_fields(config_id)
        # The receipt prints the artist's biography under an artwork's line.
        return fields_list + ["coop_artist_bio"] if fields_list else fields_list
