"""The attendance sheet at the shop door: scans, walk-ins, marks, validation, who may run it."""

from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import NOW, CoopShiftsCase

# Cards used by the tour in static/src/tours/attendance_sheet_tour.js.
TOUR_ANN_CARD = "0420000800019"
TOUR_FLYER_CARD = "0420000800026"


class CoopSheetCase(CoopShiftsCase):
    """A shift under way at NOW, led by one leader, with three team members on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = new_test_user(
            cls.env, login="door_leader", groups="coop_shifts.group_coop_shift_leader"
        )
        cls.other_leader = new_test_user(
            cls.env, login="other_leader", groups="coop_shifts.group_coop_shift_leader"
        )
        cls.office = new_test_user(
            cls.env, login="door_office", groups="coop_shifts.group_coop_shift_user"
        )
        cls.ann = cls._member("Sheet Ann")
        cls.ben = cls._member("Sheet Ben")
        cls.cid = cls._member("Sheet Cid")
        cls.walker = cls._member("Sheet Walker")
        cls.flyer = cls._member("Sheet Flyer", mode="flying")
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Sheet Stranger", "barcode": "0420000700012"}
        )
        cls.shift = cls._sheet_shift(NOW - timedelta(minutes=30), [cls.ann, cls.ben, cls.cid])

    @classmethod
    def _sheet_shift(cls, start, team, leader=None, seats=10):
        return cls._shift(
            start,
            seats=seats,
            leader_ids=[Command.set((leader or cls.leader).partner_id.ids)],
            registration_ids=[
                Command.create({"partner_id": partner.id, "kind": "team"}) for partner in team
            ],
        )

    def _registration(self, partner, shift=None):
        return (shift or self.shift).registration_ids.filtered(
            lambda r: r.partner_id == partner and r.state not in ("cancelled", "swapped")
        )

    def _as(self, user, shift=None):
        return (shift or self.shift).with_user(user)


@tagged("post_install", "-at_install")
class TestAttendanceSheet(CoopSheetCase):
    def test_members_get_cards(self):
        # The membership addon gives every member a number and an EAN-13 card.
        self.assertTrue(self.ann.barcode)
        self.assertTrue(self.ann.coop_member_number)

    def test_sheet_lists_team_first_then_walk_ins(self):
        with self.frozen():
            self._as(self.leader).coop_sheet_add_walk_in(self.walker.id)
            data = self._as(self.leader).coop_sheet_data()
        self.assertTrue(data["started"])
        self.assertEqual(data["state"], "open")
        self.assertEqual(
            [line["name"] for line in data["lines"]],
            ["Sheet Ann", "Sheet Ben", "Sheet Cid", "Sheet Walker"],
        )
        self.assertEqual(data["lines"][0]["number"], self.ann.coop_member_number)
        self.assertEqual(data["lines"][0]["kind"], "team")
        self.assertEqual(data["lines"][-1]["kind"], "makeup")

    def test_scan_marks_attended_once(self):
        with self.frozen():
            result = self._as(self.leader).coop_sheet_scan(self.ann.barcode)
            self.assertEqual(result["action"], "marked")
            self.assertEqual(result["line"]["state"], "attended")
            self.assertEqual(self._registration(self.ann).state, "attended")
            with self.assertRaisesRegex(UserError, "already marked Attended"):
                self._as(self.leader).coop_sheet_scan(self.ann.barcode)

    def test_scan_by_member_number_and_late_arrival(self):
        with self.frozen():
            self._as(self.leader).coop_sheet_mark(self._registration(self.ben).id, "absent")
            self.assertEqual(self.ben.coop_shift_standard_points, -2)
            # Ben arrives late: typing his number turns the absence into attendance.
            self._as(self.leader).coop_sheet_scan(f" {self.ben.coop_member_number} ")
        self.assertEqual(self._registration(self.ben).state, "attended")
        self.assertEqual(self.ben.coop_shift_standard_points, 0)

    def test_scan_errors_are_clear(self):
        with self.frozen():
            sheet = self._as(self.leader)
            with self.assertRaisesRegex(UserError, "Unknown card"):
                sheet.coop_sheet_scan("0420000999997")
            with self.assertRaisesRegex(UserError, "Scan a member card"):
                sheet.coop_sheet_scan("  ")
            with self.assertRaisesRegex(UserError, "Sheet Stranger is not a member"):
                sheet.coop_sheet_scan(self.stranger.barcode)
            self.ann.coop_shift_unsubscribed = True
            # Already on the sheet: marked whatever their standing.
            sheet.coop_sheet_scan(self.ann.barcode)
            self.walker.coop_shift_unsubscribed = True
            with self.assertRaisesRegex(UserError, "unsubscribed"):
                sheet.coop_sheet_scan(self.walker.barcode)

    def test_scan_on_leave_is_refused(self):
        self._registration(self.cid).state = "waived"
        with self.frozen(), self.assertRaisesRegex(UserError, "on leave"):
            self._as(self.leader).coop_sheet_scan(self.cid.barcode)

    def test_scanned_walk_in_is_offered_then_added_as_make_up(self):
        self.Event.create(
            {"partner_id": self.walker.id, "points": -2, "note": "Missed shift in January"}
        )
        with self.frozen():
            offer = self._as(self.leader).coop_sheet_scan(self.walker.barcode)
            self.assertEqual(offer["action"], "walk_in")
            self.assertEqual(offer["partner"]["id"], self.walker.id)
            self.assertEqual(offer["partner"]["kind"], "makeup")
            self.assertFalse(self._registration(self.walker), "a scan alone books nobody")
            added = self._as(self.leader).coop_sheet_add_walk_in(self.walker.id)
        registration = self._registration(self.walker)
        self.assertEqual(added["line"]["id"], registration.id)
        self.assertEqual((registration.kind, registration.state), ("makeup", "attended"))
        self.assertEqual(registration.create_uid, self.leader)
        self.assertEqual(self.walker.coop_shift_standard_points, -1)

    def test_flying_walk_in_found_by_search(self):
        with self.frozen():
            found = self._as(self.leader).coop_sheet_search_members("sheet fl")
            self.assertEqual([p["id"] for p in found], [self.flyer.id])
            self.assertEqual(found[0]["kind"], "flying")
            # People already on the sheet and non-members are not offered.
            found = self._as(self.leader).coop_sheet_search_members("Sheet")
            self.assertEqual({p["id"] for p in found}, {self.walker.id, self.flyer.id})
            self._as(self.leader).coop_sheet_add_walk_in(self.flyer.id)
        registration = self._registration(self.flyer)
        self.assertEqual((registration.kind, registration.state), ("flying", "attended"))
        self.assertEqual(self.flyer.coop_shift_flying_points, 1)

    def test_walk_in_refusals(self):
        with self.frozen():
            sheet = self._as(self.leader)
            with self.assertRaisesRegex(UserError, "already on"):
                sheet.coop_sheet_add_walk_in(self.ann.id)
            with self.assertRaisesRegex(UserError, "not a member"):
                sheet.coop_sheet_add_walk_in(self.stranger.id)
            self.shift.seats = 3
            with self.assertRaisesRegex(UserError, "is full"):
                sheet.coop_sheet_add_walk_in(self.walker.id)
            # An absence frees a seat for someone who came.
            sheet.coop_sheet_mark(self._registration(self.cid).id, "absent")
            sheet.coop_sheet_add_walk_in(self.walker.id)
            self.company.coop_shift_max_per_day = 1
            other = self._sheet_shift(NOW - timedelta(minutes=10), [], seats=5)
            with self.assertRaisesRegex(UserError, "At most 1 booked shifts a day"):
                self._as(self.leader, other).coop_sheet_add_walk_in(self.walker.id)

    def test_mark_only_this_sheets_registrations(self):
        other = self._sheet_shift(NOW - timedelta(minutes=10), [self.walker])
        with self.frozen():
            with self.assertRaisesRegex(UserError, "not on the sheet"):
                self._as(self.leader).coop_sheet_mark(
                    self._registration(self.walker, other).id, "absent"
                )
            with self.assertRaisesRegex(UserError, "attended, absent or excused"):
                self._as(self.leader).coop_sheet_mark(self._registration(self.ann).id, "waived")

    def test_mark_rest_then_validate(self):
        with self.frozen():
            sheet = self._as(self.leader)
            sheet.coop_sheet_scan(self.ann.barcode)
            sheet.coop_sheet_mark(self._registration(self.cid).id, "excused")
            with self.assertRaisesRegex(UserError, "Mark everyone"):
                sheet.coop_sheet_validate()
            data = sheet.coop_sheet_mark_rest("absent")
            self.assertEqual(
                [line["state"] for line in data["lines"]], ["attended", "absent", "excused"]
            )
            with self.assertRaisesRegex(UserError, "Everyone on the sheet"):
                sheet.coop_sheet_mark_rest("absent")
            data = sheet.coop_sheet_validate()
        self.assertEqual(data["state"], "done")
        self.assertEqual(self.shift.state, "done")
        self.assertEqual(self.shift.validated_by_id, self.leader)
        self.assertEqual(self.ben.coop_shift_standard_points, -2)
        self.assertEqual(self.cid.coop_shift_standard_points, -1)
        with self.frozen():
            with self.assertRaisesRegex(UserError, "already validated"):
                sheet.coop_sheet_scan(self.ann.barcode)
            # A validated sheet still shows, read-only.
            self.assertEqual(sheet.coop_sheet_data()["state"], "done")

    def test_validation_before_start_refused(self):
        with (
            self.frozen(NOW - timedelta(hours=2)),
            self.assertRaisesRegex(UserError, "opens an hour before"),
        ):
            self._as(self.leader).coop_sheet_scan(self.ann.barcode)
        # Half an hour before the start: people can be marked, the sheet not validated.
        with self.frozen(NOW - timedelta(hours=1)):
            sheet = self._as(self.leader)
            self.assertFalse(sheet.coop_sheet_data()["started"])
            sheet.coop_sheet_scan(self.ann.barcode)
            sheet.coop_sheet_mark_rest("excused")
            with self.assertRaisesRegex(UserError, "once the shift has started"):
                sheet.coop_sheet_validate()
        self.assertEqual(self.shift.state, "open")
        with self.frozen():
            self._as(self.leader).coop_sheet_validate()
        self.assertEqual(self.shift.state, "done")

    def test_cancelled_shift_sheet_is_closed(self):
        self.shift.state = "cancelled"
        with self.frozen(), self.assertRaisesRegex(UserError, "was cancelled"):
            self._as(self.leader).coop_sheet_scan(self.ann.barcode)


@tagged("post_install", "-at_install")
class TestAttendanceSheetAccess(CoopSheetCase):
    def test_leader_of_another_shift_is_refused(self):
        with self.frozen():
            intruder = self._as(self.other_leader)
            calls = [
                lambda: intruder.coop_sheet_data(),
                lambda: intruder.coop_sheet_scan(self.ann.barcode),
                lambda: intruder.coop_sheet_mark(self._registration(self.ann).id, "attended"),
                lambda: intruder.coop_sheet_add_walk_in(self.walker.id),
                lambda: intruder.coop_sheet_search_members("Sheet"),
                lambda: intruder.coop_sheet_mark_rest("absent"),
                lambda: intruder.coop_sheet_validate(),
            ]
            for call in calls:
                with self.assertRaisesRegex(AccessError, "Only the leaders of"):
                    call()
            # The record rules hold underneath the sheet too.
            with self.assertRaises(AccessError):
                self._registration(self.ann).with_user(self.other_leader).action_attend()
        self.assertEqual(self._registration(self.ann).state, "planned")
        self.assertFalse(self._registration(self.walker))
        self.assertEqual(self.shift.state, "open")

    def test_which_sheets_each_user_sees(self):
        soon = self._sheet_shift(NOW + timedelta(minutes=45), [])
        later = self._sheet_shift(NOW + timedelta(hours=3), [])
        yesterday = self._sheet_shift(NOW - timedelta(days=1), [])
        foreign = self._sheet_shift(NOW - timedelta(minutes=15), [], leader=self.other_leader)
        with self.frozen():
            leader_sees = {s["id"] for s in self.Shift.with_user(self.leader).coop_sheet_shifts()}
            office_sees = {s["id"] for s in self.Shift.with_user(self.office).coop_sheet_shifts()}
        self.assertEqual(leader_sees, {self.shift.id, soon.id})
        self.assertEqual(office_sees, {self.shift.id, soon.id, later.id, foreign.id})
        self.assertNotIn(yesterday.id, office_sees)

    def test_members_office_runs_any_sheet(self):
        with self.frozen():
            self._as(self.office).coop_sheet_scan(self.ann.barcode)
            self._as(self.office).coop_sheet_add_walk_in(self.walker.id)
            self._as(self.office).coop_sheet_mark_rest("absent")
            self._as(self.office).coop_sheet_validate()
        self.assertEqual(self.shift.validated_by_id, self.office)


@tagged("post_install", "-at_install")
class TestAttendanceSheetQueries(CoopSheetCase):
    """The door must not slow down as the sheet grows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No e-mail addresses: the absence mails sent by `_mark` are not the door's cost.
        cls.crowd = cls.env["res.partner"]
        for index in range(30):
            cls.crowd |= cls._member(f"Crowd Member {index:02d}")
        cls.big_shift = cls._sheet_shift(NOW - timedelta(minutes=20), cls.crowd, seats=30)

    def test_marking_one_registration(self):
        registrations = self.big_shift.registration_ids
        with self.frozen():
            sheet = self._as(self.leader, self.big_shift)
            sheet.coop_sheet_mark(registrations[0].id, "attended")  # warm the registry caches
            self.env.invalidate_all()
            with self.assertQueryCount(22):
                sheet.coop_sheet_mark(registrations[1].id, "attended")
            self.env.invalidate_all()
            with self.assertQueryCount(25):
                sheet.coop_sheet_mark(registrations[2].id, "absent")
            self.env.invalidate_all()
            with self.assertQueryCount(17):
                sheet.coop_sheet_scan(registrations[3].partner_id.barcode)
        self.assertEqual(
            registrations[:4].mapped("state"), ["attended"] * 2 + ["absent", "attended"]
        )

    def test_validating_a_thirty_person_sheet(self):
        with self.frozen():
            sheet = self._as(self.leader, self.big_shift)
            sheet.coop_sheet_scan(self.crowd[0].barcode)
            self.env.invalidate_all()
            # Marking the 29 others absent is one batch: the count is the same for 10 people.
            with self.assertQueryCount(34):
                sheet.coop_sheet_mark_rest("absent")
            self.env.invalidate_all()
            with self.assertQueryCount(11):
                sheet.coop_sheet_validate()
        self.assertEqual(self.big_shift.state, "done")
        self.assertEqual(
            self.big_shift.registration_ids.mapped("state").count("absent"), len(self.crowd) - 1
        )


