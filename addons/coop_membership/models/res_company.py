import babel.dates
import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime
from odoo.tools.misc import babel_locale_parse, get_lang

# How members read a moment: "Thu 3 Dec, 20:00" (in their language: "jeu. 3 déc., 20:00"),
# the year only when it is not this one; never a timestamp with seconds.
# How members read a day: "Thu 3 Dec" (in their language: "jeu. 3 déc."); the year only
# when it is not this one.
DAY_FORMAT = "EEE d MMM"
YEAR_FORMAT = "EEE d MMM y"
MOMENT_FORMAT = "EEE d MMM, HH:mm"
MOMENT_YEAR_FORMAT = "EEE d MMM y, HH:mm"


def shop_today(records):
    """The shop's today: the current company's time zone, never the reader's, whoever
    reads or writes (staff abroad, the cron's user, a member's phone). The default of the
    suite's date fields, and what its rules compare with."""
    return records.env.company._coop_today()


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_capital_journal_id = fields.Many2one(
        "account.journal",
        string="Share Capital Journal",
        check_company=True,
        help="Capital release invoices and share refunds are kept in this journal, "
        "never mixed with sales of goods.",
    )
    coop_capital_account_id = fields.Many2one(
        "account.account",
        string="Default Share Capital Account",
        check_company=True,
        domain="[('account_type', '=', 'equity')]",
        help="Paid-up share capital: credited when a payment makes shares effective, debited "
        "when they are refunded. At any date its balance is the register's total.",
    )
    coop_capital_unpaid_account_id = fields.Many2one(
        "account.account",
        string="Subscribed Capital Not Paid",
        check_company=True,
        domain="[('account_type', '=', 'equity')]",
        help="Capital members have subscribed and not paid yet: credited by the capital "
        "release invoice, moved to paid-up capital as payments come in.",
    )
    coop_capital_receivable_account_id = fields.Many2one(
        "account.account",
        string="Capital Called, Not Paid",
        check_company=True,
        domain="[('account_type', '=', 'asset_receivable'), ('reconcile', '=', True)]",
        help="What members owe on capital release invoices (and are owed on refunds): kept "
        "apart from their account for goods, so that a balance never mixes in capital.",
    )
    coop_member_account_id = fields.Many2one(
        "account.account",
        string="Members' Account",
        check_company=True,
        domain="[('account_type', '=', 'asset_receivable'), ('reconcile', '=', True)]",
        help="The receivable account of members' dealings with the co-op other than capital: "
        "money paid in ahead (top-ups) sits there as a credit, goods charged as a debit. A "
        "member's balance is what this account says for them. Empty: the receivable account "
        "Odoo gives new contacts.",
    )
    coop_online_top_up_max = fields.Monetary(
        string="Largest Online Top-up",
        currency_field="currency_id",
        default=500.0,
        help="The most a member may pay in ahead at once through an online payment provider. "
        "Zero: no limit.",
    )
    coop_sellback_delay_months = fields.Integer(
        string="Statutory Delay Before Refund (months)",
        default=12,
        help="Shares sold back are refunded this many months after approval.",
    )
    coop_household_max = fields.Integer(
        string="Maximum Household Members",
        default=2,
        help="How many associated people may shop on one member's standing.",
    )
    coop_erase_after_years = fields.Integer(
        string="Erase Former Members After (years)",
        default=0,
        help="A daily job erases the personal data of former members this many years after "
        "their last share movement, once nothing is owed either way. Zero: never.",
    )

    def _coop_tz(self):
        """The shop's time zone: the company's own, else its country's when it has only
        one, else UTC. Never the reader's: a shift's day, a hold's end, an opening time are
        the shop's, whoever looks at them."""
        self.ensure_one()
        # Read as the system: a portal reader may not read the company's contact.
        company = self.sudo()
        if company.partner_id.tz:
            return company.partner_id.tz
        zones = pytz.country_timezones.get(company.country_id.code or "", [])
        return zones[0] if len(zones) == 1 else "UTC"

    def _coop_today(self):
        """The shop's today (its own time zone, never the reader's)."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self._coop_tz()))

    def _coop_format_day(self, day):
        """A day as members read it, in the reader's language: "Thu 3 Dec". What Odoo's
        format_date writes, with the reader's locale looked up once per transaction: a
        shifts page writes dozens of days, and format_date looks the language up for each."""
        self.ensure_one()
        if not day:
            return ""
        same_year = day.year == self._coop_today().year
        key = ("coop_membership.day_locale", self.env.lang)
        locale = self.env.cr.cache.get(key)
        if locale is None:
            locale = self.env.cr.cache[key] = babel_locale_parse(get_lang(self.env).code)
        return babel.dates.format_date(
            day, format=DAY_FORMAT if same_year else YEAR_FORMAT, locale=locale
        )

    def _coop_format_moment(self, moment):
        """A moment (naive UTC) as members read it, in the shop's time zone and the reader's
        language: "Thu 3 Dec, 20:00". Every page, mail and document for members writes
        its dates and times with this."""
        self.ensure_one()
        if not moment:
            return ""
        zone = pytz.timezone(self._coop_tz())
        now = pytz.utc.localize(fields.Datetime.now()).astimezone(zone)
        local = pytz.utc.localize(moment).astimezone(zone)
        same_year = local.year == now.year
        return format_datetime(
            self.env,
            moment,
            tz=zone.zone,
            dt_format=MOMENT_FORMAT if same_year else MOMENT_YEAR_FORMAT,
        )

    def _coop_member_account(self):
        """The receivable account members' balances are read from (see the field)."""
        self.ensure_one()
        if self.coop_member_account_id:
            return self.coop_member_account_id
        Partner = self.env["res.partner"].with_company(self)
        return Partner._fields["property_account_receivable_id"].get_company_dependent_fallback(
            Partner
        )

    def _coop_goods_sale_journal(self):
        """The sales journal for goods and services: never the share capital journal."""
        self.ensure_one()
        journal = self.env["account.journal"].search(
            [
                ("type", "=", "sale"),
                ("company_id", "=", self.id),
                ("coop_is_share_capital", "=", False),
            ],
            order="sequence, id",
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%s has no sales journal for goods (the share capital journal is never used "
                    "for them): create one first.",
                    self.name,
                )
            )
        return journal

    def _coop_keeps_books(self):
        """Whether the company has its books set up (a chart of accounts loaded, or accounts
        of its own): only then do the suite's accounts and journals get added to them."""
        self.ensure_one()
        Account = self.env["account.account"].sudo()
        return bool(
            self.chart_template
            or Account.search_count(Account._check_company_domain(self), limit=1)
        )

    def _coop_ensure_capital_setup(self):
        """Give each company that keeps books the share capital's accounts and journal, the
        same way its chart of accounts gives them (see account.chart.template)."""
        for company in self:
            if not company._coop_keeps_books():
                continue
            if all(company[fname] for fname in self._coop_capital_fields()):
                continue
            self.env["account.chart.template"].sudo().with_company(
                company
            )._coop_load_capital_setup()

    @api.model
    def _coop_capital_fields(self):
        return (
            "coop_capital_account_id",
            "coop_capital_journal_id",
            "coop_capital_unpaid_account_id",
            "coop_capital_receivable_account_id",
        )

    def _coop_linked_capital_record(self, fname):
        """The company's capital account or journal, or one flagged as such but not linked
        yet (set up before the chart's hooks gave them): reused, never doubled."""
        self.ensure_one()
        if self[fname] or fname not in ("coop_capital_account_id", "coop_capital_journal_id"):
            return self[fname]
        model = self._fields[fname].comodel_name
        Model = self.env[model].with_context(active_test=False)
        return Model.search(
            [*Model._check_company_domain(self), ("coop_is_share_capital", "=", True)], limit=1
        )

    def _coop_free_journal_code(self, company, base):
        taken = set(
            self.env["account.journal"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
            .mapped("code")
        )
        code, suffix = base, 1
        while code in taken:
            code, suffix = f"{base[:3]}{suffix}", suffix + 1
        return code
