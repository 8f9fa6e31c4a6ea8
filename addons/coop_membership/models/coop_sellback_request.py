from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..const import ACCOUNTANT, COOP_MANAGER, COOP_USER
from ..cron import in_batches
from .res_company import shop_today

OPEN_STATES = ("draft", "submitted", "approved")


class CoopSellbackRequest(models.Model):
    """A member asks the co-op to buy back shares.

    After approval the statutory delay runs; then a credit note in the capital
    journal takes the shares out of the register, and paying that credit note
    pays the member back.
    """

    _name = "coop.sellback.request"
    _description = "Share Sell-back Request"
    _inherit = ["coop.share.request.mixin"]
    _coop_sequence_code = "coop.sellback.request"

    reason = fields.Text()
    amount_total = fields.Monetary(compute="_compute_amount_total", store=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved, Waiting Delay"),
            ("refunded", "Refund Issued"),
            ("paid", "Paid Out"),
            ("refused", "Refused"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    date_approved = fields.Date(readonly=True, copy=False)
    date_due = fields.Date(
        string="Refund Due On", readonly=True, copy=False, help="End of the statutory delay."
    )
    move_id = fields.Many2one("account.move", string="Refund", readonly=True, copy=False)
    share_line_ids = fields.One2many("coop.share.line", "sellback_request_id", readonly=True)

    @api.depends("quantity", "share_type_id.unit_price")
    def _compute_amount_total(self):
        for request in self:
            request.amount_total = request.quantity * request.share_type_id.unit_price

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._check_quantity()
        return requests

    def write(self, vals):
        res = super().write(vals)
        if {"partner_id", "share_type_id", "quantity"} & set(vals):
            self._check_quantity()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if self.filtered(lambda r: r.state not in ("draft", "refused")):
            raise UserError(self.env._("Only draft or refused sell-back requests can be deleted."))

    def _check_quantity(self):
        for request in self.filtered(lambda r: r.state in OPEN_STATES):
            if request.quantity < 1:
                raise ValidationError(self.env._("Sell back at least one share."))
            held = request.partner_id._coop_shares_held(request.share_type_id)
            already_asked = sum(
                self.search(
                    [
                        ("partner_id", "=", request.partner_id.id),
                        ("share_type_id", "=", request.share_type_id.id),
                        ("state", "in", OPEN_STATES),
                        ("id", "!=", request.id),
                    ]
                ).mapped("quantity")
            )
            if request.quantity + already_asked > held:
                raise ValidationError(
                    self.env._(
                        "%(partner)s holds %(held)s class %(code)s share(s), "
                        "%(asked)s of them already being sold back: "
                        "%(qty)s more cannot be sold back.",
                        partner=request.partner_id.display_name,
                        held=held,
                        code=request.share_type_id.code,
                        asked=already_asked,
                        qty=request.quantity,
                    )
                )
            remaining = held - already_asked - request.quantity
            minimum = request.share_type_id._minimum_for(request.partner_id)
            if 0 < remaining < minimum:
                raise ValidationError(
                    self.env._(
                        "%(partner)s would keep %(left)s share(s), below the minimum of "
                        "%(min)s: sell back all of them to leave, or fewer to stay.",
                        partner=request.partner_id.display_name,
                        left=remaining,
                        min=minimum,
                    )
                )

    def action_submit(self):
        self.env["res.users"]._coop_require(
            COOP_USER, message=self.env._("Only the members' office submits sell-backs.")
        )
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(self.env._("Only draft requests can be submitted."))
        self.write({"state": "submitted"})
        self._check_quantity()
        return True

    def action_approve(self):
        self.env["res.users"]._coop_require(
            COOP_MANAGER, message=self.env._("Only a membership manager approves sell-backs.")
        )
        if self.filtered(lambda r: r.state != "submitted"):
            raise UserError(self.env._("Only submitted requests can be approved."))
        today = shop_today(self)
        for request in self:
            request.write(
                {
                    "state": "approved",
                    "date_approved": today,
                    "date_due": today
                    + relativedelta(months=request.company_id.coop_sellback_delay_months),
                }
            )
        return True

    def action_refuse(self):
        self.env["res.users"]._coop_require(
            COOP_MANAGER, message=self.env._("Only a membership manager refuses sell-backs.")
        )
        if self.filtered(lambda r: r.state not in ("draft", "submitted", "approved")):
            raise UserError(self.env._("Only open requests can be refused."))
        self.write({"state": "refused"})
        return True

    def action_issue_refund(self):
        """Take the shares out of the register and owe the member their value."""
        self.env["res.users"]._coop_require(
            COOP_MANAGER, message=self.env._("Only a membership manager issues refunds.")
        )
        today = shop_today(self)
        for request in self:
            if request.state != "approved":
                raise UserError(self.env._("Only approved requests can be refunded."))
            if request.date_due > today:
                raise UserError(
                    self.env._(
                        "The statutory delay for %(name)s runs until %(date)s.",
                        name=request.name,
                        date=request.date_due,
                    )
                )
            request._check_refund_still_possible()
            move = request._coop_post_capital_move(
                "out_refund",
                self.env._(
                    "Refund of %(qty)s share(s) of class %(code)s",
                    qty=request.quantity,
                    code=request.share_type_id.code,
                ),
            )
            self.env["coop.share.line"].create(
                {
                    "partner_id": request.partner_id.id,
                    "share_type_id": request.share_type_id.id,
                    "quantity": -request.quantity,
                    "kind": "sellback",
                    "date": today,
                    "sellback_request_id": request.id,
                    "move_id": move.id,
                }
            )
            request.write({"move_id": move.id, "state": "refunded"})
        return True

    def _check_refund_still_possible(self):
        self.ensure_one()
        held = self.partner_id._coop_shares_held(self.share_type_id)
        if self.quantity > held:
            raise ValidationError(
                self.env._(
                    "%(partner)s now holds only %(held)s class %(code)s share(s).",
                    partner=self.partner_id.display_name,
                    held=held,
                    code=self.share_type_id.code,
                )
            )

    def _coop_move_link(self):
        return {"coop_sellback_request_id": self.id}

    def action_register_payment(self):
        """Open Odoo's payment wizard on the refund: money really goes out."""
        self.ensure_one()
        self.env["res.users"]._coop_require(
            COOP_MANAGER,
            ACCOUNTANT,
            message=self.env._("Only a membership manager or an accountant pays refunds."),
        )
        if self.state != "refunded":
            raise UserError(self.env._("Issue the refund before paying it."))
        return self.move_id.action_register_payment()

    def _pay_refund(self, payment_date=None, journal=None):
        """Pay the member back through Odoo's payment wizard."""
        self.ensure_one()
        if self.state != "refunded":
            raise UserError(self.env._("Issue the refund before paying it."))
        return self.move_id._coop_register_payment(None, payment_date, journal)

    def _coop_sync_with_payments(self):
        for request in self.filtered(lambda r: r.state in ("refunded", "paid")):
            paid = request.move_id.payment_state in ("paid", "in_payment")
            request.state = "paid" if paid else "refunded"

    @api.model
    def _cron_issue_due_refunds(self, batch_size=50):
        # Each co-op's requests fall due on its own day, whatever the job user's company.
        for company in self.env["res.company"].search([]):
            requests = self.with_company(company)
            due = requests.search(
                [
                    ("state", "=", "approved"),
                    ("company_id", "=", company.id),
                    ("date_due", "<=", shop_today(requests)),
                ]
            )
            requests._issue_due_refunds(due, batch_size)

    def _issue_due_refunds(self, due, batch_size):
        for batch in in_batches(due, batch_size):
            for request in batch:
                try:
                    with self.env.cr.savepoint():
                        request.action_issue_refund()
                except (UserError, ValidationError) as error:
                    request.message_post(
                        body=self.env._("The refund could not be issued: %s", error)
                    )
