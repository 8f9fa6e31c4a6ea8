from odoo import api, fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    # Frozen when the line is made: the statement pays whoever owned the goods when they
    # were sold, at the rate agreed then, even if the product changes hands or rate later.
    coop_consignor_id = fields.Many2one(
        "res.partner",
        string="Consignor",
        compute="_compute_coop_consignment",
        store=True,
        index="btree_not_null",
    )
    coop_commission_rate = fields.Float(
        string="Commission (%)", digits=(5, 2), compute="_compute_coop_consignment", store=True
    )

    @api.depends("product_id")
    def _compute_coop_consignment(self):
        for line in self:
            template = line.product_id.product_tmpl_id
            line.coop_consignor_id = template.coop_consignor_id
            line.coop_commission_rate = (
                template._coop_commission_rate() if template.coop_consignor_id else 0.0
            )
