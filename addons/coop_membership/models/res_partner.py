import logging

from dateutil.relativedelta import relativedelta
from psycopg2.extras import Json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_amount, format_date
from odoo.tools.barcode import get_barcode_check_digit

from ..const import COOP_MANAGER, COOP_USER
from ..cron import in_batches
from .res_company import shop_today

_logger = logging.getLogger(__name__)

MEMBERSHIP_STATES = [
    ("candidate", "Candidate"),
    ("member", "Member"),
    ("associated", "Household Member"),
    ("former", "Former Member"),
]

# States in which a person may shop, before any other addon narrows or widens it.
SHOPPING_STATUSES = ("member", "associated")


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_share_line_ids = fields.One2many(
        "coop.share.line", "partner_id", string="Share Movements", readonly=True
    )
    coop_subscription_request_ids = fields.One2many(
        "coop.subscription.request", "partner_id", string="Subscription Requests"
    )
    coop_sellback_request_ids = fields.One2many(
        "coop.sellback.request", "partner_id", string="Sell-back Requests"
    )
    coop_share_count = fields.Integer(
        string="Shares", compute="_compute_coop_shares", store=True, compute_sudo=True
    )
    coop_capital_amount = fields.Float(
        string="Share Capital",
        compute="_compute_coop_shares",
        store=True,
        compute_sudo=True,
        digits="Account",
    )
    coop_is_working = fields.Boolean(
        string="Working Member",
        compute="_compute_coop_shares",
        store=True,
        compute_sudo=True,
        help="Holds shares of a class whose holders work shifts.",
    )
    coop_holder_may_shop = fields.Boolean(
        compute="_compute_coop_shares",
        store=True,
        compute_sudo=True,
        help="Holds shares of at least one class whose holders may shop.",
    )
    coop_member_since = fields.Date(
        string="Member Since", compute="_compute_coop_shares", store=True, compute_sudo=True
    )
    coop_membership_state = fields.Selection(
        MEMBERSHIP_STATES,
        string="Membership",
        compute="_compute_coop_membership_state",
        store=True,
        index=True,
        compute_sudo=True,
    )
    coop_member_number = fields.Char(
        string="Member Number",
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Given at the first paid share from a sequence; never reused.",
    )
    coop_blocked = fields.Boolean(string="Blocked", copy=False, tracking=True)
    coop_block_reason = fields.Char(string="Block Reason", copy=False, tracking=True)
    coop_household_head_id = fields.Many2one(
        "res.partner",
        string="Household Of",
        index="btree_not_null",
        tracking=True,
        domain="[('coop_membership_state', '=', 'member')]",
        help="The member on whose standing this person shops.",
    )
    coop_household_member_ids = fields.One2many(
        "res.partner", "coop_household_head_id", string="Household Members"
    )
    coop_status = fields.Selection(
        MEMBERSHIP_STATES + [("blocked", "Blocked")],
        string="Co-op Status",
        compute="_compute_coop_status",
        search="_search_coop_status",
    )
    coop_can_shop = fields.Boolean(
        string="May Shop", compute="_compute_coop_status", search="_search_coop_can_shop"
    )
    coop_status_reason = fields.Char(string="Why", compute="_compute_coop_status")
    # The same verdict stored and indexed, so that staff search, group, pivot and mail by it
    # in SQL. Recomputed whenever what it depends on changes, and every night for what the
    # calendar alone changes (an alert that ends, a leave that starts); the rule itself
    # (_coop_can_shop) is always read live.
    coop_status_stored = fields.Selection(
        selection="_coop_status_selection",
        string="Co-op Status (indexed)",
        compute="_compute_coop_status_stored",
        store=True,
        index=True,
        compute_sudo=True,
    )
    coop_can_shop_stored = fields.Boolean(
        string="May Shop (indexed)",
        compute="_compute_coop_status_stored",
        store=True,
        index=True,
        compute_sudo=True,
    )
    coop_status_label = fields.Char(string="Status Label", compute="_compute_coop_status")
    coop_account_balance = fields.Monetary(
        string="Account Balance",
        compute="_compute_coop_account_balance",
        currency_field="coop_company_currency_id",
        groups="base.group_user",
        help="What the member can spend from money paid in ahead: the members' account, less "
        "what a till sold them on account and has not booked yet.",
    )
    coop_company_currency_id = fields.Many2one(
        "res.currency", compute="_compute_coop_account_balance", groups="base.group_user"
    )
    coop_subscription_count = fields.Integer(compute="_compute_coop_counts")
    coop_capital_invoice_count = fields.Integer(compute="_compute_coop_counts")
    coop_statutes_version_id = fields.Many2one(
        "coop.statutes.version",
        string="Statutes Accepted",
        compute="_compute_coop_accepted_versions",
        groups=COOP_USER,
        help="The version accepted with the latest validated subscription request.",
    )
    coop_rules_version_id = fields.Many2one(
        "coop.statutes.version",
        string="Internal Rules Accepted",
        compute="_compute_coop_accepted_versions",
        groups=COOP_USER,
        help="The version accepted with the latest validated subscription request.",
    )

    coop_erased_date = fields.Date(
        string="Personal Data Erased On",
        copy=False,
        readonly=True,
        groups=COOP_USER,
        help="The day this former member's personal data was erased; the register keeps "
        "their member number, dates and share movements.",
    )

    def init(self):
        res = super().init()
        # Card numbers live in a per-company JSON column, which the ORM searches with an
        # expression no index serves: a scan of every contact at each card scan. This index
        # serves the containment test of _coop_search_card.
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS res_partner_coop_card_barcode_index
                   ON res_partner USING gin (barcode jsonb_path_ops)"""
        )
        return res

    _sql_constraints = [
        (
            "coop_member_number_uniq",
            "unique(coop_member_number)",
            "This member number is already taken.",
        ),
    ]

    # ---------------------------------------------------------------- shares

    @api.depends(
        "coop_share_line_ids.quantity",
        "coop_share_line_ids.share_type_id.is_working",
        "coop_share_line_ids.share_type_id.may_shop",
    )
    def _compute_coop_shares(self):
        lines = self.env["coop.share.line"]._read_group(
            [("partner_id", "in", self.ids)],
            ["partner_id", "share_type_id"],
            ["quantity:sum", "amount:sum", "date:min"],
        )
        per_partner = {}
        for partner, share_type, quantity, amount, first_date in lines:
            totals = per_partner.setdefault(
                partner.id,
                {"count": 0, "amount": 0.0, "working": False, "may_shop": False, "since": None},
            )
            totals["count"] += quantity
            totals["amount"] += amount
            totals["since"] = min(filter(None, (totals["since"], first_date)), default=None)
            if quantity > 0:
                totals["working"] |= share_type.is_working
                totals["may_shop"] |= share_type.may_shop
        for partner in self:
            totals = per_partner.get(partner.id, {})
            partner.coop_share_count = totals.get("count", 0)
            partner.coop_capital_amount = totals.get("amount", 0.0)
            partner.coop_is_working = totals.get("working", False)
            partner.coop_holder_may_shop = totals.get("may_shop", False)
            partner.coop_member_since = totals.get("since") if totals.get("count") else False

    @api.depends(
        "coop_share_count",
        "coop_share_line_ids",
        "coop_household_head_id",
        "coop_subscription_request_ids.state",
    )
    def _compute_coop_membership_state(self):
        for partner in self:
            if partner.coop_share_count > 0:
                partner.coop_membership_state = "member"
            elif partner.coop_household_head_id:
                partner.coop_membership_state = "associated"
            elif partner.coop_share_line_ids:
                partner.coop_membership_state = "former"
            elif partner.coop_subscription_request_ids.filtered(lambda r: r.state != "cancelled"):
                partner.coop_membership_state = "candidate"
            else:
                partner.coop_membership_state = False

    def _coop_shares_held(self, share_type):
        self.ensure_one()
        groups = self.env["coop.share.line"]._read_group(
            [("partner_id", "=", self.id), ("share_type_id", "=", share_type.id)],
            [],
            ["quantity:sum"],
        )
        return groups[0][0] or 0

    def _coop_holdings(self):
        """Shares held now, per class: what the certificate and the portal show."""
        self.ensure_one()
        groups = (
            self.env["coop.share.line"]
            .sudo()
            ._read_group(
                [("partner_id", "=", self.id)], ["share_type_id"], ["quantity:sum", "amount:sum"]
            )
        )
        return [
            {"share_type": share_type, "quantity": quantity, "amount": amount}
            for share_type, quantity, amount in groups
            if quantity
        ]

    def _coop_after_share_movement(self):
        """Give a number and a card to everyone who just became a member."""
        new_members = self.filtered(lambda p: p.coop_share_count > 0 and not p.coop_member_number)
        for partner in new_members:
            partner._coop_assign_member_number()
        new_members._coop_welcome_new_members()

    def _coop_welcome_new_members(self):
        """What happens once to each person who has just become a member: the welcome
        mail (not for the demo's members). Other addons add their first steps here."""
        if not self.env.context.get("coop_skip_welcome_mail"):
            for partner in self:
                partner._coop_send_welcome()

    def _coop_assign_member_number(self):
        self.ensure_one()
        number = self.env["ir.sequence"].next_by_code("coop.member.number")
        vals = {"coop_member_number": number}
        if not self.barcode:
            vals["barcode"] = self._coop_card_barcode(number, household=False)
        # Given by the system when a payment makes a member, whoever registered the payment.
        self.sudo().write(vals)

    def _coop_assign_household_card(self):
        for partner in self.filtered(lambda p: not p.barcode):
            partner.barcode = partner._coop_card_barcode(str(partner.id), household=True)

    def _coop_card_barcode(self, number, household):
        """An EAN-13 in the POS customer range: prefix, a kind digit, the number."""
        prefix = self._coop_customer_barcode_prefix()
        body = prefix + ("1" if household else "0")
        digits = "".join(ch for ch in number if ch.isdigit())
        body += digits.rjust(12 - len(body), "0")
        if len(body) != 12:
            raise ValidationError(
                self.env._("Member number %s is too long for an EAN-13 card barcode.", number)
            )
        # Odoo's GTIN check digit, computed on the body and a placeholder digit.
        return body + str(get_barcode_check_digit(body + "0"))

    @api.model
    def _coop_customer_barcode_prefix(self):
        """The digits card barcodes start with: Odoo's customer range. The till's bridge
        reads them from the company's barcode nomenclature."""
        return "042"

    def _coop_send_welcome(self):
        self.ensure_one()
        template = self.env.ref(
            "coop_membership.mail_template_coop_welcome", raise_if_not_found=False
        )
        if template and self.email:
            template.send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")

    # ---------------------------------------------------------------- portal

    @api.model
    def _coop_current_member(self):
        """The person the current user is in the portal: their commercial partner, in the
        caller's environment (not sudo), so record rules still apply; empty for visitors.
        Every portal page starts from this record, never from an id the browser sends."""
        user = self.env.user
        if user._is_public():
            return self.browse()
        return self.browse(user.partner_id.commercial_partner_id.id)

    def _get_report_base_filename(self):
        """The file name of a member's printed document (their share certificate)."""
        self.ensure_one()
        return self.env._("Share certificate %s", self.coop_member_number or "")

    # ---------------------------------------------------------------- money

    def _coop_account_balances(self, company=None):
        """{commercial partner id: balance}: what the members' account says each of these
        people has with the co-op (positive: money of theirs the co-op holds; negative:
        what they owe). Posted entries only; the one source of members' balances."""
        company = company or self.env.company
        account = company._coop_member_account()
        commercial = self.commercial_partner_id
        balances = dict.fromkeys(commercial.ids, 0.0)
        if not account or not commercial:
            return balances
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("account_id", "=", account.id),
                    ("partner_id", "in", commercial.ids),
                    ("parent_state", "=", "posted"),
                    ("company_id", "=", company.id),
                ],
                ["partner_id"],
                ["balance:sum"],
            )
        )
        for partner, balance in groups:
            balances[partner.id] = -balance
        return balances

    def _coop_account_balance(self, company=None):
        self.ensure_one()
        return self._coop_account_balances(company)[self.commercial_partner_id.id]

    def _coop_till_balances(self, company=None, except_order=None):
        """{commercial partner id: balance} these people can spend from money paid in ahead:
        what the members' account says. The till's bridge (coop_membership_pos) takes off
        what open sessions sold on account, which is not in the books yet; `except_order` is
        the till's order being judged, left out of that."""
        return self._coop_account_balances(company or self.env.company)

    @api.depends_context("company")
    def _compute_coop_account_balance(self):
        balances = self._coop_till_balances(self.env.company)
        for partner in self:
            partner.coop_account_balance = balances.get(partner.commercial_partner_id.id, 0.0)
            partner.coop_company_currency_id = self.env.company.currency_id

    def _coop_payment_reference(self):
        """What a member writes on a bank transfer to top up their account: their member
        number (or contact number) and a word, short enough for a UK bank reference."""
        self.ensure_one()
        partner = self.commercial_partner_id
        key = partner.coop_member_number or f"P{partner.id}"
        return f"{key}-TOPUP"

    def _coop_check_top_up_amount(self, amount, company, online=False):
        """Refuses a top-up amount this person may not pay in: nothing or less, or online
        more than the co-op's largest online top-up (a mistyped amount charged to a card is
        hard to take back)."""
        currency = company.currency_id
        if currency.compare_amounts(amount or 0.0, 0.0) <= 0:
            raise ValidationError(self.env._("A top-up must be a positive amount."))
        maximum = company.coop_online_top_up_max
        if online and maximum and currency.compare_amounts(amount, maximum) > 0:
            raise ValidationError(
                self.env._(
                    "You can top up at most %s online at a time.",
                    format_amount(self.env, maximum, currency),
                )
            )

    def _coop_check_pay_out_amount(self, amount, company):
        """Refuses paying back to this person more than they hold on the members' account
        (by the desk or through the payment provider that took their top-up)."""
        currency = company.currency_id
        partner = self.commercial_partner_id
        if currency.compare_amounts(amount or 0.0, 0.0) <= 0:
            raise ValidationError(self.env._("A refund must be a positive amount."))
        # Two refunds of the same balance at once: the second waits here, then fails to
        # serialize and is retried, when it reads the balance the first one left.
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date WHERE id = %s", [partner.id]
        )
        balance = partner._coop_account_balance(company)
        if currency.compare_amounts(amount, balance) > 0:
            raise UserError(
                self.env._(
                    "%(member)s holds %(balance)s on their account: a refund of %(amount)s "
                    "would be more than that.",
                    member=partner.name,
                    balance=currency.format(balance),
                    amount=currency.format(amount),
                )
            )

    def _coop_top_up(self, amount, journal, date=None, memo=None):
        """Money paid in ahead by this person: a posted customer payment into the members'
        account, where it stays a credit until goods are charged against it."""
        self.ensure_one()
        company = journal.company_id
        self._coop_check_top_up_amount(amount, company)
        method_line = journal._coop_top_up_method_line()
        partner = self.commercial_partner_id
        payment = (
            self.env["account.payment"]
            .with_company(company)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": partner.id,
                    "amount": amount,
                    "journal_id": journal.id,
                    "payment_method_line_id": method_line.id,
                    "date": date or shop_today(self),
                    "memo": memo or partner._coop_payment_reference(),
                    "destination_account_id": company._coop_member_account().id,
                    "coop_is_top_up": True,
                }
            )
        )
        payment.action_post()
        return payment

    # ---------------------------------------------------------------- status

    def _coop_compute_status(self):
        """The co-op status of one person. Other addons refine it with super()."""
        self.ensure_one()
        if self.coop_blocked:
            return "blocked"
        return self.coop_membership_state or False

    def _coop_shops_on_household(self):
        """Whether this person shops on their household head's standing: attached to a
        member and holding no shares of their own."""
        self.ensure_one()
        return bool(self.coop_household_head_id) and self.coop_share_count <= 0

    def _coop_can_shop(self):
        """May this person shop? The single rule used by POS, portal, crons and reports.

        Household members shop on their head's standing. Addons that add duties
        (shifts) override this and combine their verdict with super().
        """
        self.ensure_one()
        if self.coop_blocked:
            return False
        if self._coop_shops_on_household():
            return self.coop_household_head_id._coop_can_shop()
        return self.coop_membership_state in SHOPPING_STATUSES and self.coop_holder_may_shop

    def _coop_status_reason(self):
        """One sentence for the member and the cashier: why, and what fixes it."""
        self.ensure_one()
        status = self.coop_status
        if status == "blocked":
            return self.env._(
                "Blocked: %s", self.coop_block_reason or self.env._("no reason given")
            )
        if self._coop_shops_on_household():
            head = self.coop_household_head_id
            if head._coop_can_shop():
                return self.env._("Shops with the household of %s.", head.name)
            return self.env._(
                "Household of %(name)s, who may not shop: %(why)s",
                name=head.name,
                why=head._coop_status_reason(),
            )
        if status == "member":
            if not self.coop_holder_may_shop:
                return self.env._("Your share class does not give the right to shop.")
            return self.env._("Member since %s.", format_date(self.env, self.coop_member_since))
        if status == "candidate":
            return self.env._("Membership starts once the first share is paid.")
        if status == "former":
            return self.env._("No longer holds shares.")
        return self.env._("Not a member.")

    @api.depends(
        "coop_blocked",
        "coop_block_reason",
        "coop_membership_state",
        "coop_holder_may_shop",
        "coop_household_head_id",
    )
    @api.depends_context("company")
    def _compute_coop_status(self):
        labels = dict(self._fields["coop_status"]._description_selection(self.env))
        for partner in self:
            partner.coop_status = partner._coop_compute_status()
            partner.coop_status_label = labels.get(partner.coop_status, "")
        for partner in self:
            partner.coop_can_shop = partner._coop_can_shop()
            partner.coop_status_reason = partner._coop_status_reason()

    @api.model
    def _coop_status_selection(self):
        return self._fields["coop_status"]._description_selection(self.env)

    @api.depends("coop_status", "coop_can_shop")
    def _compute_coop_status_stored(self):
        for partner in self:
            partner.coop_status_stored = partner.coop_status
            partner.coop_can_shop_stored = partner.coop_can_shop

    @api.model
    def _cron_coop_refresh_status(self):
        """Bring the stored status up to date with the calendar (run once a day)."""
        candidates = self.with_context(active_test=False).search(
            self._coop_status_candidates_domain()
        )
        stored = [self._fields["coop_status_stored"], self._fields["coop_can_shop_stored"]]
        for batch in in_batches(candidates, 1000):
            for field in stored:
                self.env.add_to_compute(field, batch)
            batch.flush_recordset(["coop_status_stored", "coop_can_shop_stored"])
            batch.invalidate_recordset()

    @api.model
    def _coop_status_candidates_domain(self):
        """Partners worth evaluating: everyone the co-op has ever dealt with."""
        return ["|", ("coop_membership_state", "!=", False), ("coop_blocked", "=", True)]

    def _search_coop_status(self, operator, value):
        # In SQL, on the stored verdict (see coop_status_stored).
        return [("coop_status_stored", operator, value)]

    def _search_coop_can_shop(self, operator, value):
        return [("coop_can_shop_stored", operator, value)]

    # ---------------------------------------------------------------- checks

    @api.constrains("coop_blocked", "coop_block_reason")
    def _check_coop_block_reason(self):
        for partner in self:
            if partner.coop_blocked and not (partner.coop_block_reason or "").strip():
                raise ValidationError(self.env._("Say why %s is blocked.", partner.display_name))

    def _coop_check_member_number_free(self, number):
        """Refuse a taken number before writing: the unique index is only the last guard."""
        if not number:
            return
        holder = self.with_context(active_test=False).search(
            [("coop_member_number", "=", number), ("id", "not in", self.ids)], limit=1
        )
        if holder:
            raise ValidationError(
                self.env._(
                    "Member number %(number)s already belongs to %(other)s.",
                    number=number,
                    other=holder.display_name,
                )
            )

    @api.constrains("coop_household_head_id")
    def _check_coop_household(self):
        for partner in self.filtered("coop_household_head_id"):
            head = partner.coop_household_head_id
            if head == partner:
                raise ValidationError(self.env._("A person cannot be their own household head."))
            if head.coop_household_head_id:
                raise ValidationError(
                    self.env._("%s is in someone else's household and cannot head one.", head.name)
                )
            if partner.coop_household_member_ids:
                raise ValidationError(
                    self.env._("%s heads a household and cannot join another.", partner.name)
                )
            if head.coop_membership_state != "member":
                raise ValidationError(
                    self.env._("%s is not a member and cannot head a household.", head.name)
                )
            maximum = head.company_id.coop_household_max or self.env.company.coop_household_max
            if len(head.coop_household_member_ids) > maximum:
                raise ValidationError(
                    self.env._(
                        "The household of %(head)s is full: at most %(max)s people.",
                        head=head.name,
                        max=maximum,
                    )
                )

    # ---------------------------------------------------------------- who writes what

    @api.model
    def _coop_guarded_fields(self):
        """{field: group xml id, or None for the system only}: who may write each field of a
        contact that decides standing, numbers or households. Odoo lets any user with the
        Contact Creation right write contacts, cashiers included; these need more.
        Addons add their fields through super()."""
        return {
            "coop_blocked": COOP_MANAGER,
            "coop_block_reason": COOP_MANAGER,
            "coop_member_number": COOP_MANAGER,
            "coop_household_head_id": COOP_USER,
            # Read from the share register: nobody types them in.
            "coop_share_count": None,
            "coop_capital_amount": None,
            "coop_is_working": None,
            "coop_holder_may_shop": None,
            "coop_member_since": None,
            "coop_membership_state": None,
            # The stored copy of the rule's verdict: only its compute writes it.
            "coop_status_stored": None,
            "coop_can_shop_stored": None,
            # Set by the erasure of personal data only.
            "coop_erased_date": None,
        }

    @api.model
    def _coop_guarded_set_on_create(self, vals):
        """The guarded fields a new contact gets other than their defaults (which the
        form sends), whether given as values or as defaults in the context."""
        names = []
        for name in sorted(self._coop_guarded_fields()):
            field = self._fields[name]
            value = vals.get(name, self.env.context.get(f"default_{name}"))
            default = field.default(self) if field.default else False
            if value and value != default:
                names.append(name)
        return names

    def _coop_guarded_changed_by(self, vals):
        """The guarded fields `vals` would change on these contacts. Writing a value a
        contact already has (as Odoo's contact merge does) changes nothing."""
        names = self._coop_guarded_fields().keys() & vals.keys()
        contacts = self.sudo()
        changed = []
        for name in sorted(names):
            field = self._fields[name]
            if field.type in ("one2many", "many2many"):
                if vals[name]:
                    changed.append(name)
                continue
            value = field.convert_to_record(field.convert_to_cache(vals[name], contacts), contacts)
            if any(contact[name] != value for contact in contacts):
                changed.append(name)
        return changed

    def _coop_check_guarded_write(self, names):
        """Refuse, before anything is written, guarded fields this user may not set."""
        if self.env.su:
            return
        guarded = self._coop_guarded_fields()
        Users = self.env["res.users"]
        by_hand = [name for name in names if guarded[name] is None]
        if by_hand:
            raise AccessError(
                self.env._(
                    "Nobody sets %s by hand: they follow from the co-op's records (the share "
                    "register, the points ledger, the leaves).",
                    self._coop_field_labels(by_hand),
                )
            )
        refused = [name for name in names if not Users._coop_acts_as(guarded[name])]
        if refused:
            groups = {guarded[name] for name in refused}
            raise AccessError(
                self.env._(
                    "You may not change %(fields)s of a contact: that is for %(who)s.",
                    fields=self._coop_field_labels(refused),
                    who=", ".join(sorted(self.env.ref(g).sudo().full_name for g in groups)),
                )
            )

    @api.model
    def _coop_field_labels(self, names):
        return ", ".join(
            f"“{self._fields[name]._description_string(self.env)}”" for name in sorted(names)
        )

    def _coop_check_card_write(self, vals):
        # A member's card is the co-op's: the till trusts it to say who is buying.
        if (
            "barcode" in vals
            and not self.env["res.users"]._coop_acts_as(COOP_USER)
            and self.filtered(lambda p: p.coop_member_number or p.coop_membership_state)
            and any(p.barcode != (vals["barcode"] or False) for p in self)
        ):
            raise AccessError(
                self.env._("Only the members' office changes the card of a co-op member.")
            )

    def write(self, vals):
        self._coop_check_guarded_write(self._coop_guarded_changed_by(vals))
        self._coop_check_card_write(vals)
        if vals.get("coop_member_number"):
            if len(self) > 1:
                raise ValidationError(self.env._("A member number belongs to one person only."))
            self._coop_check_member_number_free(vals["coop_member_number"])
        res = super().write(vals)
        if vals.get("coop_household_head_id"):
            self._coop_assign_household_card()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_guarded_write(self._coop_guarded_set_on_create(vals))
        numbers = [
            vals["coop_member_number"] for vals in vals_list if vals.get("coop_member_number")
        ]
        if len(numbers) != len(set(numbers)):
            raise ValidationError(self.env._("The same member number is given to several people."))
        for number in numbers:
            self._coop_check_member_number_free(number)
        partners = super().create(vals_list)
        partners.filtered("coop_household_head_id")._coop_assign_household_card()
        return partners

    # ---------------------------------------------------------------- views

    @api.depends(
        "coop_subscription_request_ids.state",
        "coop_subscription_request_ids.statutes_version_id",
        "coop_subscription_request_ids.rules_version_id",
    )
    def _compute_coop_accepted_versions(self):
        # Validated: the office checked the request, and with it the consent given.
        requests = self.env["coop.subscription.request"].search(
            [("partner_id", "in", self.ids), ("state", "in", ("waiting", "done"))],
            order="date desc, id desc",
        )
        Version = self.env["coop.statutes.version"]
        for partner in self:
            own = requests.filtered(lambda r, partner=partner: r.partner_id == partner._origin)
            partner.coop_statutes_version_id = next(
                (r.statutes_version_id for r in own if r.statutes_version_id), Version
            )
            partner.coop_rules_version_id = next(
                (r.rules_version_id for r in own if r.rules_version_id), Version
            )

    def _compute_coop_counts(self):
        request_counts = dict(
            self.env["coop.subscription.request"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        # A count for the smart button; the invoices themselves need accounting rights.
        invoices = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("journal_id.coop_is_share_capital", "=", True),
                    ("state", "!=", "cancel"),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.coop_subscription_count = request_counts.get(partner, 0)
            partner.coop_capital_invoice_count = invoices.get(partner, 0)

    def action_coop_view_share_lines(self):
        self.ensure_one()
        self.env["res.users"]._coop_require(
            COOP_USER, message=self.env._("Only the members' office opens a member's records.")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_membership.action_coop_share_line"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_coop_view_subscriptions(self):
        self.ensure_one()
        self.env["res.users"]._coop_require(
            COOP_USER, message=self.env._("Only the members' office opens a member's records.")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_membership.action_coop_subscription_request"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_coop_view_capital_invoices(self):
        self.ensure_one()
        self.env["res.users"]._coop_require(
            COOP_USER, message=self.env._("Only the members' office opens a member's records.")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [
            ("partner_id", "=", self.id),
            ("journal_id.coop_is_share_capital", "=", True),
        ]
        action["context"] = {"create": False}
        return action

    # ---------------------------------------------------------------- cards

    @api.model
    def _coop_search_card(self, code):
        """The contact whose card (in the current company) or member number is `code`.

        The same as searching ``barcode = code or member number = code``, with access rules,
        but through the indexes: the ORM's condition on a per-company column scans them all.
        """
        if not code:
            return self.browse()
        self.flush_model(["barcode", "coop_member_number"])
        query = self._search([], limit=1, order="id")
        query.add_where(
            SQL(
                "(%s @> %s OR %s = %s)",
                SQL.identifier(query.table, "barcode"),
                Json({str(self.env.company.id): code}),
                SQL.identifier(query.table, "coop_member_number"),
                code,
            )
        )
        return self.browse(id_ for (id_,) in self.env.execute_query(query.select()))

    # ---------------------------------------------------------------- data rights

    def _coop_erasure_refusal(self):
        """Why this person's personal data may not be erased now, or False. The law keeps
        members' data while they hold shares and while money is owed either way."""
        self.ensure_one()
        partner = self.sudo()
        if partner.coop_erased_date:
            return self.env._("The personal data of this contact was already erased.")
        if partner.coop_membership_state != "former":
            return self.env._(
                "Only a former member's personal data can be erased: this contact holds "
                "shares, shops on a household or never held shares."
            )
        if partner.with_context(active_test=False).user_ids.filtered(lambda u: not u.share):
            return self.env._(
                "This contact has an internal user: the administrator closes it first."
            )
        companies = partner.coop_share_line_ids.company_id | self.env.company
        for company in companies:
            balance = partner._coop_account_balance(company)
            if not company.currency_id.is_zero(balance):
                return self.env._(
                    "The members' account of this contact is not settled (%s): pay it out or "
                    "collect it first.",
                    company.currency_id.format(balance),
                )
        open_moves = (
            self.env["account.move"]
            .sudo()
            .search_count(
                [
                    ("commercial_partner_id", "=", partner.id),
                    ("journal_id.coop_is_share_capital", "=", True),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                ],
                limit=1,
            )
        )
        open_requests = partner.coop_subscription_request_ids.filtered(
            lambda r: r.state in ("draft", "waiting")
        ) or partner.coop_sellback_request_ids.filtered(
            lambda r: r.state in ("draft", "submitted", "approved", "refunded")
        )
        if open_moves or open_requests:
            return self.env._(
                "This contact still has an open capital invoice, refund or share request: "
                "settle or cancel it first."
            )
        return False

    def _coop_erase_personal_data(self, automatic=False):
        """Erase the personal data of these former members, once, and log it. Refused (the
        whole call) for anyone the rule does not allow (see _coop_erasure_refusal)."""
        for partner in self:
            refusal = partner._coop_erasure_refusal()
            if refusal:
                raise UserError(
                    self.env._("%(who)s: %(why)s", who=partner.sudo().display_name, why=refusal)
                )
        Log = self.env["coop.erasure.log"].sudo()
        logs = Log
        for partner in self:
            number = partner.sudo().coop_member_number
            erased = (
                partner.sudo()
                .with_context(tracking_disable=True, mail_notrack=True, active_test=False)
                ._coop_erase_hook()
            )
            logs |= Log.create(
                {
                    "partner_id": partner.id,
                    "member_number": number,
                    "categories": ", ".join(erased),
                    "automatic": automatic,
                }
            )
        return logs

    def _coop_erase_hook(self):
        """Erase what this addon holds about this person (as superuser, once the rule has
        allowed it) and return the kinds of data erased. Addons erase theirs through
        super(). What the law keeps stays: member number, dates, share movements, and the
        invoices and entries with their link to the contact."""
        self.ensure_one()
        erased = ["contact"]
        anonymous = {
            "street": False,
            "street2": False,
            "zip": False,
            "city": False,
            "state_id": False,
            "email": False,
            "phone": False,
            "mobile": False,
            "website": False,
            "comment": False,
            "function": False,
            "title": False,
            "image_1920": False,
            "barcode": False,
            "coop_blocked": False,
            "coop_block_reason": False,
        }
        self.write(
            {
                **anonymous,
                "name": self.env._("Former member %s", self.coop_member_number or self.id),
                "coop_erased_date": shop_today(self),
            }
        )
        if self.child_ids:
            self.child_ids.write(
                {**anonymous, "name": self.env._("Former member's contact"), "active": False}
            )
            erased.append("contact persons")
        users = self.user_ids
        if users:
            for user in users:
                user.write({"login": f"erased-{user.id}", "active": False})
            erased.append("portal login")
        if self.bank_ids:
            self.bank_ids.write({"acc_holder_name": False})
            erased.append("bank account holder")
        partners = self | self.child_ids
        # The accounting audit trail (changes to what invoices print) is kept by law.
        messages = (
            self.env["mail.message"]
            .search([("model", "=", "res.partner"), ("res_id", "in", partners.ids)])
            .filtered(lambda message: not message.account_audit_log_activated)
        )
        followers = self.env["mail.followers"].search([("partner_id", "in", partners.ids)])
        if messages or followers:
            messages.unlink()
            followers.unlink()
            erased.append("messages")
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]
        )
        if attachments:
            attachments.unlink()
            erased.append("attachments")
        return erased

    def action_coop_erase_personal_data(self):
        self.env["res.users"]._coop_require(
            COOP_MANAGER,
            message=self.env._("Only a membership manager erases a member's personal data."),
        )
        self._coop_erase_personal_data()
        return True

    @api.model
    def _coop_past_retention(self, company):
        """Former members of `company` whose last share movement is older than its
        retention period, not erased yet."""
        years = company.coop_erase_after_years
        if years <= 0:
            return self.browse()
        limit = shop_today(self) - relativedelta(years=years)
        groups = (
            self.env["coop.share.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("partner_id.coop_membership_state", "=", "former"),
                    ("partner_id.coop_erased_date", "=", False),
                ],
                ["partner_id"],
                ["date:max"],
            )
        )
        return self.browse(partner.id for partner, last in groups if last < limit)

    @api.model
    def _cron_coop_erase_former_members(self, batch_size=50):
        """Erase former members past the retention period that the rule allows; the
        others wait (and the log says why) until what they owe or are owed is settled."""
        companies = self.env["res.company"].search([("coop_erase_after_years", ">", 0)])
        for company in companies:
            due = self.with_company(company)._coop_past_retention(company)
            for batch in in_batches(due, batch_size):
                for partner in batch:
                    refusal = partner._coop_erasure_refusal()
                    if refusal:
                        _logger.info(
                            "Former member (contact %s) not erased: %s", partner.id, refusal
                        )
                        continue
                    partner._coop_erase_personal_data(automatic=True)

    def _coop_personal_data_export(self):
        """Everything the co-op holds about this person, ready for JSON: what the member
        downloads from the portal (their right of access and portability). Addons add
        their records through super(). Read as superuser: callers pass the person the
        current user is, never one a request names."""
        self.ensure_one()
        partner = self.sudo()
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", partner.id),
                    ("move_type", "in", ("out_invoice", "out_refund", "in_invoice", "in_refund")),
                    ("state", "=", "posted"),
                ],
                order="invoice_date, id",
            )
        )
        return {
            "contact": {
                "name": partner.name,
                "street": partner.street or "",
                "street2": partner.street2 or "",
                "zip": partner.zip or "",
                "city": partner.city or "",
                "country": partner.country_id.name or "",
                "email": partner.email or "",
                "phone": partner.phone or "",
                "mobile": partner.mobile or "",
                "language": partner.lang or "",
            },
            "membership": {
                "member_number": partner.coop_member_number or "",
                "state": partner.coop_membership_state or "",
                "member_since": partner.coop_member_since,
                "shares": partner.coop_share_count,
                "capital": partner.coop_capital_amount,
                "household_of": partner.coop_household_head_id.name or "",
                "account_balance": partner._coop_account_balance(),
            },
            "share_movements": [
                {
                    "date": line.date,
                    "share_class": line.share_type_id.code,
                    "quantity": line.quantity,
                    "amount": line.amount,
                    "kind": line.kind,
                }
                for line in partner.coop_share_line_ids.sorted(lambda line: (line.date, line.id))
            ],
            "subscription_requests": [
                {
                    "reference": req.name,
                    "date": req.date,
                    "share_class": req.share_type_id.code,
                    "quantity": req.quantity,
                    "state": req.state,
                    "accepted_statutes": req.consent_statutes,
                    "accepted_privacy_policy": req.consent_data,
                    "consent_date": req.consent_date,
                    "statutes_version": req.statutes_version_id.display_name or "",
                    "rules_version": req.rules_version_id.display_name or "",
                }
                for req in partner.coop_subscription_request_ids
            ],
            "sellback_requests": [
                {
                    "reference": req.name,
                    "share_class": req.share_type_id.code,
                    "quantity": req.quantity,
                    "state": req.state,
                    "date_approved": req.date_approved,
                    "date_due": req.date_due,
                }
                for req in partner.coop_sellback_request_ids
            ],
            "invoices": [
                {
                    "number": move.name,
                    "type": move.move_type,
                    "date": move.invoice_date,
                    "amount_total": move.amount_total,
                    "amount_due": move.amount_residual,
                    "currency": move.currency_id.name,
                    "payment_state": move.payment_state,
                }
                for move in moves
            ],
        }

    def _coop_personal_data_files(self):
        """[(path in the archive, bytes)]: the documents this person gave the co-op, sent
        with their data export. Addons add theirs through super()."""
        self.ensure_one()
        return []