@tagged("post_install", "-at_install")
class TestAttendanceAnalysis(CoopSheetCase):
    def test_marks_per_month_in_graph_and_pivot(self):
        march = self._registration(self.ann)
        april_shift = self._sheet_shift(NOW + timedelta(days=30), [self.ann, self.ben])
        with self.frozen():
            march._mark("attended")
            self._registration(self.ben)._mark("absent")
        with self.frozen(NOW + timedelta(days=30)):
            april_shift.registration_ids._mark("excused")
        action = self.env.ref("coop_shifts.action_coop_shift_registration_analysis")
        self.assertEqual(action.view_mode, "graph,pivot")
        views = (
            self.env["coop.shift.registration"]
            .with_user(self.office)
            .get_views(
                [(view.view_id.id, view.view_mode) for view in action.view_ids]
                + [(action.search_view_id.id, "search")]
            )
        )
        self.assertEqual(set(views["views"]), {"graph", "pivot", "search"})
        self.assertIn('interval="month"', views["views"]["graph"]["arch"])
        domain = [("partner_id", "in", (self.ann | self.ben).ids)]
        counts = {
            (month, state): count
            for month, state, count in self.Registration.with_user(self.office)._read_group(
                domain, ["date_start:month", "state"], ["__count"]
            )
        }
        self.assertEqual(
            counts,
            {
                (datetime(2026, 3, 1), "attended"): 1,
                (datetime(2026, 3, 1), "absent"): 1,
                (datetime(2026, 4, 1), "excused"): 2,
            },
        )

    def test_door_sheet_action_menu_and_form_button(self):
        action = self.env.ref("coop_shifts.action_coop_attendance_sheet")
        self.assertEqual(action.tag, "coop_shifts.attendance_sheet")
        menu = self.env.ref("coop_shifts.menu_coop_attendance_sheet")
        self.assertIn(self.env.ref("coop_shifts.group_coop_shift_leader"), menu.groups_id)
        arch = self.Shift.with_user(self.leader).get_views([(False, "form")])["views"]["form"]
        self.assertIn(f'name="{action.id}"', arch["arch"])


