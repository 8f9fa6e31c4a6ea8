from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CoopMembershipCase


@tagged("post_install", "-at_install")
class TestShareLedger(CoopMembershipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls._member("Ledger Holder", quantity=12)
        cls.line = cls.member.coop_share_line_ids

    def test_count_and_capital_are_sums_of_lines(self):
        self.assertEqual(self.member.coop_share_count, 12)
        self.Line.create(
            {
                "partner_id": self.member.id,
                "share_type_id": self.share_b.id,
                "quantity": 3,
                "kind": "transfer_in",
            }
        )
        self.assertEqual(self.member.coop_share_count, 15)
        self.assertEqual(self.member.coop_capital_amount, 150.0)
        holdings = {h["share_type"].code: h["quantity"] for h in self.member._coop_holdings()}
        self.assertEqual(holdings, {"TA": 12, "TB": 3})

    def test_effective_line_cannot_be_edited(self):
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            self.line.quantity = 20
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            self.line.date = fields.Date.today() - timedelta(days=100)
        self.assertEqual(self.line.quantity, 12)

    def test_effective_line_cannot_be_deleted(self):
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.line.unlink()
        self.assertTrue(self.line.exists())

    def test_reversal_keeps_history(self):
        reversal = self.line.action_reverse(note="Typed in twice")
        self.assertEqual(reversal.quantity, -12)
        self.assertEqual(reversal.reversed_line_id, self.line)
        self.assertEqual(self.member.coop_share_count, 0)
        self.assertEqual(self.member.coop_membership_state, "former")
        self.assertEqual(len(self.member.coop_share_line_ids), 2)
        with self.assertRaisesRegex(UserError, "cannot be reversed"):
            self.line.action_reverse()

    def test_no_negative_holding(self):
        with self.assertRaisesRegex(ValidationError, "holds fewer class TA shares"):
            self.Line.create(
                {
                    "partner_id": self.member.id,
                    "share_type_id": self.share_a.id,
                    "quantity": -13,
                    "kind": "sellback",
                }
            )
        self.assertEqual(self.member.coop_share_count, 12)

    def test_no_future_or_empty_movement(self):
        with self.assertRaisesRegex(ValidationError, "cannot be dated in the future"):
            self.Line.create(
                {
                    "partner_id": self.member.id,
                    "share_type_id": self.share_b.id,
                    "quantity": 1,
                    "kind": "transfer_in",
                    "date": fields.Date.today() + timedelta(days=1),
                }
            )
        with self.assertRaisesRegex(ValidationError, "at least one share"):
            self.Line.create(
                {
                    "partner_id": self.member.id,
                    "share_type_id": self.share_b.id,
                    "quantity": 0,
                    "kind": "transfer_in",
                }
            )

    def _register(self, **values):
        form = self._open_wizard("coop_membership.action_coop_member_register_wizard", self.manager)
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_member_register_as_of_a_date(self):
        wizard = self._register()
        rows = {row["partner"]: row for row in wizard._register_rows()}
        self.assertEqual(rows[self.member]["count"], 12)
        self.assertEqual(rows[self.member]["amount"], 120.0)
        past = self._register(date=fields.Date.today() - timedelta(days=1))
        self.assertNotIn(self.member, [row["partner"] for row in past._register_rows()])
        self.line.action_reverse()
        without_former = self._register(include_former=False)
        self.assertNotIn(self.member, [row["partner"] for row in without_former._register_rows()])


@tagged("post_install", "-at_install")
class TestShopDay(CoopMembershipCase):
    """Dates the suite fills in are the shop's day (its company's time zone), never the
    day of whoever is working: staff abroad, the cron's user, a member's phone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls._member("Day Holder", quantity=12)

    def _movement(self, env, day):
        return env["coop.share.line"].create(
            {
                "partner_id": self.member.id,
                "share_type_id": self.share_b.id,
                "quantity": 1,
                "kind": "transfer_in",
                "date": day,
            }
        )

    def test_defaults_and_rules_use_the_shops_day_not_the_readers(self):
        company = self.env.company
        reader_in_brussels = self.env(context=dict(self.env.context, tz="Europe/Brussels"))
        reader_in_new_york = self.env(context=dict(self.env.context, tz="America/New_York"))
        # 23:30 UTC on 4 December: 5 December in Brussels and Paris, the 4th in London
        # and New York.
        with freeze_time("2026-12-04 23:30:00"):
            company.partner_id.tz = "Europe/London"
            for env in (reader_in_brussels, reader_in_new_york):
                for model in ("coop.share.line", "coop.subscription.request"):
                    self.assertEqual(
                        env[model].default_get(["date"])["date"], date(2026, 12, 4), model
                    )
            with self.assertRaisesRegex(ValidationError, "cannot be dated in the future"):
                self._movement(reader_in_brussels, date(2026, 12, 5))
            company.partner_id.tz = "Europe/Paris"
            for env in (reader_in_brussels, reader_in_new_york):
                self.assertEqual(
                    env["coop.share.line"].default_get(["date"])["date"], date(2026, 12, 5)
                )
            # In Paris it is already the 5th, whoever writes.
            self.assertEqual(self._movement(reader_in_new_york, date(2026, 12, 5)).quantity, 1)
