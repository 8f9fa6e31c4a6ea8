import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from odoo.addons.coop_membership.tests.common import new_test_user, portal_user
from odoo.addons.coop_shifts.tests.common import CoopShiftsCase

BOARD = "coop_reporting_sales/data/files/coop_board_dashboard.json"


@tagged("post_install", "-at_install")
class TestBoard(CoopShiftsCase):
    """The board's spreadsheet asks the models what the browser will ask them: every pivot
    and chart is read here as the office would read it, so a renamed field breaks a test
    rather than the board."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with file_open(BOARD) as board:
            cls.board = json.load(board)
        cls.office = new_test_user(
            cls.env, login="board_office", groups="coop_membership.group_coop_user"
        )
        cls.dashboard = cls.env.ref("coop_reporting_sales.spreadsheet_dashboard_coop_board")

    def charts(self):
        for sheet in self.board["sheets"]:
            for figure in sheet["figures"]:
                if figure["data"]["type"].startswith("odoo_"):
                    yield figure["data"]

    def test_every_pivot_reads(self):
        self.assertEqual(len(self.board["pivots"]), 6)
        for pivot in self.board["pivots"].values():
            Model = self.env[pivot["model"]].with_user(self.office)
            measures = [
                "__count"
                if m["fieldName"] == "__count"
                else f"{m['fieldName']}:{Model._fields[m['fieldName']].aggregator}"
                for m in pivot["measures"]
            ]
            groupby = [row["fieldName"] for row in pivot["rows"]]
            Model._read_group(pivot["domain"], groupby, measures)
            for match in pivot["fieldMatching"].values():
                self.assertIn(match["chain"], Model._fields, pivot["name"])

    def test_every_chart_reads(self):
        charts = list(self.charts())
        self.assertEqual(len(charts), 5)
        for chart in charts:
            meta = chart["metaData"]
            Model = self.env[meta["resModel"]].with_user(self.office)
            aggregator = Model._fields[meta["measure"]].aggregator
            Model._read_group(
                chart["searchParams"]["domain"],
                meta["groupBy"],
                [f"{meta['measure']}:{aggregator}"],
            )
            for match in chart["fieldMatching"].values():
                self.assertIn(match["chain"], Model._fields)

    def test_scorecards_point_at_the_data_sheet(self):
        data = next(sheet for sheet in self.board["sheets"] if sheet["name"] == "Data")
        board = next(sheet for sheet in self.board["sheets"] if sheet["name"] == "Board")
        keys = [
            figure["data"]["keyValue"]
            for figure in board["figures"]
            if figure["data"]["type"] == "scorecard"
        ]
        self.assertEqual(len(keys), 8)
        for key in keys:
            self.assertIn(key.split("!")[1], data["cells"], key)

    def test_who_opens_the_board(self):
        snapshot = self.dashboard.with_user(self.office).get_readonly_dashboard()["snapshot"]
        self.assertEqual([sheet["name"] for sheet in snapshot["sheets"]], ["Board", "Data"])
        employee = new_test_user(self.env, login="board_employee", groups="base.group_user")
        member = portal_user(self.env, "board_member", self._member("Board Member"))
        for user in (employee, member):
            with self.assertRaises(AccessError):
                self.dashboard.with_user(user).get_readonly_dashboard()


@tagged("post_install", "-at_install")
class TestBoardInTheBrowser(HttpCase):
    def test_the_board_opens(self):
        new_test_user(
            self.env,
            login="board_tour_office",
            groups="coop_membership.group_coop_user",
            tz="Europe/London",
        )
        self.start_tour("/odoo/dashboards", "coop_board_opens", login="board_tour_office")
