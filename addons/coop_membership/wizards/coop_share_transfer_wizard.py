from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..const import COOP_MANAGER
from ..models.res_company import shop_today


class CoopShareTransferWizard(models.TransientModel):
    """Move shares to another person, or convert them to another class."""

    _name = "coop.share.transfer.wizard"
    _description = "Transfer or Convert Shares"

    mode = fields.Selection(
        [("transfer", "Transfer to someone else"), ("conversion", "Convert to another class")],
        required=True,
        default="transfer",
    )
    partner_id = fields.Many2one("res.partner", string="From", required=True)
    share_type_id = fields.Many2one("coop.share.type", string="Class", required=True)
    quantity = fields.Integer(required=True, default=1)
    held_quantity = fields.Integer(compute="_compute_held_quantity")
    recipient_kind = fields.Selection(
        [("existing", "Existing contact"), ("new", "New person")],
        default="existing",
        required=True,
    )
    recipient_id = fields.Many2one("res.partner", string="To")
    recipient_name = fields.Char(string="New Person's Name")
    recipient_email = fields.Char(string="New Person's Email")
    target_share_type_id = fields.Many2one("coop.share.type", string="Convert To")
    date = fields.Date(required=True, default=shop_today)
    note = fields.Char()

    @api.depends("partner_id", "share_type_id")
    def _compute_held_quantity(self):
        for wizard in self:
            wizard.held_quantity = (
                wizard.partner_id._coop_shares_held(wizard.share_type_id)
                if wizard.partner_id and wizard.share_type_id
                else 0
            )

    def action_confirm(self):
        self.ensure_one()
        self.env["res.users"]._coop_require(
            COOP_MANAGER, message=self.env._("Only a membership manager transfers shares.")
        )
        if self.quantity < 1:
            raise ValidationError(self.env._("Move at least one share."))
        if self.quantity > self.held_quantity:
            raise ValidationError(
                self.env._(
                    "%(partner)s holds %(held)s class %(code)s share(s), not %(qty)s.",
                    partner=self.partner_id.display_name,
                    held=self.held_quantity,
                    code=self.share_type_id.code,
                    qty=self.quantity,
                )
            )
        remaining = self.held_quantity - self.quantity
        minimum = self.share_type_id._minimum_for(self.partner_id)
        if 0 < remaining < minimum:
            raise ValidationError(
                self.env._(
                    "%(partner)s would keep %(left)s share(s), below the minimum of %(min)s.",
                    partner=self.partner_id.display_name,
                    left=remaining,
                    min=minimum,
                )
            )
        if self.mode == "conversion":
            return self._convert()
        return self._transfer()

    def _line_vals(self, partner, share_type, quantity, kind):
        return {
            "partner_id": partner.id,
            "share_type_id": share_type.id,
            "quantity": quantity,
            "kind": kind,
            "date": self.date,
            "note": self.note,
        }

    def _transfer(self):
        recipient = self._get_recipient()
        if recipient == self.partner_id:
            raise ValidationError(self.env._("Shares cannot be transferred to their own holder."))
        held = recipient._coop_shares_held(self.share_type_id)
        self.share_type_id._check_holding_bounds(recipient, held + self.quantity)
        Line = self.env["coop.share.line"]
        outgoing = Line.create(
            self._line_vals(self.partner_id, self.share_type_id, -self.quantity, "transfer_out")
        )
        incoming_vals = self._line_vals(recipient, self.share_type_id, self.quantity, "transfer_in")
        incoming_vals["counterpart_line_id"] = outgoing.id
        if not recipient.coop_member_number:
            # The newcomer's file keeps how they came in, as for any subscription.
            request = self.env["coop.subscription.request"].create(
                {
                    "partner_id": recipient.id,
                    "share_type_id": self.share_type_id.id,
                    "quantity": self.quantity,
                    "origin": "transfer",
                    "state": "done",
                    "date": self.date,
                }
            )
            incoming_vals["subscription_request_id"] = request.id
        incoming = Line.create(incoming_vals)
        outgoing.counterpart_line_id = incoming
        return {"type": "ir.actions.act_window_close"}

    def _get_recipient(self):
        if self.recipient_kind == "existing":
            if not self.recipient_id:
                raise UserError(self.env._("Choose who receives the shares."))
            return self.recipient_id
        if not (self.recipient_name or "").strip():
            raise UserError(self.env._("Give the new person's name."))
        return self.env["res.partner"].create(
            {"name": self.recipient_name.strip(), "email": self.recipient_email}
        )

    def _convert(self):
        target = self.target_share_type_id
        if not target or target == self.share_type_id:
            raise UserError(self.env._("Choose another class to convert to."))
        if self.share_type_id.currency_id.compare_amounts(
            target.unit_price, self.share_type_id.unit_price
        ):
            raise ValidationError(
                self.env._(
                    "Classes %(a)s and %(b)s have different nominal values: sell back and "
                    "subscribe instead, so that the capital stays right.",
                    a=self.share_type_id.code,
                    b=target.code,
                )
            )
        held = self.partner_id._coop_shares_held(target)
        target._check_holding_bounds(self.partner_id, held + self.quantity)
        Line = self.env["coop.share.line"]
        outgoing = Line.create(
            self._line_vals(self.partner_id, self.share_type_id, -self.quantity, "conversion_out")
        )
        incoming_vals = self._line_vals(self.partner_id, target, self.quantity, "conversion_in")
        incoming_vals["counterpart_line_id"] = outgoing.id
        outgoing.counterpart_line_id = Line.create(incoming_vals)
        return {"type": "ir.actions.act_window_close"}
