from odoo import api, fields, models
from odoo.exceptions import UserError


class CoopConsignmentStatement(models.Model):
    """Consignment as a source of payout statements: a consignor's goods sold at the till."""

    _inherit = "coop.consignment.statement"

    settlement_type = fields.Selection(
        selection_add=[("consignment", "Consignment")],
        default="consignment",
        ondelete={"consignment": "cascade"},
    )

    @api.model
    def _coop_partners_to_settle(self):
        partners = super()._coop_partners_to_settle()
        partners["consignment"] = self.env["res.partner"].search([("coop_is_consignor", "=", True)])
        return partners

    def _coop_payout_collect_lines(self):
        # Read from the till's order lines rather than from stock moves: the line holds the
        # price actually charged (after discount, before tax) and the consignor and rate at
        # the time of sale, while POS moves are merged per product (and per session when
        # stock is updated at closing), which loses the price of each sale.
        if self.settlement_type != "consignment":
            return super()._coop_payout_collect_lines()
        order_lines = self._coop_till_lines([("coop_consignor_id", "=", self.partner_id.id)])
        return self._coop_till_line_values(order_lines, lambda line: line.coop_commission_rate)

    def _coop_payout_sales_account(self):
        """The clearing account the till credited with the consignor's sales."""
        if self.settlement_type != "consignment":
            return super()._coop_payout_sales_account()
        company = self.company_id
        if not company.coop_consignment_account_id:
            company.sudo()._coop_ensure_payout_setup()
        if not company.coop_consignment_account_id:
            raise UserError(
                self.env._("Set the consignment clearing account in the settings first.")
            )
        return company.coop_consignment_account_id
