import io
import json
import zipfile
from datetime import timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from ..models import res_partner
from .common import CoopMembershipCase, new_test_user, portal_user


class DataRightsCase(CoopMembershipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.coop_sellback_delay_months = 0
        cls.Partner = cls.env["res.partner"]
        cls.Log = cls.env["coop.erasure.log"]

    @classmethod
    def _former(cls, name, pay_refund=True, **values):
        """A member who sold their one share back and (by default) was paid out."""
        partner = cls._member(name, share_type=cls.share_b, quantity=1, **values)
        request = cls.env["coop.sellback.request"].create(
            {"partner_id": partner.id, "share_type_id": cls.share_b.id, "quantity": 1}
        )
        request.action_submit()
        request.action_approve()
        request.action_issue_refund()
        if pay_refund:
            request._pay_refund(payment_date=fields.Date.today(), journal=cls.bank_journal)
        return partner

    def _charge_goods(self, partner, amount):
        """A posted sale of goods on the members' account: the person owes `amount`."""
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "journal_id": self.company._coop_goods_sale_journal().id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Bread", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        move.action_post()
        return move


@tagged("post_install", "-at_install")
class TestErasure(DataRightsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.former = cls._former(
            "Erin Leaving",
            street="1 Privacy Lane",
            city="Leeds",
            zip="LS1 1AA",
            phone="+44 113 496 0000",
            mobile="+44 7700 900000",
            website="https://erin.example.org",
            comment="<p>Allergic to nuts</p>",
        )
        cls.former_user = portal_user(cls.env, "erin_portal", cls.former)
        cls.env["res.partner.bank"].create(
            {"partner_id": cls.former.id, "acc_number": "GB33BUKB20201555555555"}
        )
        cls.office = new_test_user(
            cls.env, login="rights_office", groups="coop_membership.group_coop_user"
        )

    def test_erasure_anonymises_the_contact(self):
        number = self.former.coop_member_number
        self.former.message_post(body="Called about her allergy")
        self.former.with_user(self.manager).action_coop_erase_personal_data()
        former = self.former
        self.assertEqual(former.name, f"Former member {number}")
        for field in ("street", "city", "zip", "email", "phone", "mobile", "website", "comment"):
            self.assertFalse(former[field], field)
        self.assertFalse(former.image_1920)
        self.assertEqual(former.coop_erased_date, fields.Date.today())
        self.assertFalse(former.bank_ids.acc_holder_name)
        user = self.former_user.with_context(active_test=False)
        self.assertFalse(user.active, "the portal login is closed")
        self.assertEqual(user.login, f"erased-{user.id}")
        messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", former.id)]
        )
        self.assertFalse(
            messages.filtered(lambda m: m.message_type == "comment"),
            "the contact's chatter went with it",
        )

    def test_erasure_keeps_the_register_and_the_invoices(self):
        lines = self.former.coop_share_line_ids
        register = [(line.date, line.quantity, line.amount, line.kind) for line in lines]
        number = self.former.coop_member_number
        moves = self.env["account.move"].search([("partner_id", "=", self.former.id)])
        amounts = [(move.name, move.amount_total, move.partner_id) for move in moves]
        self.assertEqual(
            set(moves.filtered("journal_id.coop_is_share_capital").mapped("move_type")),
            {"out_invoice", "out_refund", "entry"},
            "the capital invoice, the paid-up capital and the refund",
        )
        self.former._coop_erase_personal_data()
        self.assertEqual(self.former.coop_member_number, number)
        self.assertEqual(self.former.coop_membership_state, "former")
        self.assertEqual(self.former.coop_share_line_ids, lines)
        self.assertEqual(
            [(line.date, line.quantity, line.amount, line.kind) for line in lines], register
        )
        self.assertEqual(
            [(move.name, move.amount_total, move.partner_id) for move in moves], amounts
        )

    def test_log_records_what_not_whom(self):
        number = self.former.coop_member_number
        log = self.former.with_user(self.manager)._coop_erase_personal_data()
        self.assertEqual(len(log), 1)
        self.assertEqual(log.partner_id, self.former)
        self.assertEqual(log.member_number, number)
        self.assertEqual(log.user_id, self.manager)
        self.assertFalse(log.automatic)
        self.assertIn("contact", log.categories)
        self.assertIn("portal login", log.categories)
        values = " ".join(str(value) for value in log.read()[0].values())
        for personal in ("Erin", "Privacy Lane", "erin.leaving@example.org", "+44"):
            self.assertNotIn(personal, values)

    def test_erased_once(self):
        self.former._coop_erase_personal_data()
        with self.assertRaisesRegex(UserError, "already erased"):
            self.former._coop_erase_personal_data()
        self.assertEqual(self.Log.search_count([("partner_id", "=", self.former.id)]), 1)

    def test_refused_while_shares_are_held(self):
        member = self._member("Still Holding", share_type=self.share_b, quantity=1)
        with self.assertRaisesRegex(UserError, "Only a former member"):
            member._coop_erase_personal_data()
        self.assertEqual(member.name, "Still Holding")
        self.assertFalse(self.Log.search([("partner_id", "=", member.id)]))

    def test_refused_while_money_is_owed(self):
        self._charge_goods(self.former, 5.0)
        self.assertEqual(self.former._coop_account_balance(), -5.0)
        with self.assertRaisesRegex(UserError, "members' account of this contact is not settled"):
            self.former._coop_erase_personal_data()
        self.assertEqual(self.former.name, "Erin Leaving")

    def test_refused_while_the_refund_is_unpaid(self):
        unpaid = self._former("Unpaid Ulla", pay_refund=False)
        self.assertEqual(unpaid.coop_membership_state, "former")
        with self.assertRaisesRegex(UserError, "open capital invoice, refund"):
            unpaid._coop_erase_personal_data()
        self.assertEqual(unpaid.name, "Unpaid Ulla")

    def test_only_managers_erase_and_read_the_log(self):
        self.former._coop_erase_personal_data()
        other = self._former("Other Leaver")
        employee = new_test_user(self.env, login="rights_employee", groups="base.group_user")
        other_user = portal_user(self.env, "other_leaver_portal", other)
        for user in (self.office, employee, other_user):
            with self.assertRaises(AccessError):
                self.Partner.with_user(user).browse(other.id).action_coop_erase_personal_data()
            with self.assertRaises(AccessError):
                self.Log.with_user(user).search([])
        self.assertEqual(other.name, "Other Leaver")
        self.assertEqual(len(self.Log.with_user(self.manager).search([])), 1)


@tagged("post_install", "-at_install")
class TestRetention(DataRightsCase):
    def test_cron_erases_only_past_retention_and_settled(self):
        self.company.coop_erase_after_years = 2
        long_ago = fields.Date.today() - relativedelta(years=3)
        with freeze_time(long_ago):
            old = self._former("Old Leaver")
            owing = self._former("Old Owing")
            self._charge_goods(owing, 7.0)
            member = self._member("Old Member", share_type=self.share_b, quantity=1)
        with freeze_time(long_ago + relativedelta(years=1, days=1)):
            recent = self._former("Recent Leaver")
        with patch.object(res_partner, "_logger") as logger:
            self.Partner._cron_coop_erase_former_members()
        self.assertTrue(old.coop_erased_date)
        self.assertTrue(self.Log.search([("partner_id", "=", old.id), ("automatic", "=", True)]))
        self.assertFalse(recent.coop_erased_date, "one year only since they left")
        self.assertFalse(owing.coop_erased_date, "money is still owed")
        self.assertFalse(member.coop_erased_date)
        skipped = [call.args[1] for call in logger.info.call_args_list]
        self.assertEqual(skipped, [owing.id], "the log says whom it skipped")
        self.assertIn("not settled", logger.info.call_args.args[2])

    def test_no_retention_period_erases_nobody(self):
        with freeze_time(fields.Date.today() - timedelta(days=365 * 30)):
            old = self._former("Very Old Leaver")
        self.company.coop_erase_after_years = 0
        self.Partner._cron_coop_erase_former_members()
        self.assertFalse(old.coop_erased_date)


@tagged("post_install", "-at_install")
class TestDataExport(HttpCase, DataRightsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a = cls._member("Alma Export", share_type=cls.share_b, quantity=2, city="York")
        cls.member_b = cls._member("Bruno Export", share_type=cls.share_b, quantity=1)
        cls.user_a = portal_user(cls.env, "rights_export_a", cls.member_a)
        cls.user_b = portal_user(cls.env, "rights_export_b", cls.member_b)

    def test_export_holds_own_records(self):
        data = self.member_a._coop_personal_data_export()
        self.assertEqual(data["contact"]["name"], "Alma Export")
        self.assertEqual(data["contact"]["city"], "York")
        self.assertEqual(data["membership"]["member_number"], self.member_a.coop_member_number)
        self.assertEqual([line["quantity"] for line in data["share_movements"]], [2])
        self.assertEqual(
            [(req["quantity"], req["state"]) for req in data["subscription_requests"]],
            [(2, "done")],
        )
        self.assertIn("accepted_privacy_policy", data["subscription_requests"][0])
        invoice = self.member_a.coop_subscription_request_ids.move_id
        self.assertEqual(
            [(move["number"], move["amount_total"]) for move in data["invoices"]],
            [(invoice.name, 20.0)],
        )

    def test_portal_download_is_only_ever_ones_own(self):
        for user, own, other in (
            (self.user_a, self.member_a, self.member_b),
            (self.user_b, self.member_b, self.member_a),
        ):
            self.authenticate(user.login, user.login)
            response = self.url_open(f"/my/data-export?partner_id={other.id}")
            self.assertEqual(response.status_code, 200)
            self.assertIn("attachment", response.headers["Content-Disposition"])
            with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
                text = archive.read("my-data.json").decode()
            data = json.loads(text)
            self.assertEqual(data["membership"]["member_number"], own.coop_member_number)
            self.assertEqual(data["contact"]["name"], own.name)
            self.assertNotIn(other.name, text)
            # Nothing of the other's: their email, requests or invoices (a bare member
            # number such as "2" would be found in any date).
            others = [other.email, *other.coop_subscription_request_ids.mapped("name")]
            others += other.coop_subscription_request_ids.move_id.mapped("name")
            others = [value for value in others if value]
            self.assertGreater(len(others), 2)
            for value in others:
                self.assertNotIn(value, text)

    def test_visitor_gets_no_data(self):
        self.authenticate(None, None)
        response = self.url_open("/my/data-export", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_membership_page_links_the_download(self):
        self.authenticate(self.user_a.login, self.user_a.login)
        page = self.url_open("/my/membership").text
        self.assertIn('href="/my/data-export"', page)
