from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from ..const import ACCOUNTANT, COOP_USER
from .res_company import shop_today

PENDING_STATES = ("draft", "waiting")


class CoopSubscriptionRequest(models.Model):
    """A person's request to buy shares, from the web form or the back office.

    Validating it issues a capital release invoice; each payment on that invoice
    makes as many whole shares effective as it pays for, dated at the payment.
    """

    _name = "coop.subscription.request"
    _description = "Share Subscription Request"
    _inherit = ["coop.share.request.mixin"]
    _coop_sequence_code = "coop.subscription.request"

    unit_price = fields.Monetary(related="share_type_id.unit_price")
    amount_total = fields.Monetary(compute="_compute_amounts", store=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("waiting", "Waiting for Payment"),
            ("done", "Paid"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    origin = fields.Selection(
        [("backoffice", "Back Office"), ("web", "Web Form"), ("transfer", "Transfer")],
        default="backoffice",
        required=True,
    )
    date = fields.Date(default=shop_today, required=True)
    move_id = fields.Many2one(
        "account.move", string="Capital Release Invoice", readonly=True, copy=False
    )
    share_line_ids = fields.One2many("coop.share.line", "subscription_request_id", readonly=True)
    effective_quantity = fields.Integer(compute="_compute_amounts", store=True)
    consent_statutes = fields.Boolean(string="Accepts the Statutes")
    consent_data = fields.Boolean(string="Accepts the Privacy Policy")
    consent_date = fields.Datetime()
    # The versions the person accepted with consent_statutes: the web form stores the ones
    # in force when it was sent; the office picks them for a request made on paper.
    statutes_version_id = fields.Many2one(
        "coop.statutes.version",
        string="Statutes Accepted",
        domain="[('kind', '=', 'statutes'), ('state', '=', 'published'), "
        "('company_id', '=', company_id)]",
        ondelete="restrict",
        copy=False,
    )
    rules_version_id = fields.Many2one(
        "coop.statutes.version",
        string="Internal Rules Accepted",
        domain="[('kind', '=', 'rules'), ('state', '=', 'published'), "
        "('company_id', '=', company_id)]",
        ondelete="restrict",
        copy=False,
    )

    @api.depends("quantity", "share_type_id.unit_price", "share_line_ids.quantity")
    def _compute_amounts(self):
        for request in self:
            request.amount_total = request.quantity * request.share_type_id.unit_price
            request.effective_quantity = sum(request.share_line_ids.mapped("quantity"))

    @api.onchange("consent_statutes")
    def _onchange_consent_statutes(self):
        if not self.consent_statutes:
            return
        versions = self.env["coop.statutes.version"]
        company = self.company_id or self.env.company
        self.statutes_version_id = self.statutes_version_id or versions._coop_current(
            "statutes", company
        )
        self.rules_version_id = self.rules_version_id or versions._coop_current("rules", company)

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._check_request()
        return requests

    def write(self, vals):
        res = super().write(vals)
        if {"partner_id", "share_type_id", "quantity", "state"} & set(vals):
            self._check_request()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft_or_cancelled(self):
        if self.filtered(lambda r: r.state not in ("draft", "cancelled") or r.share_line_ids):
            raise UserError(
                self.env._("Only draft or cancelled requests without shares can be deleted.")
            )

    @api.model
    def _coop_request_problems(self, partner, share_type, quantity):
        """[(field, message)] against asking `quantity` shares of `share_type` for
        `partner` (empty for a visitor not yet known): the rules of every request, asked
        by the join form before anything is written and by the request itself."""
        problems = []
        if quantity < 1:
            problems.append(
                ("quantity", self.env._("A subscription must be for at least one share."))
            )
        if partner and self.search_count(
            [
                ("partner_id", "=", partner.id),
                ("state", "in", PENDING_STATES),
                ("id", "not in", self.ids),
            ],
            limit=1,
        ):
            problems.append(
                (
                    "pending",
                    self.env._(
                        "%s already has a subscription request waiting. "
                        "Finish or cancel it before asking for more shares.",
                        partner.display_name,
                    ),
                )
            )
        if share_type and quantity >= 1:
            held = partner._coop_shares_held(share_type) if partner else 0
            problem = share_type._holding_problem(partner, held + quantity)
            if problem:
                problems.append(("quantity", problem))
        return problems

    def _check_request(self):
        for request in self.filtered(lambda r: r.state in PENDING_STATES):
            problems = request._coop_request_problems(
                request.partner_id, request.share_type_id, request.quantity
            )
            if problems:
                raise ValidationError("\n".join(message for _field, message in problems))

    def action_validate(self):
        """Issue and post the capital release invoice."""
        self.env["res.users"]._coop_require(
            COOP_USER, message=self.env._("Only the members' office validates subscriptions.")
        )
        self._coop_check_invoicing_right()
        for request in self:
            if request.state != "draft":
                raise UserError(self.env._("Only draft requests can be validated."))
            request._check_request()
            refusal = request._coop_validation_refusal()
            if refusal:
                raise UserError(refusal)
            move = request._coop_post_capital_move(
                "out_invoice",
                self.env._(
                    "%(qty)s share(s) of class %(code)s at %(price)s",
                    qty=request.quantity,
                    code=request.share_type_id.code,
                    price=request.share_type_id.unit_price,
                ),
            )
            request.write({"move_id": move.id, "state": "waiting"})
        return True

    def _coop_validation_refusal(self):
        """Why this draft request may not be validated yet beyond the rules of every
        request (see _check_request), or "" when nothing stands in the way. Addons add
        their conditions here, each in its own words."""
        self.ensure_one()
        return ""

    def _coop_move_link(self):
        return {"coop_subscription_request_id": self.id}

    def _coop_check_invoicing_right(self):
        self.env["res.users"]._coop_require(
            ACCOUNTANT,
            message=self.env._(
                "This issues, cancels or pays a capital invoice: it needs the Invoicing right "
                "(Accounting: Billing) as well."
            ),
        )

    def action_cancel(self):
        self.env["res.users"]._coop_require(
            COOP_USER, message=self.env._("Only the members' office cancels subscriptions.")
        )
        if self.move_id:
            self._coop_check_invoicing_right()
        for request in self:
            if request.share_line_ids:
                raise UserError(
                    self.env._(
                        "%s has shares paid already. Reverse the payment first, "
                        "or sell the shares back.",
                        request.name,
                    )
                )
            move = request.move_id
            if move and move.state == "posted":
                move.button_draft()
            if move and move.state != "cancel":
                move.with_context(coop_cancelling_request=True).button_cancel()
        self.write({"state": "cancelled"})
        return True

    def action_reset_to_draft(self):
        self.env["res.users"]._coop_require(
            COOP_USER, message=self.env._("Only the members' office reopens subscriptions.")
        )
        if self.filtered(lambda r: r.state != "cancelled"):
            raise UserError(self.env._("Only cancelled requests can be set back to draft."))
        self.write({"state": "draft", "move_id": False})
        return True

    def _coop_sync_with_payments(self):
        """Make effective the whole shares the invoice's payments cover.

        Runs after every reconciliation change, so an instalment adds shares and
        an undone payment takes them back with a reversing line.
        """
        new_lines = self.env["coop.share.line"]
        for request in self.filtered("move_id"):
            move = request.move_id
            if move.state != "posted":
                continue
            unit_price = request.share_type_id.unit_price
            paid = move._coop_paid_amount()
            paid_quantity = int(
                float_round(paid / unit_price, precision_digits=6, rounding_method="DOWN")
            )
            paid_quantity = min(paid_quantity, request.quantity)
            missing = paid_quantity - request.effective_quantity
            if missing:
                new_lines |= self.env["coop.share.line"].create(
                    {
                        "partner_id": request.partner_id.id,
                        "share_type_id": request.share_type_id.id,
                        "quantity": missing,
                        "unit_price": unit_price,
                        "kind": "subscription" if missing > 0 else "reversal",
                        "date": move._coop_last_payment_date() if missing > 0 else shop_today(self),
                        "subscription_request_id": request.id,
                        "move_id": move.id,
                        "note": self.env._("Payment undone") if missing < 0 else False,
                    }
                )
            fully_paid = paid_quantity == request.quantity
            request.state = "done" if fully_paid else "waiting"
        return new_lines

    def action_register_payment(self):
        """Open Odoo's payment wizard on the capital invoice."""
        self.ensure_one()
        self._coop_check_invoicing_right()
        if self.state != "waiting":
            raise UserError(self.env._("Only a request waiting for payment can be paid."))
        return self.move_id.action_register_payment()

    def _pay_capital(self, amount=None, payment_date=None, journal=None):
        """Record a payment on the capital invoice, e.g. for imported history."""
        self.ensure_one()
        if self.state != "waiting":
            raise UserError(self.env._("Only a request waiting for payment can be paid."))
        return self.move_id._coop_register_payment(amount, payment_date, journal)

    def action_view_invoice(self):
        self.ensure_one()
        self.env["res.users"]._coop_require(
            COOP_USER,
            ACCOUNTANT,
            message=self.env._("Only the members' office or an accountant opens capital invoices."),
        )
        return self.move_id._get_records_action()
