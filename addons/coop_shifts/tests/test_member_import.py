from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.coop_membership.tests.common import CoopMembershipCase, new_test_user
from odoo.addons.coop_membership.tests.test_member_import import MemberImportFile


@tagged("post_install", "-at_install")
class TestShiftsMemberImport(MemberImportFile, CoopMembershipCase):
    """The shifts' columns of a member import: worker mode, team, opening counter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.columns = cls.env["coop.member.import"]._coop_import_columns()
        cls.team = cls.env["coop.shift.template"].create(
            {"week_index": 1, "weekday": "2", "start_hour": 18.0, "end_hour": 21.0, "seats": 8}
        )
        base_groups = (
            "coop_membership.group_coop_manager,account.group_account_manager,"
            "base.group_partner_manager"
        )
        cls.importer = new_test_user(
            cls.env,
            login="shift_importer",
            groups=base_groups + ",coop_shifts.group_coop_shift_manager",
        )
        cls.membership_only = new_test_user(
            cls.env, login="membership_importer", groups=base_groups
        )

    def _wizard(self, rows, user=None):
        return (
            self.env["coop.member.import"]
            .with_user(user or self.importer)
            .create({"file": self._csv(rows), "filename": "members.csv"})
        )

    def test_modes_teams_and_opening_counters_are_imported(self):
        wizard = self._wizard(
            [
                self._row(
                    "7501",
                    "Team Worker",
                    shift_mode="team",
                    team=self.team.name,
                    counter_balance="-2",
                ),
                self._row("7502", "Flying Worker", shift_mode="flying", counter_balance="1"),
                self._row("7503", "Exempt Worker", shift_mode="exempt"),
            ]
        )
        wizard.action_import()
        team_worker = self._numbered("7501")
        flying = self._numbered("7502")
        self.assertEqual(team_worker.coop_shift_mode, "team")
        self.assertEqual(team_worker.coop_shift_membership_ids.template_id, self.team)
        self.assertEqual(team_worker.coop_shift_standard_points, -2)
        event = team_worker.coop_shift_event_ids
        self.assertEqual(
            (event.counter, event.points, event.reason, event.note),
            ("standard", -2, "correction", "Opening balance (import)"),
        )
        self.assertEqual(flying.coop_shift_mode, "flying")
        self.assertEqual(flying.coop_shift_flying_points, 1)
        self.assertEqual(flying.coop_shift_event_ids.counter, "flying")
        self.assertEqual(self._numbered("7503").coop_shift_mode, "exempt")
        self.assertEqual(team_worker.coop_share_line_ids.date, date(2019, 3, 1))
        # Again: nobody new, no second opening balance.
        self._wizard(
            [
                self._row(
                    "7501",
                    "Team Worker",
                    shift_mode="team",
                    team=self.team.name,
                    counter_balance="-2",
                ),
            ]
        ).action_import()
        self.assertEqual(len(team_worker.coop_shift_event_ids), 1)

    def test_broken_shift_columns_are_reported(self):
        wizard = self._wizard(
            [
                self._row("7601", "Odd Mode", shift_mode="sometimes"),  # row 2
                self._row("7602", "Lost Team", team="Z-Sun 03:00"),  # row 3
                self._row("7603", "Flying In Team", shift_mode="flying", team=self.team.name),
                self._row("7604", "Half Point", counter_balance="1.5"),  # row 5
            ]
        )
        wizard.action_preview()
        problems = {item["row"]: " ".join(item["problems"]) for item in wizard._coop_analyse()}
        self.assertIn("Worker mode sometimes is unknown", problems[2])
        self.assertIn("Team Z-Sun 03:00 is unknown.", problems[3])
        self.assertIn("A member in worker mode flying is in no team.", problems[4])
        self.assertIn("The counter balance 1.5 is not a whole number.", problems[5])
        self.assertEqual(wizard.problem_count, 4)

    def test_counters_need_a_shifts_manager(self):
        wizard = self._wizard(
            [self._row("7701", "Counted Person", counter_balance="3")], user=self.membership_only
        )
        with self.assertRaises(AccessError):
            wizard.action_import()
        self.assertFalse(self._numbered("7701"))
