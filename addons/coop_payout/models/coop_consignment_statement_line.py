from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CoopConsignmentStatementLine(models.Model):
    _name = "coop.consignment.statement.line"
    _description = "Consignor Payout Statement Line"
    _order = "date, id"

    statement_id = fields.Many2one(
        "coop.consignment.statement", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(related="statement_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="statement_id.company_id", store=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    date = fields.Date(required=True)
    reference = fields.Char()
    product_id = fields.Many2one("product.product", string="Product")
    description = fields.Char(compute="_compute_description", store=True, readonly=False)
    quantity = fields.Float(digits="Product Unit of Measure")
    amount = fields.Monetary(string="Sales (untaxed)")
    commission_rate = fields.Float(string="Commission (%)", digits=(5, 2))
    commission_amount = fields.Monetary(
        string="Commission", compute="_compute_commission", store=True
    )
    amount_due = fields.Monetary(string="Due", compute="_compute_commission", store=True)
    pos_order_line_id = fields.Many2one(
        "pos.order.line", string="Till Line", index="btree_not_null", ondelete="set null"
    )

    @api.depends("product_id")
    def _compute_description(self):
        for line in self:
            line.description = line.description or line.product_id.display_name

    @api.depends("amount", "commission_rate", "currency_id")
    def _compute_commission(self):
        for line in self:
            commission = line.currency_id.round(line.amount * line.commission_rate / 100.0)
            line.commission_amount = commission
            line.amount_due = line.amount - commission

    @api.constrains("commission_rate")
    def _check_commission_rate(self):
        for line in self:
            if not 0.0 <= line.commission_rate <= 100.0:
                raise ValidationError(
                    self.env._(
                        "A commission must be between 0 and 100%%, not %(rate)s.",
                        rate=line.commission_rate,
                    )
                )

    def write(self, vals):
        self._coop_check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self._coop_check_draft()

    def _coop_check_draft(self):
        # A posted statement matches its bill and the consignor's mail: its lines stay put.
        if any(line.statement_id.state != "draft" for line in self):
            raise UserError(
                self.env._("The lines of a posted statement cannot change; cancel it first.")
            )
