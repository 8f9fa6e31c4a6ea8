from odoo import api, fields, models

from odoo.addons.coop_membership.const import ACCOUNTANT
from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import MONEY_GROUPS, PURCHASE_MANAGER


class CoopPurchaseBalanceWizard(models.TransientModel):
    """Staff record money a member paid in ahead (a top-up) or paid back to them (a refund)."""

    _name = "coop.purchase.balance.wizard"
    _description = "Top-up or Refund of a Member's Balance"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Member", required=True)
    operation = fields.Selection(
        [("top_up", "Top-up: money paid in"), ("refund", "Refund: money paid back")],
        required=True,
        default="top_up",
    )
    amount = fields.Monetary(required=True)
    journal_id = fields.Many2one(
        "account.journal",
        string="Paid Through",
        required=True,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
        default=lambda s: s.env["account.journal"].search(
            [("type", "in", ("bank", "cash")), ("company_id", "=", s.env.company.id)],
            order="type desc, sequence, id",
            limit=1,
        ),
        help="Where the money is: the cash box or the bank account.",
    )
    date = fields.Date(required=True, default=shop_today)
    memo = fields.Char(help="Empty: the member's payment reference.")
    balance = fields.Monetary(string="Balance Now", compute="_compute_balance", groups=MONEY_GROUPS)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_id"):
            values.setdefault("partner_id", context["active_id"])
        return values

    @api.depends("partner_id", "company_id")
    def _compute_balance(self):
        for wizard in self:
            wizard.balance = (
                wizard.partner_id._coop_account_balance(wizard.company_id)
                if wizard.partner_id
                else 0.0
            )

    def action_confirm(self):
        self.ensure_one()
        self.env["res.users"]._coop_require(
            PURCHASE_MANAGER,
            ACCOUNTANT,
            message=self.env._(
                "Only a group-order manager or an accountant records money paid in or back."
            ),
        )
        partner = self.partner_id.with_company(self.company_id)
        if self.operation == "refund":
            payment = partner._coop_pay_out_balance(
                self.amount, self.journal_id, date=self.date, memo=self.memo or None
            )
        else:
            # _coop_top_up refuses a journal that would leave the top-up off the books.
            payment = partner._coop_top_up(
                self.amount, self.journal_id, date=self.date, memo=self.memo or None
            )
            # What the member owes on prepaid rounds is paid from the new credit at once.
            self.env["coop.purchase.member.order"]._pay_open_prepaid_invoices(partner)
        return payment._get_records_action()
