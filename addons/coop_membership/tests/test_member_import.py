import base64
import csv
import io
import logging
from datetime import date, timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CoopMembershipCase, new_test_user

_logger = logging.getLogger(__name__)


class MemberImportFile:
    """Writing a member import's spreadsheet, for this addon's tests and the shifts'."""

    def _csv(self, rows):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=self.columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in self.columns})
        return base64.b64encode(buffer.getvalue().encode())

    def _row(self, number, name, **values):
        return {
            "member_number": number,
            "name": name,
            "email": f"{name.lower().replace(' ', '.')}@example.org",
            "share_class": "TB",
            "shares": "1",
            "paid_date": "2019-03-01",
            **values,
        }

    def _numbered(self, *numbers):
        return (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("coop_member_number", "in", list(numbers))])
        )


class MemberImportCase(MemberImportFile, CoopMembershipCase):
    """A manager who imports, with a desk journal for the prepaid balances."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Opening prepaid balances are booked when recorded, as at the members' desk.
        cls.desk = cls.env["account.journal"].create(
            {"name": "Import Desk", "type": "bank", "code": "IMPD"}
        )
        cls.desk.inbound_payment_method_line_ids.payment_account_id = cls.env[
            "account.account"
        ].create(
            {
                "name": "Import Desk Receipts",
                "code": "101298",
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        cls.columns = cls.env["coop.member.import"]._coop_import_columns()
        cls.company.coop_household_max = 2
        # Importing creates contacts: Odoo's Contact Creation right as well.
        cls.importer = new_test_user(
            cls.env,
            login="coop_importer",
            groups="coop_membership.group_coop_manager,account.group_account_manager,"
            "base.group_partner_manager",
        )

    def _wizard(self, rows, user=None, filename="members.csv", content=None):
        Wizard = self.env["coop.member.import"].with_user(user or self.importer)
        return Wizard.create(
            {
                "file": content or self._csv(rows),
                "filename": filename,
                "journal_id": self.bank_journal.id,
                "top_up_journal_id": self.desk.id,
            }
        )


@tagged("post_install", "-at_install")
class TestMemberImport(MemberImportCase):
    """Rebuilding an existing co-op's members from a spreadsheet."""

    def test_import_rebuilds_history_through_paid_subscriptions(self):
        mails_before = self.env["mail.mail"].search_count([])
        wizard = self._wizard(
            [
                self._row(
                    "7001",
                    "Imported Head",
                    share_class="TA;TB",
                    shares="10;2",
                    paid_date="2018-04-12;15/06/2021",
                    prepaid_balance="25.50",
                    city="Lyon",
                ),
                # A household member listed before their head: linked once both exist.
                self._row("7002", "Imported Partner", share_class="TC", household_head="7001"),
            ]
        )
        wizard.action_preview()
        self.assertEqual((wizard.row_count, wizard.new_count, wizard.problem_count), (2, 2, 0))
        self.assertFalse(self._numbered("7001", "7002"), "the preview writes nobody")
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        head = self._numbered("7001")
        partner = self._numbered("7002")
        self.assertEqual(head.name, "Imported Head")
        self.assertEqual(head.city, "Lyon")
        self.assertEqual(head.coop_membership_state, "member")
        self.assertEqual(head.barcode, head._coop_card_barcode("7001", household=False))
        requests = head.coop_subscription_request_ids.sorted("date")
        self.assertEqual(requests.mapped("state"), ["done", "done"])
        self.assertEqual(requests.mapped("date"), [date(2018, 4, 12), date(2021, 6, 15)])
        self.assertEqual(requests.move_id.mapped("invoice_date"), requests.mapped("date"))
        lines = head.coop_share_line_ids.sorted("date")
        self.assertEqual(
            [(line.share_type_id, line.quantity, line.date) for line in lines],
            [
                (self.share_a, 10, date(2018, 4, 12)),
                (self.share_b, 2, date(2021, 6, 15)),
            ],
        )
        self.assertEqual(head.coop_member_since, date(2018, 4, 12))
        self.assertEqual(partner.coop_household_head_id, head)
        top_up = self.env["account.payment"].search(
            [("partner_id", "=", head.id), ("coop_is_top_up", "=", True)]
        )
        self.assertEqual(top_up.amount, 25.5)
        self.assertEqual(top_up.journal_id, self.desk)
        self.assertEqual(top_up.memo, "Opening balance (import)")
        self.assertEqual(top_up.move_id.state, "posted")
        self.assertEqual(
            self.env["mail.mail"].search_count([]), mails_before, "no welcome mail is sent"
        )

    def test_a_second_run_of_the_same_file_duplicates_nobody(self):
        rows = [
            self._row("7101", "Twice Ann", prepaid_balance="10"),
            self._row("7102", "Twice Bo", household_head="7101"),
        ]
        self._wizard(rows).action_import()
        partners = self.env["res.partner"].search_count([])
        lines = self.Line.search_count([])
        payments = self.env["account.payment"].search_count([])
        again = self._wizard(rows)
        again.action_preview()
        self.assertEqual((again.new_count, again.skipped_count, again.problem_count), (0, 2, 0))
        self.assertIn("Already imported", again.preview_html)
        again.action_import()
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.Line.search_count([]), lines)
        self.assertEqual(self.env["account.payment"].search_count([]), payments)
        # The same number with other shares is a problem, not a silent second import.
        changed = self._wizard([self._row("7101", "Twice Ann", shares="3")])
        changed.action_preview()
        self.assertEqual(changed.problem_count, 1)

    def test_a_long_file_does_not_slow_down_with_each_member(self):
        """Odoo looks environments up one by one: the import lets each member's go, or a
        co-op's file of 2,000 members takes hours (see bulk_member_import.py)."""
        start = date(2016, 1, 1)
        rows = [
            self._row(
                str(7400 + index),
                f"Long File {index}",
                paid_date=(start + timedelta(days=index)).isoformat(),
            )
            for index in range(30)
        ]
        wizard = self._wizard(rows)
        Wizard = type(wizard)
        release = Wizard._coop_release_environments
        environments = []

        def release_and_count(wizard_):
            release(wizard_)
            environments.append(len(self.env.transaction.envs))

        with patch.object(Wizard, "_coop_release_environments", release_and_count):
            wizard.action_import()
        self.assertEqual(len(self._numbered(*[row["member_number"] for row in rows])), 30)
        # Released after every ten members; without it, eight more environments a member.
        self.assertEqual(len(environments), 3)
        self.assertLessEqual(environments[-1], environments[0] + 2, environments)

    def _problems_by_row(self, wizard):
        return {item["row"]: item["problems"] for item in wizard._coop_analyse()}

    def test_each_broken_row_is_reported_and_nothing_is_written(self):
        taken = self._member("Someone Else")
        future = (date.today() + timedelta(days=3)).isoformat()
        rows = [
            self._row("7201", "Good Row"),  # row 2
            self._row("7202", "Unknown Class", share_class="ZZ"),  # row 3
            self._row("7203", "Bad Date", paid_date="31/02/2019"),  # row 4
            self._row("7204", "Future Date", paid_date=future),  # row 5
            self._row("7201", "Duplicate Number"),  # row 6
            self._row("7206", "Negative Shares", shares="-3"),  # row 7
            self._row("7207", "Zero Shares", shares="0"),  # row 8
            self._row("7208", ""),  # row 9: no name
            self._row("7209", "Unknown Head", household_head="9999"),  # row 10
            self._row(taken.coop_member_number, "Not Someone Else"),  # row 11
            self._row("7211", "Too Few", share_class="TA", shares="2"),  # row 12
            self._row("7212", "Bad Balance", prepaid_balance="lots"),  # row 13
            self._row("7214", "Big Household"),  # row 14: heads more than the maximum of 2
            self._row("7215", "Household One", household_head="7214"),  # row 15
            self._row("7216", "Household Two", household_head="7214"),  # row 16
            self._row("7217", "Household Three", household_head="7214"),  # row 17
        ]
        wizard = self._wizard(rows)
        wizard.action_preview()
        self.assertEqual((wizard.row_count, wizard.problem_count, wizard.new_count), (16, 14, 2))
        problems = self._problems_by_row(wizard)
        expected = {
            2: None,
            3: "Share class ZZ is unknown.",
            4: "31/02/2019 is not a date",
            5: "is in the future.",
            6: "Member number 7201 is also on row 2.",
            7: "-3 shares: a share line holds at least one share.",
            8: "0 shares: a share line holds at least one share.",
            9: "The name is missing.",
            10: "Household head 9999 is unknown.",
            11: f"Member number {taken.coop_member_number} already belongs to Someone Else.",
            12: "Class TA needs at least 10 share(s) per member.",
            13: "The prepaid balance lots is not a positive amount.",
            14: None,
            15: "The household of 7214 would be over its maximum of 2 people.",
            17: "The household of 7214 would be over its maximum of 2 people.",
        }
        for row, message in expected.items():
            with self.subTest(row=row):
                if message is None:
                    self.assertFalse(problems[row])
                else:
                    self.assertIn(message, " ".join(problems[row]))
                    self.assertIn(f"<td>{row}</td>", wizard.preview_html)
        partners = self.env["res.partner"].search_count([])
        requests = self.Request.search_count([])
        with self.assertRaisesRegex(UserError, "14 row\\(s\\) have problems"):
            wizard.action_import()
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.Request.search_count([]), requests)
        self.assertFalse(self._numbered("7201"), "not even the good row is written")

    def test_an_xlsx_file_with_date_cells_is_read(self):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(self.columns)
        row = self._row("7301", "Sheet Person", paid_date=date(2020, 1, 31), shares=2)
        sheet.append([row.get(column, "") for column in self.columns])
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = self._wizard(
            None, filename="members.xlsx", content=base64.b64encode(buffer.getvalue())
        )
        wizard.action_import()
        person = self._numbered("7301")
        self.assertEqual(person.coop_share_line_ids.date, date(2020, 1, 31))
        self.assertEqual(person.coop_share_count, 2)

    def test_the_template_is_the_header_row(self):
        wizard = self._wizard([])
        action = wizard.action_download_template()
        self.assertIn("/template_file/", action["url"])
        header = base64.b64decode(wizard.template_file).decode().strip()
        self.assertEqual(header.split(","), self.columns)

    def test_only_a_manager_imports(self):
        office = new_test_user(
            self.env, login="import_office", groups="coop_membership.group_coop_user"
        )
        wizard = self._wizard([self._row("7401", "Refused Person")])
        with self.assertRaises(AccessError):
            self.env["coop.member.import"].with_user(office).create({})
        for method in ("action_preview", "action_import", "action_download_template"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(wizard.with_user(office).sudo(False), method)()
        self.assertFalse(self._numbered("7401"))
