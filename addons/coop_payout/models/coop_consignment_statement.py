import logging
from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.coop_membership.const import ACCOUNTANT, COOP_MANAGER
from odoo.addons.coop_membership.models.res_company import shop_today

_logger = logging.getLogger(__name__)

STATES = [
    ("draft", "Draft"),
    ("posted", "Posted"),
    ("paid", "Paid"),
    ("cancel", "Cancelled"),
]


class CoopConsignmentStatement(models.Model):
    """What the co-op owes one partner for one period of sales made on their behalf.

    Generic: the sales come from `_coop_payout_collect_lines()`, which each source addon
    extends for its own `settlement_type` (consignment in coop_culture, a venue's tickets
    in coop_event); the bill, the PDF, the mail, the portal and the period lock are here.
    The model keeps its first name so that existing databases keep their table.
    """

    _name = "coop.consignment.statement"
    _description = "Consignor Payout Statement"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(readonly=True, copy=False, default="/")
    # Each source adds its type with selection_add.
    settlement_type = fields.Selection([], string="Settles", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Payee", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    line_ids = fields.One2many(
        "coop.consignment.statement.line", "statement_id", string="Sales", copy=False
    )
    amount_sales = fields.Monetary(string="Sales (untaxed)", compute="_compute_amounts", store=True)
    amount_commission = fields.Monetary(string="Commission", compute="_compute_amounts", store=True)
    amount_commission_tax = fields.Monetary(
        string="VAT on Commission", compute="_compute_amounts", store=True
    )
    amount_due = fields.Monetary(string="Due to Payee", compute="_compute_amounts", store=True)
    commission_tax_id = fields.Many2one(
        "account.tax",
        string="VAT on Commission Rate",
        readonly=True,
        check_company=True,
        default=lambda self: self.env.company.coop_commission_tax_id,
        help="Taken from the settings when the statement is made.",
    )
    commission_invoice_id = fields.Many2one(
        "account.move",
        string="Commission Invoice",
        readonly=True,
        copy=False,
        check_company=True,
        help="The co-op's commission invoiced to the partner with VAT, set off against the bill.",
    )
    set_off_move_id = fields.Many2one(
        "account.move", string="Set-off Entry", readonly=True, copy=False, check_company=True
    )
    move_id = fields.Many2one(
        "account.move", string="Vendor Bill", readonly=True, copy=False, check_company=True
    )
    posted = fields.Boolean(readonly=True, copy=False)
    cancelled = fields.Boolean(readonly=True, copy=False)
    state = fields.Selection(
        STATES,
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
        help="Follows the vendor bill: paid when it is paid, cancelled when it is cancelled.",
    )
    sent = fields.Boolean(readonly=True, copy=False)

    # ------------------------------------------------------------ computes

    @api.depends("line_ids.amount", "line_ids.commission_amount", "commission_tax_id")
    def _compute_amounts(self):
        for statement in self:
            statement.amount_sales = sum(statement.line_ids.mapped("amount"))
            statement.amount_commission = sum(statement.line_ids.mapped("commission_amount"))
            statement.amount_commission_tax = statement._coop_commission_tax_amount()
            statement.amount_due = (
                statement.amount_sales
                - statement.amount_commission
                - statement.amount_commission_tax
            )

    def _coop_commission_tax_amount(self):
        self.ensure_one()
        if not self.commission_tax_id or self.currency_id.is_zero(self.amount_commission):
            return 0.0
        taxes = self.commission_tax_id.compute_all(
            self.amount_commission, currency=self.currency_id, quantity=1.0
        )
        return taxes["total_included"] - taxes["total_excluded"]

    @api.depends("posted", "cancelled", "move_id.state", "move_id.payment_state")
    def _compute_state(self):
        for statement in self:
            move = statement.move_id
            if statement.cancelled or move.state == "cancel":
                statement.state = "cancel"
            elif not statement.posted:
                statement.state = "draft"
            elif not move or move.payment_state in ("paid", "in_payment", "reversed"):
                # Nothing due (no bill) is as settled as a paid bill.
                statement.state = "paid"
            else:
                statement.state = "posted"

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for statement in self:
            statement.access_url = f"/my/consignment/statements/{statement.id}"
        return res

    # ------------------------------------------------------------ constraints

    @api.constrains("date_from", "date_to", "partner_id", "settlement_type", "state")
    def _check_period(self):
        for statement in self:
            if statement.date_from > statement.date_to:
                raise ValidationError(
                    self.env._("A statement period must end on or after its first day.")
                )
            if statement.state == "cancel":
                continue
            overlapping = self.search(
                [
                    ("id", "!=", statement.id),
                    ("partner_id", "=", statement.partner_id.id),
                    ("company_id", "=", statement.company_id.id),
                    ("settlement_type", "=", statement.settlement_type),
                    ("state", "!=", "cancel"),
                    ("date_from", "<=", statement.date_to),
                    ("date_to", ">=", statement.date_from),
                ],
                limit=1,
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "%(partner)s already has statement %(other)s for %(start)s to %(end)s, "
                        "which overlaps this period: sales are paid out only once.",
                        partner=statement.partner_id.display_name,
                        other=overlapping.name,
                        start=format_date(self.env, overlapping.date_from),
                        end=format_date(self.env, overlapping.date_to),
                    )
                )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "coop.consignment.statement"
                ) or self.env._("New")
        return super().create(vals_list)

    def _coop_consignor_state_label(self):
        """Where the statement stands, in the consignor's words, not the accountant's
        ("Posted")."""
        self.ensure_one()
        labels = {
            "draft": self.env._("Being prepared"),
            "posted": self.env._("To be paid to you"),
            "paid": self.env._("Paid to you"),
            "cancel": self.env._("Cancelled"),
        }
        return labels[self.state]

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(statement.state not in ("draft", "cancel") for statement in self):
            raise UserError(self.env._("Only draft or cancelled statements can be deleted."))

    # ------------------------------------------------------------ sold lines

    @api.model
    def _coop_period_bounds(self, date_from, date_to):
        """UTC datetimes (what tills record) covering the shop's whole days, in its time
        zone: a sale at half past midnight belongs to the shop's day, not UTC's."""
        company = self.company_id if len(self.company_id) == 1 else self.env.company
        zone = pytz.timezone(company._coop_tz())

        def utc(day, moment):
            local = zone.localize(datetime.combine(day, moment))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return utc(date_from, time.min), utc(date_to, time.max)

    def _coop_payout_collect_lines(self):
        """Values of the statement lines: one dict per sale, with date, reference,
        product_id, quantity, amount (untaxed, company currency) and commission_rate.

        The hook of the sources: each extends it for its own settlement type and calls
        super() for the others.
        """
        self.ensure_one()
        raise UserError(
            self.env._("Nothing knows how to settle %(type)s.", type=self.settlement_type)
        )

    def _coop_till_lines(self, domain):
        """The paid till order lines of this statement's company and period matching
        `domain`."""
        self.ensure_one()
        start, end = self._coop_period_bounds(self.date_from, self.date_to)
        return (
            self.env["pos.order.line"]
            .sudo()
            .search(
                [
                    *domain,
                    ("order_id.company_id", "=", self.company_id.id),
                    ("order_id.state", "in", ("paid", "done", "invoiced")),
                    ("order_id.date_order", ">=", start),
                    ("order_id.date_order", "<=", end),
                ],
                order="id",
            )
        )

    def _coop_till_line_values(self, order_lines, commission_rate, description=None):
        """Statement line values for till order lines, at the price charged (untaxed, in
        the company's currency); `commission_rate` and `description` take the order line."""
        self.ensure_one()
        values = []
        for line in order_lines:
            order = line.order_id
            line_values = {
                "date": fields.Datetime.context_timestamp(
                    self.with_context(tz=self.company_id._coop_tz()), order.date_order
                ).date(),
                "reference": order.pos_reference or order.name,
                "product_id": line.product_id.id,
                "quantity": line.qty,
                "amount": order.currency_id._convert(
                    line.price_subtotal,
                    self.currency_id,
                    self.company_id,
                    order.date_order.date(),
                ),
                "commission_rate": commission_rate(line),
                "pos_order_line_id": line.id,
            }
            if description:
                line_values["description"] = description(line)
            values.append(line_values)
        return values

    def action_compute(self):
        self._coop_check_statement_right()
        for statement in self:
            if statement.state != "draft":
                raise UserError(self.env._("%(name)s is no longer a draft.", name=statement.name))
            statement.line_ids = [Command.clear()] + [
                Command.create(values) for values in statement._coop_payout_collect_lines()
            ]
        return True

    # ------------------------------------------------------------ posting

    def action_post(self):
        """Freeze the statement and bill what is due to the partner."""
        self._coop_check_accountant()
        for statement in self:
            if statement.state != "draft":
                raise UserError(self.env._("%(name)s is already posted.", name=statement.name))
            if statement.amount_due < 0:
                raise UserError(
                    self.env._(
                        "%(name)s: refunds exceed sales, so %(partner)s owes the co-op "
                        "%(amount)s. Settle it by hand or merge it into the next period.",
                        name=statement.name,
                        partner=statement.partner_id.display_name,
                        amount=-statement.amount_due,
                    )
                )
            if not statement.currency_id.is_zero(statement.amount_sales):
                statement.move_id = statement._coop_create_bill()
            statement.posted = True
        return True

    def _coop_check_statement_right(self):
        self.env["res.users"]._coop_require(
            COOP_MANAGER,
            ACCOUNTANT,
            message=self.env._(
                "Only a co-op manager or an accountant prepares and sends statements."
            ),
        )

    def _coop_check_accountant(self):
        """Bills are accounting: posted and cancelled with the accounting right, never
        through the co-op's own rights lifted by sudo()."""
        self.env["res.users"]._coop_require(
            ACCOUNTANT,
            message=self.env._(
                "Posting or cancelling a statement posts or cancels a vendor bill: ask "
                "someone with the Invoicing right (Accounting: Billing) to do it."
            ),
        )

    def _coop_bill_accounts(self):
        """(journal, account the sales line clears, commission income account)."""
        self.ensure_one()
        company = self.company_id
        if not company.coop_commission_account_id or not company.coop_consignment_journal_id:
            company.sudo()._coop_ensure_payout_setup()
        journal = company.coop_consignment_journal_id
        if not (journal and company.coop_commission_account_id):
            raise UserError(
                self.env._(
                    "Set the commission account and the payout bills journal in the settings first."
                )
            )
        return journal, self._coop_payout_sales_account(), company.coop_commission_account_id

    def _coop_payout_sales_account(self):
        """The account the bill's sales line debits: where the source booked the sales it
        pays out. Each source extends it for its own settlement type."""
        self.ensure_one()
        raise UserError(
            self.env._("Nothing knows how to settle %(type)s.", type=self.settlement_type)
        )

    def _coop_create_bill(self):
        """A vendor bill of sales minus commission: the sales clear the clearing account
        the till credited, and the commission is credited to income."""
        self.ensure_one()
        journal, clearing, commission = self._coop_bill_accounts()
        period = self.env._(
            "%(start)s to %(end)s",
            start=format_date(self.env, self.date_from),
            end=format_date(self.env, self.date_to),
        )
        # With VAT on commission, the commission is a supply of its own: invoiced apart,
        # with the tax, and set off against the bill. Without, it is taken on the bill.
        separate_commission = self.commission_tax_id and not self.currency_id.is_zero(
            self.amount_commission
        )
        lines = [
            Command.create(
                {
                    "name": self.env._("Sales made for you, %s", period),
                    "account_id": clearing.id,
                    "quantity": 1.0,
                    "price_unit": self.amount_sales,
                    "tax_ids": [Command.clear()],
                }
            )
        ]
        if not separate_commission:
            lines.append(
                Command.create(
                    {
                        "name": self.env._("Co-op commission, %s", period),
                        "account_id": commission.id,
                        "quantity": 1.0,
                        "price_unit": -self.amount_commission,
                        "tax_ids": [Command.clear()],
                    }
                )
            )
        bill = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.partner_id.id,
                    "journal_id": journal.id,
                    "invoice_date": self.date_to,
                    "date": self.date_to,
                    "ref": self.name,
                    "invoice_origin": self.name,
                    "currency_id": self.currency_id.id,
                    "invoice_line_ids": lines,
                }
            )
        )
        bill.action_post()
        if separate_commission:
            self.commission_invoice_id = self._coop_create_commission_invoice(commission, period)
            self.set_off_move_id = self._coop_set_off(bill, self.commission_invoice_id)
        return bill

    def _coop_create_commission_invoice(self, commission_account, period):
        self.ensure_one()
        invoice = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner_id.id,
                    "journal_id": self.company_id._coop_goods_sale_journal().id,
                    "invoice_date": self.date_to,
                    "date": self.date_to,
                    "ref": self.name,
                    "invoice_origin": self.name,
                    "currency_id": self.currency_id.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._("Co-op commission, %s", period),
                                "account_id": commission_account.id,
                                "quantity": 1.0,
                                "price_unit": self.amount_commission,
                                "tax_ids": [Command.set(self.commission_tax_id.ids)],
                            }
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _coop_set_off(self, bill, invoice):
        """What the partner owes for the commission is taken from what the co-op owes them:
        the invoice's receivable against the bill's payable, reconciled both sides."""
        self.ensure_one()
        receivable = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
        payable = bill.line_ids.filtered(lambda line: line.display_type == "payment_term")
        amount = invoice.amount_total
        label = self.env._("Commission of %s set off against the bill", self.name)
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": bill.journal_id.id,
                    "date": self.date_to,
                    "ref": self.name,
                    "partner_id": self.partner_id.id,
                    "line_ids": [
                        Command.create(
                            {
                                "account_id": payable.account_id.id,
                                "partner_id": self.partner_id.id,
                                "debit": amount,
                                "name": label,
                            }
                        ),
                        Command.create(
                            {
                                "account_id": receivable.account_id.id,
                                "partner_id": self.partner_id.id,
                                "credit": amount,
                                "name": label,
                            }
                        ),
                    ],
                }
            )
        )
        move.action_post()
        for counterpart in (payable, receivable):
            (
                move.line_ids.filtered_domain([("account_id", "=", counterpart.account_id.id)])
                | counterpart
            ).reconcile()
        return move

    def action_cancel(self):
        self._coop_check_accountant()
        for statement in self:
            if statement.state == "paid" and statement.move_id:
                raise UserError(
                    self.env._(
                        "%(name)s is paid: reverse the payment before cancelling it.",
                        name=statement.name,
                    )
                )
            # The set-off goes first: it ties the bill and the commission invoice together.
            for move in (statement.set_off_move_id, statement.commission_invoice_id):
                if move.state == "posted":
                    move.button_draft()
                    move.button_cancel()
            if statement.move_id.state == "posted":
                statement.move_id.button_cancel()
            statement.cancelled = True
        return True

    # ------------------------------------------------------------ sending

    def action_send(self):
        self._coop_check_statement_right()
        template = self.env.ref("coop_payout.mail_template_coop_consignment_statement")
        for statement in self:
            if statement.state not in ("posted", "paid"):
                raise UserError(self.env._("Post %(name)s before sending it.", name=statement.name))
            if not statement.partner_id.email:
                raise UserError(
                    self.env._(
                        "%(partner)s has no email address to send the statement to.",
                        partner=statement.partner_id.display_name,
                    )
                )
            template.send_mail(statement.id, email_layout_xmlid="mail.mail_notification_light")
            statement.sent = True
            statement.message_post(
                body=self.env._("Statement mailed to %s.", statement.partner_id.email)
            )
        return True

    def action_view_bill(self):
        self.ensure_one()
        return self.move_id._get_records_action()

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Statement %s", self.name)

    # ------------------------------------------------------------ monthly job

    @api.model
    def _coop_previous_month(self, today=None):
        today = today or shop_today(self)
        first = today.replace(day=1) - relativedelta(months=1)
        return first, today.replace(day=1) - relativedelta(days=1)

    @api.model
    def _cron_monthly_statements(self, today=None):
        """Last month's statement, bill and mail for every payee who sold something.

        Each payee is done in its own savepoint, so one bad record (no email, a
        negative month) is logged and left for staff without stopping the others."""
        companies = self.env["res.company"].search([])
        # Last month is each co-op's own: on the 1st, one far east may be in it, one far
        # west still in the month before.
        months = {
            company: self._coop_previous_month(today or company._coop_today())
            for company in companies
        }
        created = self.browse()
        for settlement_type, partners in self._coop_partners_to_settle().items():
            for company in companies:
                date_from, date_to = months[company]
                for payee in partners:
                    if payee.company_id and payee.company_id != company:
                        continue
                    created |= self._coop_monthly_statement(
                        company, payee, date_from, date_to, settlement_type
                    )
        return created

    @api.model
    def _coop_partners_to_settle(self):
        """{settlement type: partners} the monthly job settles; each source adds its own."""
        return {}

    @api.model
    def _coop_monthly_statement(self, company, payee, date_from, date_to, settlement_type):
        already = self.search_count(
            [
                ("partner_id", "=", payee.id),
                ("company_id", "=", company.id),
                ("settlement_type", "=", settlement_type),
                ("state", "!=", "cancel"),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ],
            limit=1,
        )
        if already:
            return self.browse()
        try:
            with self.env.cr.savepoint():
                statement = self.with_company(company).create(
                    {
                        "settlement_type": settlement_type,
                        "partner_id": payee.id,
                        "company_id": company.id,
                        "date_from": date_from,
                        "date_to": date_to,
                    }
                )
                statement.action_compute()
                if not statement.line_ids:
                    statement.unlink()
                    return self.browse()
                statement.action_post()
        except (UserError, ValidationError) as error:
            _logger.warning("No payout statement for %s: %s", payee.display_name, error)
            return self.browse()
        if payee.email:
            statement.action_send()
        return statement
