from odoo import api, fields, models
from odoo.exceptions import UserError


class PosOrder(models.Model):
    _inherit = "pos.order"

    coop_override_reason = fields.Char(
        string="Override Reason",
        readonly=True,
        help="Why a manager let this order through for someone who may not shop.",
    )
    coop_override_user_id = fields.Many2one("res.users", string="Overridden By", readonly=True)

    @api.model
    def _process_order(self, order, existing_order):
        if order.get("state") != "draft":
            self._coop_check_customer(order)
        order_id = super()._process_order(order, existing_order)
        if order.get("coop_override_reason"):
            self.browse(order_id)._coop_log_override()
        return order_id

    @api.model
    def _coop_check_customer(self, order):
        """The server's word on who may buy: a till can be out of date, this cannot."""
        # Only the server decides who overrode; never trust a client-sent user.
        order.pop("coop_override_user_id", None)
        if self._coop_open_to_public(order):
            order.pop("coop_override_reason", None)
            return
        session = self.env["pos.session"].browse(order.get("session_id"))
        partner = self.env["res.partner"].browse(order.get("partner_id") or []).exists()
        if not partner:
            if session.config_id and not session.config_id.coop_allow_anonymous:
                raise UserError(self.env._("This till sells only to members: choose a customer."))
            return
        if partner._coop_can_shop():
            order.pop("coop_override_reason", None)
            return
        reason = (order.get("coop_override_reason") or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "%(name)s may not shop: %(why)s",
                    name=partner.name,
                    why=partner._coop_status_reason(),
                )
            )
        if not self.env.user.has_group("point_of_sale.group_pos_manager"):
            raise UserError(self.env._("Only a POS manager can let someone who may not shop buy."))
        order["coop_override_reason"] = reason
        order["coop_override_user_id"] = self.env.user.id

    @api.model
    def _coop_open_to_public(self, order):
        """Whether every product of the order may be sold to anyone, member or not."""
        product_ids = {
            line[2].get("product_id")
            for line in order.get("lines") or []
            if isinstance(line, (list, tuple)) and len(line) == 3 and isinstance(line[2], dict)
        }
        if not product_ids or None in product_ids:
            return False
        products = self.env["product.product"].browse(product_ids)
        return all(products.mapped("coop_open_to_public"))

    def _coop_log_override(self):
        for order in self:
            message = self.env._(
                "%(user)s let %(partner)s buy despite their status (order %(order)s): %(reason)s",
                user=order.coop_override_user_id.name,
                partner=order.partner_id.name,
                order=order.pos_reference or order.name,
                reason=order.coop_override_reason,
            )
            order.message_post(body=message)
            # Logged even when the manager may not edit contacts; the author stays the manager.
            order.partner_id.sudo().message_post(
                body=message, author_id=self.env.user.partner_id.id
            )

    @api.model
    def _load_pos_data_fields(self, config_id):
        fields_list = super()._load_pos_data_fields(config_id)
        return fields_list + ["coop_override_reason"] if fields_list else fields_list
