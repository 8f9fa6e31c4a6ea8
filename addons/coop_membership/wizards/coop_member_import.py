import base64
import csv
import datetime
import gc
import io
import logging
import time

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, email_normalize

from ..const import COOP_MANAGER
from ..models.res_company import shop_today

_logger = logging.getLogger(__name__)

# Members written between two releases of their environments (see _coop_release_environments).
COLLECT_EVERY = 10
# Members written when the planner's statistics are brought up to date, each time the rows
# written have doubled (see _coop_update_statistics).
ANALYSE_AT = frozenset(25 * 2**power for power in range(12))
# The tables a member's history writes to, whose statistics the import keeps up to date.
IMPORTED_MODELS = (
    "res.partner",
    "coop.subscription.request",
    "coop.share.line",
    "account.move",
    "account.move.line",
    "account.payment",
    "account.partial.reconcile",
    "account.full.reconcile",
)
# Several share lines of one member go in one cell each, separated by this.
LINE_SEPARATOR = ";"
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")


class CoopMemberImport(models.TransientModel):
    """Rebuild an existing co-op's members from a spreadsheet, through the suite's own
    paths: a paid subscription per share line at its historic date, the old numbers kept.

    Preview reads every row and lists its problems; Import writes everything in the one
    transaction of the call, or nothing, and skips the members already imported."""

    _name = "coop.member.import"
    _description = "Import Existing Members"

    file = fields.Binary(string="Spreadsheet", attachment=False)
    filename = fields.Char()
    journal_id = fields.Many2one(
        "account.journal",
        string="Capital Paid Into",
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
        help="The journal the historic capital payments are recorded in.",
    )
    top_up_journal_id = fields.Many2one(
        "account.journal",
        string="Prepaid Balances Into",
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
        help="The journal the opening prepaid balances are recorded in, at the import date.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "Draft"), ("preview", "Preview"), ("done", "Imported")],
        default="draft",
        required=True,
    )
    row_count = fields.Integer(string="Rows", readonly=True)
    problem_count = fields.Integer(string="Rows with Problems", readonly=True)
    new_count = fields.Integer(string="New Members", readonly=True)
    skipped_count = fields.Integer(string="Already Imported", readonly=True)
    preview_html = fields.Html(string="Preview", readonly=True, sanitize=False)
    template_file = fields.Binary(string="Template", attachment=False, readonly=True)
    template_filename = fields.Char(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        )
        for name in ("journal_id", "top_up_journal_id"):
            if name in fields_list and not values.get(name) and journal:
                values[name] = journal.id
        return values

    # ---------------------------------------------------------------- columns

    @api.model
    def _coop_import_columns(self):
        """The spreadsheet's columns, in the template's order. Addons add theirs with
        super() and read them in _coop_parse_extra."""
        return [
            "member_number",
            "name",
            "email",
            "phone",
            "street",
            "zip",
            "city",
            "share_class",
            "shares",
            "paid_date",
            "household_head",
            "prepaid_balance",
        ]

    def _coop_check_manager(self):
        self.env["res.users"]._coop_require(
            COOP_MANAGER, message=self.env._("Only a membership manager imports members.")
        )

    def action_download_template(self):
        """The template: the header row of a CSV file."""
        self.ensure_one()
        self._coop_check_manager()
        header = ",".join(self._coop_import_columns()) + "\n"
        self.write(
            {
                "template_file": base64.b64encode(header.encode()),
                "template_filename": "coop_member_import_template.csv",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/template_file/"
            "coop_member_import_template.csv?download=true",
            "target": "self",
        }

    # ---------------------------------------------------------------- reading

    def _coop_read_rows(self):
        """[(row number as the spreadsheet shows it, {column: text or value})]."""
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the spreadsheet to import."))
        content = base64.b64decode(self.file)
        name = (self.filename or "").lower()
        if name.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
            table = self._coop_read_xlsx(content)
        else:
            table = self._coop_read_csv(content)
        if not table:
            raise UserError(self.env._("The spreadsheet is empty."))
        header = [str(cell or "").strip().lower() for cell in table[0]]
        missing = {"member_number", "name", "share_class", "shares", "paid_date"} - set(header)
        if missing:
            raise UserError(
                self.env._(
                    "The spreadsheet has no column %s: start from the template.",
                    ", ".join(sorted(missing)),
                )
            )
        rows = []
        for index, cells in enumerate(table[1:], start=2):
            if not any(str(cell or "").strip() for cell in cells):
                continue
            rows.append((index, dict(zip(header, cells, strict=False))))
        return rows

    def _coop_read_csv(self, content):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("latin-1")
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))

    def _coop_read_xlsx(self, content):
        # openpyxl is what Odoo's own import (base_import) reads .xlsx files with.
        try:
            from openpyxl import load_workbook
        except ImportError as error:
            raise UserError(self.env._("Reading .xlsx files needs openpyxl.")) from error
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:
            raise UserError(
                self.env._("This file could not be read as a spreadsheet: %s", error)
            ) from error
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    # ---------------------------------------------------------------- parsing

    @api.model
    def _coop_text(self, value):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def _coop_parse_date(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = self._coop_text(value)
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        return None

    def _coop_parse_amount(self, value):
        text = self._coop_text(value).replace(",", ".")
        if not text:
            return 0.0, True
        try:
            return float(text), True
        except ValueError:
            return 0.0, False

    def _coop_analyse(self):
        """Every row read and checked: [{row, number, name, ..., problems, status}].
        Status is "new", "imported" (already imported, skipped) or "problem"."""
        self.ensure_one()
        rows = self._coop_read_rows()
        Partner = self.env["res.partner"].with_context(active_test=False)
        share_types = {
            share_type.code.strip().upper(): share_type
            for share_type in self.env["coop.share.type"].search(
                [("company_id", "=", self.company_id.id)]
            )
        }
        numbers = [self._coop_text(values.get("member_number")) for _row, values in rows]
        existing = {
            partner.coop_member_number: partner
            for partner in Partner.search([("coop_member_number", "in", [n for n in numbers if n])])
        }
        today = shop_today(self)
        first_row_of = {}
        # What addons look up once for the whole file (their teams, say).
        memo = {}
        analysed = []
        for row, values in rows:
            problems = []
            number = self._coop_text(values.get("member_number"))
            name = self._coop_text(values.get("name"))
            item = {"row": row, "number": number, "name": name, "values": values}
            if not name:
                problems.append(self.env._("The name is missing."))
            if not number:
                problems.append(self.env._("The member number is missing."))
            elif number in first_row_of:
                problems.append(
                    self.env._(
                        "Member number %(number)s is also on row %(row)s.",
                        number=number,
                        row=first_row_of[number],
                    )
                )
            else:
                first_row_of[number] = row
            email = self._coop_text(values.get("email"))
            if email and not email_normalize(email):
                problems.append(self.env._("%s is not an email address.", email))
            item["email"] = email
            item["lines"] = self._coop_parse_share_lines(values, share_types, today, problems)
            prepaid, valid = self._coop_parse_amount(values.get("prepaid_balance"))
            if not valid or prepaid < 0:
                problems.append(
                    self.env._(
                        "The prepaid balance %s is not a positive amount.",
                        self._coop_text(values.get("prepaid_balance")),
                    )
                )
            item["prepaid"] = prepaid
            item["head_number"] = self._coop_text(values.get("household_head"))
            if number and not problems:
                try:
                    item["barcode"] = Partner._coop_card_barcode(number, household=False)
                except ValidationError as error:
                    problems.append(error.args[0])
            item["extra"] = self._coop_parse_extra(values, problems, memo)
            item["partner"] = existing.get(number) if number else None
            if item["partner"] and not problems:
                problems += self._coop_existing_problems(item)
            item["problems"] = problems
            analysed.append(item)
        self._coop_check_households(analysed, existing)
        for item in analysed:
            if item["problems"]:
                item["status"] = "problem"
            elif item["partner"]:
                item["status"] = "imported"
            else:
                item["status"] = "new"
        return analysed

    def _coop_parse_share_lines(self, values, share_types, today, problems):
        """[(share class, quantity, paid date)] of a row: one per ';'-separated entry of
        share_class, shares and paid_date, checked against the class's bounds in turn."""
        codes = [c.strip() for c in self._coop_text(values.get("share_class")).split(";")]
        raw_dates = values.get("paid_date")
        if isinstance(raw_dates, (datetime.date, datetime.datetime)):
            dates = [raw_dates]
        else:
            dates = [d.strip() for d in self._coop_text(raw_dates).split(LINE_SEPARATOR)]
        quantities = [q.strip() for q in self._coop_text(values.get("shares")).split(";")]
        if not (len(codes) == len(quantities) == len(dates)):
            problems.append(
                self.env._("share_class, shares and paid_date do not list as many share lines.")
            )
            return []
        lines = []
        held = {}
        for code, quantity_text, date_value in zip(codes, quantities, dates, strict=True):
            share_type = share_types.get(code.upper())
            if not share_type:
                problems.append(self.env._("Share class %s is unknown.", code or "''"))
            try:
                quantity = int(float(quantity_text.replace(",", ".")))
                if quantity != float(quantity_text.replace(",", ".")):
                    raise ValueError
            except ValueError:
                problems.append(self.env._("%s is not a whole number of shares.", quantity_text))
                quantity = None
            if quantity is not None and quantity < 1:
                problems.append(
                    self.env._("%s shares: a share line holds at least one share.", quantity)
                )
            paid_date = self._coop_parse_date(date_value)
            if not paid_date:
                problems.append(
                    self.env._(
                        "%s is not a date (use YYYY-MM-DD or DD/MM/YYYY).",
                        self._coop_text(date_value) or "''",
                    )
                )
            elif paid_date > today:
                problems.append(self.env._("%s is in the future.", paid_date))
            if share_type and quantity and quantity > 0:
                held[share_type] = held.get(share_type, 0) + quantity
                bound = share_type._holding_problem(self.env["res.partner"], held[share_type])
                if bound:
                    problems.append(bound)
            lines.append((share_type, quantity, paid_date))
        return lines

    def _coop_parse_extra(self, values, problems, memo):
        """What addons read from their own columns of a row ({} here): they add to it with
        super(), append to `problems`, and write it in _coop_import_extra. `memo` is one
        dict for the whole file, for what they look up once."""
        return {}

    def _coop_existing_problems(self, item):
        """A row whose number is taken: the same person already imported identically is
        skipped; anyone else is a problem."""
        partner = item["partner"]
        if partner.name.strip().lower() != item["name"].lower():
            return [
                self.env._(
                    "Member number %(number)s already belongs to %(other)s.",
                    number=item["number"],
                    other=partner.display_name,
                )
            ]
        wanted = {}
        for share_type, quantity, _date in item["lines"]:
            wanted[share_type] = wanted.get(share_type, 0) + quantity
        held = {
            share_type: partner._coop_shares_held(share_type)
            for share_type in set(wanted) | set(partner.coop_share_line_ids.share_type_id)
        }
        if any(held[share_type] != wanted.get(share_type, 0) for share_type in held):
            return [
                self.env._(
                    "%(name)s (number %(number)s) is already in the database with other "
                    "shares: correct them there, not by importing again.",
                    name=partner.display_name,
                    number=item["number"],
                )
            ]
        return []

    def _coop_check_households(self, analysed, existing):
        by_number = {item["number"]: item for item in analysed if item["number"]}
        missing_heads = {
            item["head_number"]
            for item in analysed
            if item["head_number"]
            and item["head_number"] not in by_number
            and item["head_number"] not in existing
        }
        if missing_heads:
            Partner = self.env["res.partner"].with_context(active_test=False)
            for partner in Partner.search([("coop_member_number", "in", list(missing_heads))]):
                existing[partner.coop_member_number] = partner
        for item in analysed:
            head = item["head_number"]
            if not head:
                continue
            if head == item["number"]:
                item["problems"].append(self.env._("A person cannot be their own household head."))
            elif head in by_number:
                if by_number[head]["head_number"]:
                    item["problems"].append(
                        self.env._("Household head %s is in someone else's household.", head)
                    )
            elif head not in existing:
                item["problems"].append(self.env._("Household head %s is unknown.", head))
            elif existing[head].coop_household_head_id:
                item["problems"].append(
                    self.env._("Household head %s is in someone else's household.", head)
                )
            elif existing[head].coop_membership_state != "member":
                item["problems"].append(self.env._("Household head %s is not a member.", head))
        maximum = self.company_id.coop_household_max
        heads = {}
        for item in analysed:
            if item["head_number"] and not item["partner"]:
                heads.setdefault(item["head_number"], []).append(item)
        for head, members in heads.items():
            already = len(existing[head].coop_household_member_ids) if head in existing else 0
            if maximum and already + len(members) > maximum:
                for item in members:
                    item["problems"].append(
                        self.env._(
                            "The household of %(head)s would be over its maximum of %(max)s "
                            "people.",
                            head=head,
                            max=maximum,
                        )
                    )

    # ---------------------------------------------------------------- preview

    def action_preview(self):
        """Read and check every row; write nothing but the preview."""
        self.ensure_one()
        self._coop_check_manager()
        analysed = self._coop_analyse()
        self._coop_show(analysed)
        return self._coop_reopen()

    def _coop_show(self, analysed):
        counts = {"new": 0, "imported": 0, "problem": 0}
        for item in analysed:
            counts[item["status"]] += 1
        self.write(
            {
                "state": "preview",
                "row_count": len(analysed),
                "problem_count": counts["problem"],
                "new_count": counts["new"],
                "skipped_count": counts["imported"],
                "preview_html": self._coop_preview_html(analysed),
            }
        )

    def _coop_preview_html(self, analysed):
        labels = {
            "new": self.env._("To import"),
            "imported": self.env._("Already imported"),
            "problem": self.env._("Problem"),
        }
        # Problems first, so that a long file's faults are seen without scrolling.
        ordered = sorted(analysed, key=lambda item: (item["status"] != "problem", item["row"]))
        head = Markup(
            "<table class='table table-sm o_coop_member_import_preview'><thead><tr>"
            "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"
        ).format(
            self.env._("Row"),
            self.env._("Member Number"),
            self.env._("Name"),
            self.env._("Status"),
            self.env._("Problems"),
        )
        body = Markup("").join(
            Markup(
                "<tr class='{}'><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"
            ).format(
                "table-danger" if item["status"] == "problem" else "",
                item["row"],
                item["number"],
                item["name"],
                labels[item["status"]],
                Markup("<br/>").join(escape(problem) for problem in item["problems"]),
            )
            for item in ordered
        )
        return head + body + Markup("</tbody></table>")

    def _coop_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # ---------------------------------------------------------------- import

    def action_import(self):
        """Write every new row, or nothing: refused while any row has a problem."""
        self.ensure_one()
        self._coop_check_manager()
        if not self.journal_id:
            raise UserError(self.env._("Choose the journal the capital was paid into."))
        started = time.perf_counter()
        analysed = self._coop_analyse()
        self._coop_show(analysed)
        if self.problem_count:
            raise UserError(
                self.env._(
                    "%s row(s) have problems: correct the spreadsheet, preview it again, "
                    "then import. Nothing was imported.",
                    self.problem_count,
                )
            )
        new_items = [item for item in analysed if item["status"] == "new"]
        if any(item["prepaid"] for item in new_items) and not self.top_up_journal_id:
            raise UserError(self.env._("Choose the journal the prepaid balances go into."))
        self._coop_check_extra_rights(new_items)
        # History, not news: no welcome mail, no chatter for each imported record.
        env = self.env(
            context=dict(
                self.env.context,
                coop_skip_welcome_mail=True,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
            )
        )
        wizard = self.with_env(env)
        # Oldest payments first: the capital journal numbers its entries in date order.
        new_items.sort(key=lambda item: min(line[2] for line in item["lines"]))
        partners = wizard._coop_create_people(new_items)
        for done, item in enumerate(new_items, start=1):
            wizard._coop_import_shares(item)
            if not done % COLLECT_EVERY:
                wizard._coop_release_environments()
            if done in ANALYSE_AT:
                wizard._coop_update_statistics()
        wizard._coop_link_households(analysed, partners)
        for item in new_items:
            if item["prepaid"]:
                item["partner"]._coop_top_up(
                    item["prepaid"],
                    self.top_up_journal_id,
                    memo=self.env._("Opening balance (import)"),
                )
            wizard._coop_import_extra(item["partner"], item["extra"])
        env.flush_all()
        self.write(
            {
                "state": "done",
                "preview_html": Markup("<p>{}</p>").format(
                    self.env._(
                        "%(new)s member(s) imported, %(skipped)s already imported.",
                        new=len(new_items),
                        skipped=self.skipped_count,
                    )
                ),
            }
        )
        _logger.info(
            "coop member import: %s rows, %s new members, %s skipped in %.1f s",
            len(analysed),
            len(new_items),
            self.skipped_count,
            time.perf_counter() - started,
        )
        return self._coop_reopen()

    def _coop_create_people(self, items):
        """The new contacts, with their old numbers and cards: a manager's write, the one
        the number's guard lets through."""
        values = []
        for item in items:
            row = item["values"]
            values.append(
                {
                    "name": item["name"],
                    "email": item["email"] or False,
                    "phone": self._coop_text(row.get("phone")) or False,
                    "street": self._coop_text(row.get("street")) or False,
                    "zip": self._coop_text(row.get("zip")) or False,
                    "city": self._coop_text(row.get("city")) or False,
                    "coop_member_number": item["number"],
                    "barcode": item["barcode"],
                }
            )
        partners = self.env["res.partner"].create(values)
        for item, partner in zip(items, partners, strict=True):
            item["partner"] = partner
        return partners

    def _coop_import_shares(self, item):
        """A subscription per share line, validated and paid at its historic date."""
        Request = self.env["coop.subscription.request"]
        for share_type, quantity, paid_date in item["lines"]:
            request = Request.create(
                {
                    "partner_id": item["partner"].id,
                    "share_type_id": share_type.id,
                    "quantity": quantity,
                    "date": paid_date,
                    "company_id": self.company_id.id,
                }
            )
            request.with_context(coop_history_date=paid_date).action_validate()
            request._pay_capital(payment_date=paid_date, journal=self.journal_id)

    def _coop_release_environments(self):
        """Let the environments of the members already written go.

        Each member's records are made in environments of their own (the historic date in the
        context, the payment wizard's active ids), and every record created holds its
        environment through the tracking callback the mail thread queues until the commit,
        even with tracking disabled, and the payment wizard's batches stay in the cache.
        Odoo looks environments up one by one, so over a co-op's file each member would cost
        more than the last. Running the queued callbacks now, as the commit would, forgetting
        the payment wizards' values and collecting keep the import linear, in one transaction.
        """
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env["account.payment.register"].invalidate_model()
        gc.collect()

    def _coop_update_statistics(self):
        """Let PostgreSQL's planner see the rows this import has written so far.

        The whole file is one transaction, and the planner's statistics are those of the
        tables before it: written first to a young database, the accounting tables look
        empty, and Odoo's reconciliation queries then read every line written for every
        new payment, so each member costs more than the last. ANALYZE in the transaction
        counts its own rows (Odoo does the same for its currency table).
        """
        self.env.flush_all()
        for model in IMPORTED_MODELS:
            self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(self.env[model]._table)))

    def _coop_link_households(self, analysed, partners):
        """Heads are linked once every row's person exists (a head may come later)."""
        by_number = {item["number"]: item["partner"] for item in analysed if item["partner"]}
        Partner = self.env["res.partner"].with_context(active_test=False)
        for item in analysed:
            if item["status"] != "new" or not item["head_number"]:
                continue
            head = by_number.get(item["head_number"]) or Partner.search(
                [("coop_member_number", "=", item["head_number"])], limit=1
            )
            item["partner"].coop_household_head_id = head

    def _coop_check_extra_rights(self, items):
        """Addons refuse here, before anything is written, a user who may not write what
        the new rows `items` bring in their columns."""
        return True

    def _coop_import_extra(self, partner, extra):
        """Write what addons read in _coop_parse_extra for one new member."""
        return True
