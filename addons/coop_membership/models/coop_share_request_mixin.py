from odoo import api, fields, models
from odoo.exceptions import UserError

from .res_company import shop_today


class CoopShareRequestMixin(models.AbstractModel):
    """What subscriptions and sell-backs share: who, which class, how many, and the
    capital journal entry that settles it."""

    _name = "coop.share.request.mixin"
    _description = "Share Request (common part)"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _coop_sequence_code = None

    name = fields.Char(
        string="Reference", readonly=True, copy=False, default=lambda self: self.env._("New")
    )
    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, tracking=True, ondelete="restrict"
    )
    share_type_id = fields.Many2one(
        "coop.share.type", required=True, check_company=True, tracking=True
    )
    quantity = fields.Integer(required=True, default=1, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True, copy=False)
    payment_state = fields.Selection(related="move_id.payment_state")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(self._coop_sequence_code)
        return super().create(vals_list)

    def write(self, vals):
        if {"partner_id", "share_type_id", "quantity"} & set(vals) and self.filtered(
            lambda r: r.state != "draft"
        ):
            raise UserError(self.env._("Only a draft request can be changed."))
        return super().write(vals)

    def _coop_post_capital_move(self, move_type, label):
        """Create and post the capital journal entry for this request."""
        self.ensure_one()
        self.share_type_id._ensure_accounting()
        company = self.company_id
        journal = company.coop_capital_journal_id
        if not journal:
            raise UserError(self.env._("Set a share capital journal in the Co-op settings first."))
        # A subscription credits capital not yet paid (payments move it to paid-up capital,
        # see coop.share.line); a refund takes shares that were paid up.
        capital_account = (
            company.coop_capital_unpaid_account_id
            if move_type == "out_invoice"
            else self.share_type_id.capital_account_id
        )
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": move_type,
                    "journal_id": journal.id,
                    "partner_id": self.partner_id.id,
                    # The import of an existing co-op dates it in its history.
                    "invoice_date": self.env.context.get("coop_history_date") or shop_today(self),
                    "invoice_origin": self.name,
                    "currency_id": self.currency_id.id,
                    **self._coop_move_link(),
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.share_type_id.product_id.id,
                                "name": label,
                                "quantity": self.quantity,
                                "price_unit": self.share_type_id.unit_price,
                                "account_id": capital_account.id,
                                "tax_ids": [(5, 0, 0)],
                            },
                        )
                    ],
                }
            )
        )
        # Owed on capital, apart from the member's account for goods.
        move.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        ).account_id = company.coop_capital_receivable_account_id
        move.action_post()
        return move

    def _coop_move_link(self):
        """Values tying the journal entry back to this request."""
        raise NotImplementedError()
