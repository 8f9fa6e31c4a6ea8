from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import NOW, CoopShiftsCase


@tagged("post_install", "-at_install")
class TestMails(CoopShiftsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls._member("Alice", email="alice@example.org")

    def _mails(self, partner, subject_part):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids), ("subject", "ilike", subject_part)]
        ) | self.env["mail.mail"].search(
            [("email_to", "ilike", partner.email), ("subject", "ilike", subject_part)]
        )

    def test_reminder_once(self):
        shift = self._shift(NOW + timedelta(hours=30))
        later = self._shift(NOW + timedelta(days=5))
        reg = self.Registration.create({"shift_id": shift.id, "partner_id": self.alice.id})
        far = self.Registration.create({"shift_id": later.id, "partner_id": self.alice.id})
        with freeze_time(NOW):
            self.Registration._cron_send_reminders()
            self.Registration._cron_send_reminders()
        self.assertTrue(reg.reminder_sent)
        self.assertFalse(far.reminder_sent)
        self.assertEqual(len(self._mails(self.alice, "Your shift")), 1)

    def test_absence_notice(self):
        shift = self._shift(NOW - timedelta(days=1))
        with freeze_time(NOW):
            self.Registration.create(
                {"shift_id": shift.id, "partner_id": self.alice.id, "kind": "team"}
            ).action_absent()
        self.assertTrue(self._mails(self.alice, "You missed"))

    def test_status_change_mails(self):
        shift = self._shift(datetime(2026, 3, 2, 18))
        with freeze_time(datetime(2026, 3, 1, 9)):
            self.env["res.partner"]._cron_coop_shift_status_mails()
        self.assertFalse(self._mails(self.alice, "co-op status"), "nothing to say while up to date")
        with freeze_time(datetime(2026, 3, 3, 9)):
            self.Registration.create(
                {"shift_id": shift.id, "partner_id": self.alice.id, "kind": "team"}
            ).action_absent()
            self.env.invalidate_all()
            self.env["res.partner"]._cron_coop_shift_status_mails()
            self.env["res.partner"]._cron_coop_shift_status_mails()
        self.assertEqual(len(self._mails(self.alice, "Alert")), 1)
        with freeze_time(datetime(2026, 4, 2, 9)):
            self.env.invalidate_all()
            self.env["res.partner"]._cron_coop_shift_status_mails()
        self.assertEqual(len(self._mails(self.alice, "Suspended")), 1)

    def test_leave_decision(self):
        leave = self.Leave.create(
            {
                "partner_id": self.alice.id,
                "date_start": date(2026, 4, 1),
                "date_end": date(2026, 4, 5),
            }
        )
        with freeze_time(NOW):
            leave.action_approve()
        self.assertTrue(self._mails(self.alice, "leave request"))
