from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CoopMembershipCase


@tagged("post_install", "-at_install")
class TestSellback(CoopMembershipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.coop_sellback_delay_months = 6
        cls.member = cls._member("Leaving Member", quantity=12)
        cls.Sellback = cls.env["coop.sellback.request"]

    def _request(self, quantity, partner=None):
        return self.Sellback.create(
            {
                "partner_id": (partner or self.member).id,
                "share_type_id": self.share_a.id,
                "quantity": quantity,
            }
        )

    def test_full_flow_pays_the_member_back(self):
        request = self._request(12)
        request.action_submit()
        request.action_approve()
        self.assertEqual(request.date_due, fields.Date.today() + relativedelta(months=6))
        with self.assertRaisesRegex(UserError, "statutory delay"):
            request.action_issue_refund()
        self.assertEqual(self.member.coop_share_count, 12, "nothing moves before the delay ends")

        with freeze_time(request.date_due):
            self.Sellback._cron_issue_due_refunds()
        self.assertEqual(request.state, "refunded")
        refund = request.move_id
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.journal_id, self.company.coop_capital_journal_id)
        self.assertEqual(refund.amount_total, 120.0)
        self.assertEqual(self.member.coop_share_count, 0)
        self.assertEqual(self.member.coop_membership_state, "former")
        self.assertFalse(self.member._coop_can_shop())
        self.assertTrue(self.member.coop_member_number, "history and number stay")

        action = request.action_register_payment()
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"journal_id": self.bank_journal.id})
        )
        payments = wizard._create_payments()
        self.assertEqual(payments.payment_type, "outbound", "money goes out to the member")
        self.assertEqual(payments.amount, 120.0)
        self.assertEqual(request.state, "paid")

    def test_a_refund_falls_due_on_its_co_ops_day(self):
        """The job's user may work in another company: a request of a co-op in Auckland
        falls due on Auckland's day, not on the day of the job's company in London."""
        self.company.partner_id.tz = "Pacific/Auckland"
        head_office = self.env["res.company"].create({"name": "Head Office"})
        head_office.partner_id.tz = "Europe/London"
        request = self._request(12)
        request.action_submit()
        request.action_approve()
        eve = request.date_due - timedelta(days=1)
        # 09:00 UTC on the eve is still the eve in Auckland (21:00 or 22:00).
        with freeze_time(datetime.combine(eve, time(9, 0))):
            self.Sellback.with_company(head_office)._cron_issue_due_refunds()
        self.assertEqual(request.state, "approved")
        # 13:00 UTC on the eve is the due day in Auckland, still the eve in London.
        with freeze_time(datetime.combine(eve, time(13, 0))):
            self.Sellback.with_company(head_office)._cron_issue_due_refunds()
        self.assertEqual(request.state, "refunded")
        self.assertEqual(request.move_id.company_id, self.company)

    def test_partial_sellback_keeps_membership(self):
        request = self._request(2)
        request.action_submit()
        request.action_approve()
        with freeze_time(request.date_due + timedelta(days=1)):
            request.action_issue_refund()
        self.assertEqual(self.member.coop_share_count, 10)
        self.assertEqual(self.member.coop_membership_state, "member")

    def test_cannot_sell_more_than_held(self):
        with self.assertRaisesRegex(ValidationError, "13 more cannot be sold back"):
            self._request(13)
        self._request(2).action_submit()
        with self.assertRaisesRegex(ValidationError, "11 more cannot be sold back"):
            self._request(11)
        self.assertEqual(self.Sellback.search_count([("partner_id", "=", self.member.id)]), 1)

    def test_cannot_keep_fewer_than_minimum(self):
        with self.assertRaisesRegex(ValidationError, "below the minimum of 10"):
            self._request(5)

    def test_cron_reports_and_skips_what_became_impossible(self):
        request = self._request(12)
        request.action_submit()
        request.action_approve()
        self.member.coop_share_line_ids.action_reverse()
        with freeze_time(request.date_due):
            self.Sellback._cron_issue_due_refunds()
        self.assertEqual(request.state, "approved")
        self.assertFalse(request.move_id)

    def test_refused_request_changes_nothing(self):
        request = self._request(12)
        request.action_submit()
        request.action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertEqual(self.member.coop_share_count, 12)
        with self.assertRaisesRegex(UserError, "Only submitted requests can be approved"):
            request.action_approve()