@tagged("post_install", "-at_install")
class TestAttendanceSheetTour(HttpCase, CoopSheetCase):
    """A leader at the door, on a tablet, runs the sheet of the shift under way."""

    browser_size = "1024x768"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shift.leader_ids = [Command.clear()]  # the frozen-time shift is not the tour's
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        midnight = datetime.combine(now.date(), datetime.min.time())
        start = max(now - timedelta(minutes=30), midnight + timedelta(minutes=1))
        cls.tour_ann = cls._member("Tour Ann", barcode=TOUR_ANN_CARD)
        cls.tour_ben = cls._member("Tour Ben")
        cls.tour_cid = cls._member("Tour Cid")
        cls.tour_walker = cls._member("Tour Walker")
        cls.tour_flyer = cls._member("Tour Flyer", mode="flying", barcode=TOUR_FLYER_CARD)
        cls.tour_shift = cls._sheet_shift(start, cls.tour_ann | cls.tour_ben | cls.tour_cid)

    def test_door_sheet_tour(self):
        self.start_tour(
            "/odoo/action-coop_shifts.action_coop_attendance_sheet",
            "coop_shifts_attendance_sheet",
            login="door_leader",
        )
        states = {r.partner_id: (r.kind, r.state) for r in self.tour_shift.registration_ids}
        self.assertEqual(
            states,
            {
                self.tour_ann: ("team", "attended"),
                self.tour_ben: ("team", "absent"),
                self.tour_cid: ("team", "absent"),
                self.tour_flyer: ("flying", "attended"),
                self.tour_walker: ("makeup", "attended"),
            },
        )
        self.assertEqual(self.tour_shift.state, "done")
        self.assertEqual(self.tour_shift.validated_by_id, self.leader)


