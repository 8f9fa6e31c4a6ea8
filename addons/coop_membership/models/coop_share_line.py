from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..const import COOP_MANAGER
from .res_company import shop_today

SHARE_LINE_KINDS = [
    ("subscription", "Subscription"),
    ("transfer_in", "Transfer In"),
    ("transfer_out", "Transfer Out"),
    ("sellback", "Sell-back"),
    ("conversion_in", "Conversion In"),
    ("conversion_out", "Conversion Out"),
    ("reversal", "Reversal"),
]


class CoopShareLine(models.Model):
    """One dated movement in the share register.

    Lines are effective from the moment they exist and are never edited or
    deleted: a mistake is corrected by a reversing line, so the register is a
    complete history that an auditor can replay.
    """

    _name = "coop.share.line"
    _description = "Share Movement"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="restrict", string="Holder"
    )
    share_type_id = fields.Many2one(
        "coop.share.type", required=True, index=True, ondelete="restrict", check_company=True
    )
    quantity = fields.Integer(required=True, help="Positive when shares come in, negative out.")
    date = fields.Date(required=True, default=shop_today, index=True)
    kind = fields.Selection(SHARE_LINE_KINDS, required=True)
    company_id = fields.Many2one("res.company", related="share_type_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    unit_price = fields.Monetary(required=True)
    amount = fields.Monetary(compute="_compute_amount", store=True)
    note = fields.Char()
    subscription_request_id = fields.Many2one(
        "coop.subscription.request", ondelete="restrict", index="btree_not_null"
    )
    sellback_request_id = fields.Many2one(
        "coop.sellback.request", ondelete="restrict", index="btree_not_null"
    )
    move_id = fields.Many2one("account.move", string="Journal Entry", ondelete="restrict")
    counterpart_line_id = fields.Many2one(
        "coop.share.line",
        string="Counterpart",
        help="The other side of a transfer or conversion.",
    )
    capital_move_id = fields.Many2one(
        "account.move",
        string="Paid-up Capital Entry",
        readonly=True,
        ondelete="restrict",
        help="Moves the value of these shares from capital subscribed and not paid to "
        "paid-up capital (or back), dated like the line: the register and the paid-up "
        "capital account agree at every date.",
    )
    reversed_line_id = fields.Many2one("coop.share.line", string="Reverses", readonly=True)
    reversal_line_ids = fields.One2many("coop.share.line", "reversed_line_id")

    @api.depends("quantity", "unit_price")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.unit_price

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "unit_price" not in vals and vals.get("share_type_id"):
                vals["unit_price"] = (
                    self.env["coop.share.type"].browse(vals["share_type_id"]).unit_price
                )
        lines = super().create(vals_list)
        lines._check_no_negative_holding()
        lines._coop_post_paid_up_capital()
        lines.partner_id._coop_after_share_movement()
        return lines

    def _coop_post_paid_up_capital(self):
        """Shares paid through a capital release invoice become paid-up capital on the
        line's date; a reversal of such shares (a payment undone) takes them back."""
        for line in self.filtered(lambda li: li.subscription_request_id and li.quantity):
            company = line.company_id
            unpaid = company.coop_capital_unpaid_account_id
            paid_up = line.share_type_id.capital_account_id
            if not (unpaid and paid_up and company.coop_capital_journal_id):
                continue  # a co-op set up before capital was split: see the upgrade
            amount = line.currency_id.round(abs(line.amount))
            debit, credit = (unpaid, paid_up) if line.quantity > 0 else (paid_up, unpaid)
            label = self.env._(
                "%(qty)s class %(code)s share(s) of %(partner)s paid up",
                qty=line.quantity,
                code=line.share_type_id.code,
                partner=line.partner_id.display_name,
            )
            move = (
                self.env["account.move"]
                .sudo()
                .with_company(company)
                .create(
                    {
                        "move_type": "entry",
                        "journal_id": company.coop_capital_journal_id.id,
                        "date": line.date,
                        "ref": line.subscription_request_id.name,
                        "partner_id": line.partner_id.id,
                        "line_ids": [
                            Command.create(
                                {
                                    "account_id": debit.id,
                                    "debit": amount,
                                    "name": label,
                                    "partner_id": line.partner_id.id,
                                }
                            ),
                            Command.create(
                                {
                                    "account_id": credit.id,
                                    "credit": amount,
                                    "name": label,
                                    "partner_id": line.partner_id.id,
                                }
                            ),
                        ],
                    }
                )
            )
            move.action_post()
            line.sudo().capital_move_id = move

    def write(self, vals):
        # The stored amount is recomputed by the ORM itself, not by the user.
        if (
            set(vals) - {"amount", "counterpart_line_id", "capital_move_id"}
            or ("counterpart_line_id" in vals and self.filtered("counterpart_line_id"))
            # Written once, by the system, when the paid-up capital entry is posted.
            or ("capital_move_id" in vals and (not self.env.su or self.filtered("capital_move_id")))
        ):
            raise UserError(
                self.env._(
                    "A share movement in the register cannot be changed. "
                    "Reverse it with a new movement instead."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A share movement in the register cannot be deleted. "
                "Reverse it with a new movement instead."
            )
        )

    @api.constrains("quantity", "date")
    def _check_quantity_and_date(self):
        today = shop_today(self)
        for line in self:
            if not line.quantity:
                raise ValidationError(self.env._("A share movement must move at least one share."))
            if line.date > today:
                raise ValidationError(self.env._("A share movement cannot be dated in the future."))

    def _check_no_negative_holding(self):
        """Nobody may ever hold fewer than zero shares of a class."""
        holdings = self.env["coop.share.line"]._read_group(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("share_type_id", "in", self.share_type_id.ids),
            ],
            ["partner_id", "share_type_id"],
            ["quantity:sum"],
        )
        for partner, share_type, quantity in holdings:
            if quantity < 0:
                raise ValidationError(
                    self.env._(
                        "%(partner)s holds fewer class %(code)s shares than this movement "
                        "takes out.",
                        partner=partner.display_name,
                        code=share_type.code,
                    )
                )

    def action_reverse(self, note=None):
        """Cancel the effect of these lines with opposite lines, keeping both."""
        self.env["res.users"]._coop_require(
            COOP_MANAGER,
            message=self.env._("Only a membership manager reverses share movements."),
        )
        if self.reversal_line_ids or self.filtered("reversed_line_id"):
            raise UserError(
                self.env._("A movement that was reversed, or is a reversal, cannot be reversed.")
            )
        reversals = self.create(
            [
                {
                    "partner_id": line.partner_id.id,
                    "share_type_id": line.share_type_id.id,
                    "quantity": -line.quantity,
                    "unit_price": line.unit_price,
                    "kind": "reversal",
                    "reversed_line_id": line.id,
                    "subscription_request_id": line.subscription_request_id.id,
                    "sellback_request_id": line.sellback_request_id.id,
                    "note": note or self.env._("Reversal of a movement of %s", line.date),
                }
                for line in self
            ]
        )
        return reversals

    @api.depends("partner_id", "share_type_id", "quantity", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for line in self:
            line.display_name = (
                f"{line.partner_id.display_name}: {line.quantity:+d} "
                f"{line.share_type_id.code or ''} ({kinds.get(line.kind, '')})"
            )
