from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import NOW, CoopShiftsCase


@tagged("post_install", "-at_install")
class TestStatus(CoopShiftsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls._member("Alice")
        cls.missed = cls._shift(datetime(2026, 3, 2, 18))

    def _miss_a_shift(self, partner=None, day=date(2026, 3, 2)):
        with freeze_time(datetime.combine(day, datetime.min.time()) + timedelta(hours=22)):
            reg = self.Registration.create(
                {
                    "shift_id": self.missed.id,
                    "partner_id": (partner or self.alice).id,
                    "kind": "team",
                }
            )
            reg.action_absent()

    def _status(self, partner, moment):
        with freeze_time(moment):
            self.env.invalidate_all()
            return partner.coop_status, partner._coop_can_shop(), partner.coop_status_reason

    def test_new_working_member_is_up_to_date(self):
        status, can_shop, reason = self._status(self.alice, NOW)
        self.assertEqual((status, can_shop), ("up_to_date", True))
        self.assertIn("Up to date", reason)

    def test_alert_turns_into_suspension_at_read_time(self):
        """No job runs between these reads: the day the grace window ends, the till says no."""
        self._miss_a_shift()
        self.assertEqual(self.alice.coop_shift_alert_since, date(2026, 3, 2))
        status, can_shop, reason = self._status(self.alice, datetime(2026, 3, 29, 12, 0))
        self.assertEqual((status, can_shop), ("alert", True))
        self.assertIn("2 make-up", reason)
        self.assertIn("alert ends on Mon 30 Mar.", reason, "a day as people write it")
        status, can_shop, reason = self._status(self.alice, datetime(2026, 3, 30, 12, 0))
        self.assertEqual((status, can_shop), ("suspended", False))
        self.assertIn("Suspended", reason)

    def test_the_nightly_refresh_catches_what_the_calendar_alone_changes(self):
        """An alert ends with no write: the stored status lags until the nightly job."""
        self._miss_a_shift()
        Partner = self.env["res.partner"]
        with freeze_time(datetime(2026, 3, 29, 12)):
            self.alice.invalidate_recordset()
            self.env.add_to_compute(Partner._fields["coop_status_stored"], self.alice)
            self.assertEqual(self.alice.coop_status_stored, "alert")
        with freeze_time(datetime(2026, 3, 30, 0, 15)):
            self.env.invalidate_all()
            self.assertEqual(self.alice.coop_status, "suspended")
            self.assertEqual(self.alice.coop_status_stored, "alert", "no write, no recompute")
            Partner._cron_coop_refresh_status()
            self.assertEqual(self.alice.coop_status_stored, "suspended")
            self.assertFalse(self.alice.coop_can_shop_stored)
            self.assertIn(self.alice, Partner.search([("coop_can_shop", "=", False)]))

    def test_shopping_refused_to_a_suspended_member_with_no_job_run(self):
        # The rule every place asks live, the till (coop_membership_pos) first.
        self._miss_a_shift()
        with freeze_time(datetime(2026, 3, 29, 10)):
            self.alice.invalidate_recordset()
            self.assertTrue(self.alice._coop_can_shop())
        with freeze_time(datetime(2026, 3, 30, 10)):
            self.alice.invalidate_recordset()
            self.assertFalse(self.alice._coop_can_shop())
            self.assertIn("Suspended", self.alice._coop_status_reason())

    def test_extension_then_suspension(self):
        self._miss_a_shift()
        self.env["coop.shift.extension"].create(
            {
                "partner_id": self.alice.id,
                "date_start": date(2026, 3, 30),
                "date_end": date(2026, 4, 9),
                "reason": "Broken arm, certificate on file",
            }
        )
        status, can_shop, reason = self._status(self.alice, datetime(2026, 4, 9, 12))
        self.assertEqual((status, can_shop), ("delay", True))
        self.assertIn("extension", reason)
        self.assertEqual(
            self._status(self.alice, datetime(2026, 4, 10, 12))[:2], ("suspended", False)
        )

    def test_self_service_grace_only_once_and_only_in_alert(self):
        with freeze_time(NOW), self.assertRaisesRegex(UserError, "only for members in alert"):
            self.alice.action_coop_shift_take_grace()
        self._miss_a_shift()
        with freeze_time(datetime(2026, 3, 20, 12)):
            self.alice.invalidate_recordset()
            self.alice.action_coop_shift_take_grace()
            with self.assertRaisesRegex(UserError, "can be taken only once"):
                self.alice.action_coop_shift_take_grace()
        self.assertEqual(self._status(self.alice, datetime(2026, 4, 8, 12))[0], "delay")
        self.assertEqual(self._status(self.alice, datetime(2026, 4, 10, 12))[0], "suspended")

    def test_makeups_bring_the_member_back(self):
        self._miss_a_shift()
        for day in (3, 4):
            shift = self._shift(datetime(2026, 3, day, 9))
            with freeze_time(datetime(2026, 3, day, 13)):
                self.Registration.create(
                    {"shift_id": shift.id, "partner_id": self.alice.id}
                ).action_attend()
        self.assertEqual(self._status(self.alice, datetime(2026, 4, 15))[:2], ("up_to_date", True))

    def test_leave_and_exemption(self):
        self._miss_a_shift()
        leave = self.Leave.create(
            {
                "partner_id": self.alice.id,
                "leave_type": "holiday",
                "date_start": date(2026, 4, 1),
                "date_end": date(2026, 4, 20),
            }
        )
        with freeze_time(NOW):
            leave.action_approve()
        status, can_shop, reason = self._status(self.alice, datetime(2026, 4, 5))
        self.assertEqual((status, can_shop), ("on_leave", False))
        self.assertIn("On leave until", reason)
        self.company.coop_shift_on_leave_may_shop = True
        self.assertEqual(self._status(self.alice, datetime(2026, 4, 5))[:2], ("on_leave", True))
        self.assertEqual(self._status(self.alice, datetime(2026, 4, 21))[0], "suspended")
        self.alice.coop_shift_mode = "exempt"
        self.assertEqual(self._status(self.alice, datetime(2026, 4, 21))[:2], ("exempted", True))

    def test_non_working_members_and_households(self):
        founder_class = self.env["coop.share.type"].create(
            {"code": "SF", "name": "Founder", "unit_price": 10}
        )
        founder = self.env["res.partner"].create({"name": "Founder"})
        self.env["coop.share.line"].create(
            {
                "partner_id": founder.id,
                "share_type_id": founder_class.id,
                "quantity": 1,
                "kind": "subscription",
            }
        )
        self.assertEqual(founder.coop_status, "member")
        self.assertTrue(founder._coop_can_shop())
        child = self.env["res.partner"].create(
            {"name": "Alice's son", "coop_household_head_id": self.alice.id}
        )
        self._miss_a_shift()
        self.assertEqual(self._status(child, datetime(2026, 3, 15))[:2], ("associated", True))
        status, can_shop, reason = self._status(child, datetime(2026, 4, 15))
        self.assertEqual(
            (status, can_shop), ("associated", False), "the household follows its member's shifts"
        )
        self.assertIn("Suspended", reason)

    def test_status_for_many_members_costs_the_same_queries(self):
        members = self.alice
        for index in range(20):
            members |= self._member(f"Bulk {index}")
        few = self.env["res.partner"].browse(members[:2].ids)
        many = self.env["res.partner"].browse(members.ids)
        with freeze_time(NOW):
            counts = []
            for batch in (few, many):
                self.env.invalidate_all()
                before = self.cr.sql_log_count
                for partner in batch:
                    partner._coop_can_shop()
                counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])

    def test_installing_shifts_suspends_nobody(self):
        """Phase 3: members who never had a shift start up to date, whoever they are."""
        members = self.env["res.partner"].search(
            [
                ("coop_is_working", "=", True),
                ("coop_shift_event_ids", "=", False),
                ("coop_shift_leave_ids", "=", False),
                ("coop_shift_mode", "!=", "exempt"),
            ]
        )
        self.assertIn(self.alice, members)
        with freeze_time(NOW):
            self.env.invalidate_all()
            self.assertEqual(set(members.mapped("coop_shift_status")), {"up_to_date"})
            self.assertTrue(
                all(member._coop_can_shop() for member in members if not member.coop_blocked)
            )