@tagged("post_install", "-at_install")
class TestShiftReports(CoopSheetCase):
    def _html(self, report, records):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(report, records.ids)
        return html.decode()

    def test_attendance_sheet_report(self):
        with self.frozen():
            self._as(self.leader).coop_sheet_add_walk_in(self.walker.id)
            self._as(self.leader).coop_sheet_scan(self.ann.barcode)
        self._registration(self.cid).state = "waived"
        html = self._html("coop_shifts.report_coop_shift_attendance", self.shift)
        self.assertIn("Attendance Sheet", html)
        for partner in (self.ann, self.ben, self.cid, self.walker):
            self.assertIn(partner.name, html)
            self.assertIn(partner.coop_member_number, html)
        self.assertIn("Make-up", html)
        self.assertIn("On leave", html)
        self.assertIn(self.leader.partner_id.name, html)
        self.assertIn("Wednesday, March 11, 2026", html)
        # Ann and the walk-in are ticked attended; blank boxes wait for the pen.
        self.assertEqual(html.count(">X</span>"), 2)
        self.assertGreater(html.count("border: 1px solid #000"), 10)

    def test_wall_chart_report(self):
        thursday = self._template(week_index=1, weekday="3", start=18.0, end=21.0)
        monday = self._template(week_index=0, weekday="0", start=9.5, end=12.5)
        thursday.leader_ids = self.leader.partner_id
        self.Membership.create(
            [
                {"partner_id": self.ann.id, "template_id": thursday.id, "date_start": NOW.date()},
                {"partner_id": self.ben.id, "template_id": monday.id, "date_start": NOW.date()},
                {
                    "partner_id": self.cid.id,
                    "template_id": thursday.id,
                    "date_start": NOW.date() - timedelta(days=60),
                    "date_end": NOW.date() - timedelta(days=30),
                },
            ]
        )
        with self.frozen():
            chart = (thursday | monday)._coop_wall_chart()
            html = self._html("coop_shifts.report_coop_shift_wall_chart", thursday | monday)
        weeks = chart["weeks"]
        self.assertEqual(chart["day"], NOW.date())
        self.assertEqual([letter for letter, _rows in weeks], ["A", "B"])
        self.assertEqual(weeks[1][1][0][1].partner_id, self.ann, "past members are left out")
        self.assertLess(html.index("Week A"), html.index("Week B"))
        self.assertIn("Monday", html)
        self.assertIn("03/11/2026", html)
        self.assertIn("09:30–12:30", html)
        self.assertIn("18:00–21:00", html)
        self.assertIn(f"{self.ann.name} ({self.ann.coop_member_number})", html)
        self.assertIn(self.leader.partner_id.name, html)
        self.assertNotIn(self.cid.name, html)
