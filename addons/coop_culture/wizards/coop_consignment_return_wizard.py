from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class CoopConsignmentReturnWizard(models.TransientModel):
    _name = "coop.consignment.return.wizard"
    _description = "Return Unsold Goods to a Consignor"

    partner_id = fields.Many2one(
        "res.partner",
        string="Consignor",
        required=True,
        domain="[('coop_is_consignor', '=', True)]",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    location_id = fields.Many2one(
        "stock.location",
        string="From",
        required=True,
        domain="[('usage', '=', 'internal'), ('company_id', '=', company_id)]",
        default=lambda self: self._default_location(),
    )
    line_ids = fields.One2many(
        "coop.consignment.return.wizard.line",
        "wizard_id",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.model
    def _default_location(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        return warehouse.lot_stock_id

    @api.depends("partner_id", "location_id")
    def _compute_line_ids(self):
        for wizard in self:
            held = (
                wizard.partner_id._coop_consigned_stock(wizard.location_id)
                if wizard.partner_id and wizard.location_id
                else {}
            )
            wizard.line_ids = [Command.clear()] + [
                Command.create({"product_id": product.id, "quantity": quantity})
                for product, quantity in held.items()
                if quantity > 0
            ]

    def action_return(self):
        """An outgoing transfer from stock to the consignor, taking only their goods."""
        self.ensure_one()
        lines = self.line_ids.filtered(
            lambda li: (
                not float_is_zero(li.quantity, precision_rounding=li.product_id.uom_id.rounding)
            )
        )
        if not lines:
            raise UserError(self.env._("Enter a quantity to return on at least one product."))
        held = self.partner_id._coop_consigned_stock(self.location_id)
        for line in lines:
            rounding = line.product_id.uom_id.rounding
            on_hand = held.get(line.product_id, 0.0)
            if float_compare(line.quantity, 0.0, precision_rounding=rounding) < 0:
                raise UserError(
                    self.env._(
                        "Return a positive quantity of %(product)s.",
                        product=line.product_id.display_name,
                    )
                )
            if float_compare(line.quantity, on_hand, precision_rounding=rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(consignor)s has only %(held)s of %(product)s here, not %(quantity)s.",
                        consignor=self.partner_id.display_name,
                        held=on_hand,
                        product=line.product_id.display_name,
                        quantity=line.quantity,
                    )
                )
        picking = self._coop_create_return_picking(lines)
        return picking._get_records_action()

    def _coop_create_return_picking(self, lines):
        warehouse = self.location_id.warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        picking_type = warehouse.out_type_id
        destination = self.partner_id.with_company(self.company_id).property_stock_supplier
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.partner_id.id,
                "location_id": self.location_id.id,
                "location_dest_id": destination.id,
                "origin": self.env._("Consignment return"),
                "company_id": self.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": line.product_id.display_name,
                            "product_id": line.product_id.id,
                            "product_uom": line.product_id.uom_id.id,
                            "product_uom_qty": line.quantity,
                            "location_id": self.location_id.id,
                            "location_dest_id": destination.id,
                            "restrict_partner_id": self.partner_id.id,
                            "company_id": self.company_id.id,
                        }
                    )
                    for line in lines
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        # Reservation is restricted to the consignor's quants; all must be reserved.
        for move in picking.move_ids:
            if float_compare(
                move.quantity, move.product_uom_qty, precision_rounding=move.product_uom.rounding
            ):
                raise UserError(
                    self.env._(
                        "Some of %(product)s is reserved for other transfers; free it first.",
                        product=move.product_id.display_name,
                    )
                )
        picking.move_ids.picked = True
        picking._action_done()
        return picking