@tagged("post_install", "-at_install")
class TestStatusInOneTransaction(CoopShiftsCase):
    """What changes a member's standing shows at once, with nothing invalidated by hand."""

    def test_an_absence_then_a_leave_show_in_the_same_transaction(self):
        alice = self._member("Alice Same Transaction")
        missed = self._shift(datetime(2026, 3, 2, 18))
        with freeze_time(datetime(2026, 3, 5, 12)):
            self.assertEqual((alice.coop_status, alice.coop_can_shop), ("up_to_date", True))
            reg = self.Registration.create(
                {"shift_id": missed.id, "partner_id": alice.id, "kind": "team"}
            )
            reg.action_absent()
            self.assertEqual(alice.coop_shift_standard_points, -2)
            self.assertEqual(alice.coop_status, "alert")
            self.assertIn("make-up", alice.coop_status_reason)
            leave = self.Leave.create(
                {
                    "partner_id": alice.id,
                    "leave_type": "sickness",
                    "date_start": date(2026, 3, 4),
                    "date_end": date(2026, 3, 10),
                    "note": "Flu",
                }
            )
            leave.action_submit()
            self.assertEqual(alice.coop_status, "alert", "a leave counts once approved")
            self.assertEqual(alice.coop_status_stored, "alert", "staff's filters see the absence")
            leave.action_approve()
            self.assertEqual(alice.coop_status, "exempted")
            self.assertTrue(alice.coop_can_shop)
            self.assertTrue(alice._coop_can_shop())
            self.assertEqual(
                self.env["res.partner"].search(
                    [("id", "=", alice.id), ("coop_status", "=", "exempted")]
                ),
                alice,
                "the stored status follows the leave in the same transaction",
            )

    def test_joining_a_team_shows_the_team_at_once(self):
        bob = self._member("Bob Same Transaction")
        team = self._template(week_index=1, weekday="3")
        with freeze_time(datetime(2026, 3, 11, 12)):
            self.assertFalse(bob.coop_shift_team_id)
            membership = self.Membership.create(
                {"partner_id": bob.id, "template_id": team.id, "date_start": date(2026, 3, 1)}
            )
            self.assertEqual(bob.coop_shift_team_id, team)
            membership.date_end = date(2026, 3, 10)
            self.assertFalse(bob.coop_shift_team_id, "left the team yesterday")
