from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.coop_membership.tests.common import new_test_user, portal_user
from odoo.addons.coop_shifts.tests.common import TODAY, CoopShiftsCase


@tagged("post_install", "-at_install")
class TestSnapshot(CoopShiftsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["coop.member.snapshot"]
        cls.Flow = cls.env["coop.member.status.flow"]
        cls.alice = cls._member("Alice Snap")
        cls.bob = cls._member("Bob Snap", mode="flying")
        cls.team = cls._template(name="Wednesday evening")
        cls.Membership.create(
            {
                "partner_id": cls.alice.id,
                "template_id": cls.team.id,
                "date_start": TODAY - timedelta(days=30),
            }
        )
        cls.candidate = cls.env["res.partner"].create({"name": "Cara Candidate"})
        cls.office = new_test_user(
            cls.env, login="snap_office", groups="coop_membership.group_coop_user"
        )
        cls.employee = new_test_user(cls.env, login="snap_employee", groups="base.group_user")
        cls.portal = portal_user(cls.env, "snap_alice", cls.alice)

    def rows(self, day, partners=None):
        partners = partners or (self.alice | self.bob | self.candidate)
        return self.Snapshot.search([("date", "=", day), ("partner_id", "in", partners.ids)])

    def test_snapshot_of_each_member_that_day(self):
        count = self.Snapshot._coop_take(day=TODAY)
        rows = self.rows(TODAY)
        self.assertEqual(rows.partner_id, self.alice | self.bob, "members, not candidates")
        self.assertEqual(count, self.Snapshot.search_count([("date", "=", TODAY)]))
        alice = rows.filtered(lambda r: r.partner_id == self.alice)
        self.assertEqual(alice.team_id, self.team)
        self.assertEqual(alice.shares, self.alice.coop_share_count)
        self.assertEqual(alice.capital, self.alice.coop_capital_amount)
        self.assertEqual(alice.share_type_id, self.working)
        self.assertEqual(alice.status, self.alice.coop_status_stored)
        self.assertEqual(alice.may_shop, self.alice.coop_can_shop_stored)
        bob = rows.filtered(lambda r: r.partner_id == self.bob)
        self.assertEqual((bob.shift_mode, bob.team_id.id), ("flying", False))

    def test_taken_twice_counts_once_and_former_members_stay(self):
        self.Snapshot._coop_take(day=TODAY)
        self.Snapshot._coop_take(day=TODAY)
        self.assertEqual(len(self.rows(TODAY)), 2)
        self.env["coop.share.line"].create(
            {
                "partner_id": self.bob.id,
                "share_type_id": self.working.id,
                "quantity": -1,
                "kind": "sellback",
                "date": TODAY,
            }
        )
        self.Snapshot._coop_take(day=TODAY + timedelta(days=1))
        bob = self.rows(TODAY + timedelta(days=1), self.bob)
        self.assertEqual(
            (bob.membership_state, bob.shares, bob.share_type_id.id), ("former", 0, False)
        )

    def test_flows_between_statuses(self):
        self.Snapshot._coop_take(day=date(2026, 3, 1))
        self.alice.write({"coop_blocked": True, "coop_block_reason": "Capital unpaid"})
        self.Snapshot._coop_take(day=date(2026, 3, 2))
        self.Snapshot._coop_take(day=date(2026, 3, 3))
        flows = self.Flow.search([("partner_id", "in", (self.alice | self.bob).ids)])
        self.assertEqual(len(flows), 1, "Bob did not move; Alice moved once")
        self.assertEqual((flows.date, flows.status_to), (date(2026, 3, 2), "blocked"))
        self.assertNotEqual(flows.status_from, "blocked")

    def test_one_statement_whatever_the_number_of_members(self):
        self.Snapshot._coop_take(day=TODAY)
        self.env.flush_all()
        # The snapshot, who owes make-ups, its totals, the day before, the statistics and
        # the flows: nothing per member.
        with self.assertQueryCount(10):
            self.Snapshot._coop_take(day=TODAY)
        for name in ("Dan", "Eve", "Fay", "Gus"):
            self._member(f"{name} Snap")
        self.env.flush_all()
        with self.assertQueryCount(10):
            self.Snapshot._coop_take(day=TODAY)
        # Members owing make-ups are read once together, and written once per count owed.
        owing = self.env["res.partner"].search([("name", "like", " Snap")])
        for points, partner in zip((-1, -1, -2, -2, -2), owing, strict=False):
            self.Event.create(
                {"partner_id": partner.id, "points": points, "date": TODAY, "note": "test"}
            )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(14):
            self.Snapshot._coop_take(day=TODAY)

    def test_makeups_owed_as_the_shifts_count_them(self):
        self.Event.create(
            {"partner_id": self.alice.id, "points": -2, "date": TODAY, "note": "test"}
        )
        self.Event.create(
            {
                "partner_id": self.bob.id,
                "counter": "flying",
                "points": -1,
                "date": TODAY,
                "note": "test",
            }
        )
        self.company.coop_shift_points_flying_attended = 2  # one flying shift is worth 2
        self.Snapshot._coop_take(day=TODAY)
        rows = self.rows(TODAY)
        owed = {row.partner_id: row.makeups_owed for row in rows}
        self.assertEqual(owed[self.alice], self.alice._coop_shift_makeups_owed())
        self.assertEqual((owed[self.alice], owed[self.bob]), (2, 1))
        counts = self.env["coop.member.count"].search([("date", "=", TODAY)])
        day = self.Snapshot.search([("date", "=", TODAY)])
        self.assertEqual(sum(counts.mapped("makeups_owed")), sum(day.mapped("makeups_owed")))
        self.assertEqual(
            sum(counts.mapped("members_owing")), len(day.filtered("makeups_owed")), "2 or more"
        )
        self.assertGreaterEqual(sum(counts.mapped("members_owing")), 2)
        # Made up the next day: nothing owed in the next snapshot, the first one unchanged.
        self.Event.create({"partner_id": self.alice.id, "points": 2, "date": TODAY, "note": "test"})
        self.Snapshot._coop_take(day=TODAY + timedelta(days=1))
        later = self.rows(TODAY + timedelta(days=1), self.alice)
        self.assertEqual(later.makeups_owed, 0)
        self.assertEqual(self.rows(TODAY, self.alice).makeups_owed, 2)

    def test_totals_add_up_the_snapshot(self):
        self.Snapshot._coop_take(day=TODAY)
        counts = self.env["coop.member.count"].search([("date", "=", TODAY)])
        snapshot = self.Snapshot.search([("date", "=", TODAY)])
        self.assertEqual(sum(counts.mapped("members")), len(snapshot))
        self.assertAlmostEqual(sum(counts.mapped("capital")), sum(snapshot.mapped("capital")))
        team_row = counts.filtered(lambda c: c.team_id == self.team)
        self.assertEqual(team_row.members, 1, "Alice alone in the team")
        self.Snapshot._coop_take(day=TODAY)
        self.assertEqual(
            sum(self.env["coop.member.count"].search([("date", "=", TODAY)]).mapped("members")),
            len(snapshot),
            "taken twice, counted once",
        )

    def test_who_reads_the_snapshots(self):
        self.Snapshot._coop_take(day=TODAY)
        self.assertTrue(self.Snapshot.with_user(self.office).search_count([]))
        for user in (self.employee, self.portal):
            with self.assertRaises(AccessError):
                self.Snapshot.with_user(user).search_count([])
            with self.assertRaises(AccessError):
                self.Flow.with_user(user).search_count([])
            with self.assertRaises(AccessError):
                self.env["coop.member.count"].with_user(user).search_count([])
        with self.assertRaises(AccessError):
            self.rows(TODAY)[:1].with_user(self.office).write({"shares": 99})
