import base64
import re
from datetime import timedelta

from odoo import fields, tools
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException, new_test_user

from odoo.addons.coop_membership.tests.common import cashier_groups, portal_user
from odoo.addons.coop_membership.tests.phone import phone_screen

from .common import CERTIFICATE_PDF, CoopShiftsCase, staff_user

# Measured in a company of its own: the same for 2 points movements and for 20.
QUERY_COUNT_MY_SHIFTS = 29


@tagged("post_install", "-at_install")
class TestPortalShifts(HttpCase, CoopShiftsCase):
    """My Shifts, at real time: a weekly team slot generated two weeks ahead."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Swap = cls.env["coop.shift.swap"]
        cls.company.write({"coop_shift_cycle_weeks": 1, "coop_shift_generate_days": 14})
        cls.now = fields.Datetime.now().replace(second=0, microsecond=0)
        cls.today = fields.Date.context_today(cls.env.user)
        cls.task = cls.env["coop.shift.type"].create({"name": "Shelving"})
        # A task name of its own, for the tour to find this very shift.
        cls.bread = cls.env["coop.shift.type"].create({"name": "Sourdough Tour Bake"})
        cls.alice = cls._member(
            "Alice Portal", email="alice.portal@example.org", phone="+44 20 7946 0101"
        )
        cls.bob = cls._member(
            "Bob Portal", email="bob.portal@example.org", phone="+44 20 7946 0102"
        )
        cls.lena = cls._member("Lena Leader", email="lena.leader@example.org")
        cls.flyer = cls._member("Fran Flying", mode="flying", email="fran.flying@example.org")
        weekday = (cls.today + timedelta(days=3)).weekday()
        cls.team = cls._template(
            week_index=0,
            weekday=str(weekday),
            start=9.0,
            end=12.0,
            seats=8,
            shift_type_id=cls.task.id,
            leader_ids=[(6, 0, cls.lena.ids)],
        )
        for partner in (cls.alice, cls.bob):
            cls.Membership.create(
                {"partner_id": partner.id, "template_id": cls.team.id, "date_start": cls.today}
            )
        cls.team.action_generate_shifts(date_to=cls.today + timedelta(days=14))
        cls.alice_team = cls.Registration.search(
            [("partner_id", "=", cls.alice.id), ("kind", "=", "team")], limit=1
        )
        cls.free = cls._shift(cls.now + timedelta(days=2), seats=4, shift_type_id=cls.bread.id)
        cls.other = cls._shift(cls.now + timedelta(days=4), seats=4)
        cls.fran_shift = cls._shift(cls.now + timedelta(days=5), seats=4)
        cls.alice_makeup = cls.Registration._book(cls.other, cls.alice)
        cls.fran_booking = cls.Registration._book(cls.fran_shift, cls.flyer)
        cls.alice_leave = cls.Leave.create(
            {
                "partner_id": cls.alice.id,
                "date_start": cls.today + timedelta(days=60),
                "date_end": cls.today + timedelta(days=67),
            }
        )
        cls.alice_leave.action_submit()
        cls.Event.create(
            {
                "partner_id": cls.flyer.id,
                "counter": "flying",
                "points": -1,
                "note": "Cycle due, March",
            }
        )
        cls.user_alice = cls._portal_user("shifts_alice", cls.alice)
        cls.user_bob = cls._portal_user("shifts_bob", cls.bob)
        cls.user_lena = cls._portal_user("shifts_lena", cls.lena)
        cls.user_flyer = cls._portal_user("shifts_fran", cls.flyer)

    @classmethod
    def _portal_user(cls, login, partner):
        return portal_user(cls.env, login, partner)

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _csrf(self):
        page = self._get("/my/shifts").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def _post(self, url, **data):
        response = self.url_open(
            url, data={"csrf_token": self._csrf(), **data}, allow_redirects=False
        )
        self.env.invalidate_all()
        return response

    def _text(self, page):
        """What the member reads of My Shifts: its words, without tags and attributes."""
        return re.sub(r"<[^>]*>", " ", page.split('class="o_coop_my_shifts"')[1])

    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_coop_error", response.text)
        self.assertIn(tools.html_escape(message), response.text)

    def assertDone(self, response, done):
        self.assertIn(response.status_code, (302, 303), response.text[:2000])
        self.assertTrue(response.headers["Location"].endswith(f"/my/shifts?done={done}"))

    # ------------------------------------------------------------ the page

    def test_page_for_a_team_member(self):
        self._login(self.user_alice)
        response = self._get("/my/shifts")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("o_coop_shift_status", page)
        self.assertIn(tools.html_escape(self.alice.coop_status_reason), page)
        self.assertIn("Nothing to do: see you at your next shift.", page)
        # Generated team shifts, and the team's later ones forecast but not generated.
        generated = self.Registration.search(
            [("partner_id", "=", self.alice.id), ("kind", "=", "team")]
        )
        self.assertGreaterEqual(len(generated), 2)
        for registration in generated:
            self.assertIn(f'data-key="r{registration.id}"', page)
        forecast = page.count("o_coop_not_generated_badge")
        self.assertGreaterEqual(forecast, 20, "six months of a weekly slot")
        last_generated = max(generated.mapped("date_start")).date()
        self.assertNotIn(f'data-key="t{self.team.id}-{last_generated}"', page)
        self.assertIn(f'data-key="t{self.team.id}-{last_generated + timedelta(days=7)}"', page)
        self.assertIn(f'data-key="r{self.alice_makeup.id}"', page)
        self.assertIn(f'action="/my/shifts/registration/{self.alice_makeup.id}/cancel"', page)
        self.assertIn(f'action="/my/shifts/registration/{self.alice_team.id}/offer"', page)
        self.assertNotIn(f'action="/my/shifts/registration/{self.alice_team.id}/cancel"', page)
        # Free seats to book, counters, leaves.
        self.assertIn(f'data-shift-id="{self.free.id}"', page)
        self.assertNotIn(f'data-shift-id="{self.other.id}"', page, "already booked")
        self.assertIn("Book a make-up", page)
        self.assertIn("o_coop_counter_standard", page)
        self.assertIn("o_coop_counter_flying", page)
        self.assertIn(f'data-leave-id="{self.alice_leave.id}"', page)
        self.assertIn('action="/my/shifts/leave"', page)
        # Nobody else's personal data.
        for private in ("Bob Portal", "bob.portal@", "7946 0102", "Lena Leader", "Fran Flying"):
            self.assertNotIn(private, page)
        self.assertNotIn("o_coop_leader", page)
        self.assertNotIn("o_coop_grace", page)

    def test_future_team_shifts_are_planned_in_the_members_words(self):
        self._login(self.user_alice)
        page = self._get("/my/shifts").text
        badges = re.findall(r'o_coop_not_generated_badge">\s*([^<]*?)\s*<', page)
        self.assertGreaterEqual(len(badges), 3)
        self.assertEqual(set(badges), {"Planned"})
        self.assertNotIn("not yet generated", self._text(page).lower())

    def test_days_and_times_read_like_a_persons(self):
        """No timestamp, no numeric date: "Thu 3 Dec", "18:00", "until Wed 2 Dec, 09:00"."""
        self.Event.create({"partner_id": self.alice.id, "points": -1, "note": "Missed"})
        self._login(self.user_alice)
        page = self._text(self._get("/my/shifts").text)
        self.assertIsNone(re.search(r"\d{1,2}:\d{2}:\d{2}", page), "no seconds")
        self.assertIsNone(re.search(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}", page), "no numeric date")
        deadline = self.alice_makeup._cancel_deadline()
        self.assertIn(f"until {self.company._coop_format_moment(deadline)}", page)
        self.assertIn(self.company._coop_format_day(self.today), page, "the ledger's day")
        leave_days = self.company._coop_format_day(self.alice_leave.date_start)
        self.assertIn(leave_days, page)

    def test_the_page_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.user_alice.lang = "fr_FR"
        self._login(self.user_alice)
        page = self.url_open("/my/shifts").text  # by way of /fr/my/shifts
        french = self.env(context={"lang": "fr_FR"})
        team = self.team.with_env(french)
        self.assertIn(team.name, page)
        self.assertRegex(team.name, r"^A-(lun|mar|mer|jeu|ven|sam|dim)\. 09:00$")
        shift = self.alice_team.shift_id.with_env(french)
        self.assertIn(shift._coop_day_label(), page)
        self.assertNotIn(self.alice_team.shift_id._coop_day_label(), page, "not in English")

    def test_page_for_a_flying_member(self):
        self._login(self.user_flyer)
        response = self._get("/my/shifts")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Book a shift", page)
        self.assertIn(f'data-key="r{self.fran_booking.id}"', page)
        self.assertNotIn("o_coop_not_generated_badge", page)
        self.assertIn("o_coop_ledger_line", page)
        self.assertIn("Cycle due, March", page)
        self.assertIn(self.flyer.coop_status_reason, page)
        self.assertIn("book a shift below", page)
        for private in ("Alice Portal", "alice.portal@", "Bob Portal", "Lena Leader"):
            self.assertNotIn(private, page)

    def test_leader_sees_the_team_and_how_to_reach_them(self):
        self._login(self.user_lena)
        page = self._get("/my/shifts").text
        self.assertIn("o_coop_leader", page)
        for detail in ("Alice Portal", "alice.portal@example.org", "+44 20 7946 0101"):
            self.assertIn(detail, page)
        self.assertIn("Bob Portal", page)
        self.assertIn("bob.portal@example.org", page)
        self.assertNotIn("Fran Flying", page, "not on a shift Lena leads")

    def test_page_for_someone_who_does_not_work(self):
        supporter = self.env["res.partner"].create(
            {"name": "Sam Supporter", "email": "sam@example.org"}
        )
        self._login(self._portal_user("shifts_sam", supporter))
        response = self._get("/my/shifts")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your shares do not include shift work", response.text)
        self.assertIn("No shift planned for now.", response.text)

    def test_portal_reads_only_its_own_swaps(self):
        offer = self.Swap._offer(self.alice_team)
        proposal = self.Swap._propose_exchange(self.fran_booking, self.alice_makeup)
        self.assertEqual(self.Swap.with_user(self.user_bob).search([]), self.Swap)
        self.assertEqual(
            self.Swap.with_user(self.user_alice).search([("id", "in", (offer | proposal).ids)]),
            offer | proposal,
        )
        self.assertEqual(self.Swap.with_user(self.user_flyer).search([]), proposal)

    def test_portal_home_entry(self):
        self._login(self.user_alice)
        page = self._get("/my").text
        self.assertIn('href="/my/shifts"', page)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["coop_shift_count"]})
        self.assertEqual(counters, {"coop_shift_count": 1})

    def test_bookable_shifts_are_paginated(self):
        extra = [
            self._shift(self.now + timedelta(days=6, hours=hour), seats=2) for hour in range(12)
        ]
        self._login(self.user_alice)
        listed = set()
        for number in range(1, 20):
            page = self._get(f"/my/shifts/page/{number}" if number > 1 else "/my/shifts").text
            shown = set(map(int, re.findall(r'data-shift-id="(\d+)"', page)))
            self.assertLessEqual(len(shown), 10)
            if shown <= listed:
                break  # past the last page, the pager shows the last one again
            listed |= shown
        self.assertTrue({shift.id for shift in extra} <= listed)
        self.assertIn('href="/my/shifts/page/2"', self._get("/my/shifts").text)

    # ------------------------------------------------------------ posting safely

    def test_post_without_csrf_is_refused(self):
        self._login(self.user_alice)
        response = self.url_open(
            f"/my/shifts/registration/{self.alice_makeup.id}/cancel",
            data={"confirm": "1"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.alice_makeup.state, "planned")

    def test_nobody_acts_on_someone_elses_shifts(self):
        offer = self.Swap._offer(self.alice_team)
        proposal = self.Swap._propose_exchange(self.fran_booking, self.alice_makeup)
        self._login(self.user_bob)
        swaps_before = self.Swap.search_count([])
        cases = [
            (
                f"/my/shifts/registration/{self.alice_makeup.id}/cancel",
                "This shift is not among yours.",
            ),
            (
                f"/my/shifts/registration/{self.alice_team.id}/offer",
                "This shift is not among yours.",
            ),
            (f"/my/shifts/leave/{self.alice_leave.id}/cancel", "This leave is not yours."),
            (f"/my/shifts/swap/{offer.id}/withdraw", "This swap is not yours."),
            (f"/my/shifts/swap/{proposal.id}/accept", "This swap is not yours."),
            (f"/my/shifts/swap/{proposal.id}/decline", "This swap is not yours."),
            (f"/my/shifts/swap/{proposal.id}/take", "This offer is no longer open."),
        ]
        for url, message in cases:
            with self.subTest(url=url):
                self.assertRefused(self._post(url), message)
        bob_team = self.Registration.search(
            [("partner_id", "=", self.bob.id), ("kind", "=", "team")], limit=1
        )
        response = self._post(
            f"/my/shifts/swap/{proposal.id}/exchange", registration_id=str(bob_team.id)
        )
        self.assertRefused(response, "This offer is no longer open.")
        response = self._post(
            f"/my/shifts/swap/{offer.id}/exchange", registration_id=str(self.alice_makeup.id)
        )
        self.assertRefused(response, "This shift is not among yours.")
        self.assertEqual(self.alice_makeup.state, "planned")
        self.assertEqual(self.fran_booking.state, "offered")
        self.assertEqual(self.alice_team.state, "offered")
        self.assertEqual(self.alice_leave.state, "submitted")
        self.assertEqual((offer.state, proposal.state), ("open", "open"))
        self.assertFalse(proposal.taker_accepted)
        self.assertEqual(self.Swap.search_count([]), swaps_before)
        # Bob is on that shift already, so it is not offered to him; Lena sees the offer
        # but not whose it is.
        page = self._get("/my/shifts").text
        self.assertNotIn(f'data-swap-id="{offer.id}"', page)
        self._login(self.user_lena)
        page = self._get("/my/shifts").text
        self.assertIn(f'data-swap-id="{offer.id}"', page)
        offers = page.split('class="mb-4 o_coop_offers"')[1].split("</section>")[0]
        self.assertIn(f'data-swap-id="{offer.id}"', offers)
        self.assertNotIn("Alice", offers)

    def test_cancel_a_booking_within_the_window(self):
        self._login(self.user_alice)
        self.assertDone(
            self._post(f"/my/shifts/registration/{self.alice_makeup.id}/cancel"), "cancelled"
        )
        self.assertEqual(self.alice_makeup.state, "cancelled")
        self.assertIn("Your booking is cancelled.", self._get("/my/shifts?done=cancelled").text)
        late = self._shift(self.now + timedelta(hours=5))
        booking = self.Registration._book(late, self.alice)
        response = self._post(f"/my/shifts/registration/{booking.id}/cancel")
        self.assertRefused(response, "Too late to cancel")
        self.assertEqual(booking.state, "planned")
        response = self._post(f"/my/shifts/registration/{self.alice_team.id}/cancel")
        self.assertRefused(response, "A team shift is not cancelled")

    def test_book_a_makeup(self):
        self._login(self.user_alice)
        self.assertDone(self._post(f"/my/shifts/book/{self.free.id}"), "booked")
        booking = self.Registration.search(
            [("partner_id", "=", self.alice.id), ("shift_id", "=", self.free.id)]
        )
        self.assertRecordValues(booking, [{"kind": "makeup", "state": "planned"}])
        self.assertRefused(self._post(f"/my/shifts/book/{self.free.id}"), "is already on")
        self.assertRefused(self._post("/my/shifts/book/999999999"), "does not exist")
        self.assertEqual(len(booking.search([("shift_id", "=", self.free.id)])), 1)

    def test_offer_and_take_through_the_portal(self):
        self._login(self.user_alice)
        self.assertDone(
            self._post(f"/my/shifts/registration/{self.alice_team.id}/offer"), "offered"
        )
        offer = self.Swap.search([("registration_id", "=", self.alice_team.id)])
        self.assertEqual(offer.state, "open")
        self.assertRefused(self._post(f"/my/shifts/swap/{offer.id}/take"), "your own offer")
        self.assertIn("o_coop_withdraw", self._get("/my/shifts").text)

        self._login(self.user_flyer)
        self.assertRefused(self._post(f"/my/shifts/swap/{offer.id}/take"), "team member")
        self.assertEqual(offer.state, "open")

        self._login(self.user_lena)
        self.assertDone(self._post(f"/my/shifts/swap/{offer.id}/take"), "taken")
        self.assertRecordValues(offer, [{"state": "taken", "taker_id": self.lena.id}])
        self.assertEqual(self.alice_team.state, "swapped")
        self.assertEqual(offer.taker_registration_id.kind, "team")

        self._login(self.user_bob)
        self.assertRefused(self._post(f"/my/shifts/swap/{offer.id}/take"), "no longer open")

    def test_withdraw_an_offer(self):
        offer = self.Swap._offer(self.alice_team)
        self._login(self.user_alice)
        self.assertDone(self._post(f"/my/shifts/swap/{offer.id}/withdraw"), "withdrawn")
        self.assertEqual(offer.state, "cancelled")
        self.assertEqual(self.alice_team.state, "planned")

    def test_exchange_through_the_portal(self):
        offer = self.Swap._offer(self.fran_booking)
        self._login(self.user_alice)
        page = self._get("/my/shifts").text
        self.assertIn(f'action="/my/shifts/swap/{offer.id}/exchange"', page)
        self.assertDone(
            self._post(
                f"/my/shifts/swap/{offer.id}/exchange", registration_id=str(self.alice_makeup.id)
            ),
            "proposed",
        )
        proposal = self.Swap.search([("kind", "=", "exchange")])
        self.assertRecordValues(
            proposal, [{"partner_id": self.alice.id, "taker_id": self.flyer.id, "state": "open"}]
        )
        self._login(self.user_flyer)
        page = self._get("/my/shifts").text
        self.assertIn("o_coop_proposal", page)
        self.assertIn("<strong>Alice</strong> proposes", page)
        self.assertNotIn("Alice Portal", page, "a first name only")
        self.assertDone(self._post(f"/my/shifts/swap/{proposal.id}/accept"), "accepted")
        self.assertEqual(proposal.state, "taken")
        self.assertEqual(offer.state, "cancelled")
        self.assertEqual(proposal.giver_registration_id.shift_id, self.fran_shift)
        self.assertEqual(proposal.taker_registration_id.shift_id, self.other)
        self.assertEqual(proposal.taker_registration_id.kind, "flying")

    def test_a_refused_exchange_leaves_nothing_half_done(self):
        proposal = self.Swap._propose_exchange(self.alice_makeup, self.fran_booking)
        # Alice may book nothing more: her new booking on Fran's shift is refused after
        # both old registrations were already marked swapped in the same request.
        self.company.coop_shift_max_per_period = 0
        self._login(self.user_flyer)
        response = self._post(f"/my/shifts/swap/{proposal.id}/accept")
        self.assertRefused(response, "At most 0 booked shifts")
        self.assertRecordValues(proposal, [{"state": "open", "taker_accepted": False}])
        self.assertEqual((self.alice_makeup.state, self.fran_booking.state), ("offered", "planned"))
        self.assertFalse(
            self.Registration.search(
                [("partner_id", "=", self.alice.id), ("shift_id", "=", self.fran_shift.id)]
            )
        )
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "coop.shift.swap"), ("subject", "ilike", "Shift swap done")]
            )
        )

    def test_request_and_withdraw_a_leave(self):
        self._login(self.user_alice)
        start = self.today + timedelta(days=100)
        values = {
            "leave_type": "holiday",
            "date_start": str(start),
            "date_end": str(start + timedelta(days=13)),
            "note": "Walking the Pennine Way",
        }
        self.assertDone(self._post("/my/shifts/leave", **values), "leave")
        leave = self.Leave.search([("partner_id", "=", self.alice.id), ("date_start", "=", start)])
        self.assertRecordValues(
            leave, [{"state": "submitted", "leave_type": "holiday", "note": values["note"]}]
        )
        count = self.Leave.search_count([("partner_id", "=", self.alice.id)])
        bad = [
            (
                {
                    "date_start": str(start + timedelta(days=5)),
                    "date_end": str(start + timedelta(days=20)),
                },
                "overlaps",
            ),
            (
                {
                    "date_start": str(start + timedelta(days=30)),
                    "date_end": str(start + timedelta(days=20)),
                },
                "cannot end before it starts",
            ),
            ({"date_start": "", "date_end": ""}, "Give the first and the last day"),
            ({"date_start": "soon"}, "Give the first and the last day"),
            ({"leave_type": "sabbatical"}, "Choose the kind of leave"),
            ({"date_start": "2020-01-01", "date_end": "2020-01-05"}, "cannot end in the past"),
        ]
        for change, message in bad:
            with self.subTest(change=change):
                response = self._post("/my/shifts/leave", **{**values, **change})
                self.assertRefused(response, message)
                self.assertIn("Walking the Pennine Way", response.text, "what was typed is kept")
        self.assertEqual(self.Leave.search_count([("partner_id", "=", self.alice.id)]), count)
        self.assertDone(self._post(f"/my/shifts/leave/{leave.id}/cancel"), "leave_cancelled")
        self.assertEqual(leave.state, "cancelled")

    def test_grace_when_in_alert(self):
        self._login(self.user_bob)
        self.assertRefused(self._post("/my/shifts/grace"), "only for members in alert")
        self.Event.create({"partner_id": self.bob.id, "points": -1, "note": "Missed"})
        self.assertEqual(self.bob.coop_shift_status, "alert")
        page = self._get("/my/shifts").text
        self.assertIn("o_coop_grace", page)
        self.assertIn("book a make-up below", page)
        self.assertDone(self._post("/my/shifts/grace"), "grace")
        self.assertEqual(len(self.bob.coop_shift_extension_ids), 1)
        self.assertNotIn("o_coop_grace", self._get("/my/shifts").text)
        self.assertRefused(self._post("/my/shifts/grace"), "only once")
        self.assertEqual(len(self.bob.coop_shift_extension_ids), 1)

    def test_grace_of_someone_else_over_rpc(self):
        """The attack: a member called the public method on another member over RPC."""
        self.Event.create({"partner_id": self.bob.id, "points": -1, "note": "Missed"})
        self.assertEqual(self.bob.coop_shift_status, "alert")
        self._login(self.user_alice)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/res.partner/action_coop_shift_take_grace",
                {
                    "model": "res.partner",
                    "method": "action_coop_shift_take_grace",
                    "args": [[self.bob.id]],
                    "kwargs": {},
                },
            )
        self.env.invalidate_all()
        self.assertFalse(self.bob.coop_shift_extension_ids)
        # Bob still has his grace to take, himself.
        self._login(self.user_bob)
        self.assertDone(self._post("/my/shifts/grace"), "grace")
        self.assertEqual(self.bob.coop_shift_extension_ids.kind, "grace")

    # ------------------------------------------------------------ who books make-ups

    def _bookings_on(self, shift):
        return self.Registration.search(
            [("shift_id", "=", shift.id), ("state", "not in", ("cancelled", "swapped"))]
        )

    def test_only_people_who_owe_shifts_book_them(self):
        candidate = self.env["res.partner"].create(
            {"name": "Cleo Candidate", "email": "cleo@example.org"}
        )
        self.env["coop.subscription.request"].create(
            {"partner_id": candidate.id, "share_type_id": self.working.id, "quantity": 1}
        )
        self.assertEqual(candidate.coop_membership_state, "candidate")
        consignor = self.env["res.partner"].create(
            {"name": "Carl Consignor", "email": "carl@example.org"}
        )
        exempt = self._member("Eve Exempt", mode="exempt", email="eve@example.org")
        unsubscribed = self._member(
            "Ulf Unsubscribed", email="ulf@example.org", coop_shift_unsubscribed=True
        )
        seats = self._bookings_on(self.free)
        cases = [
            (candidate, "shifts_cleo", "Only working members book shifts"),
            (consignor, "shifts_carl", "Only working members book shifts"),
            (exempt, "shifts_eve", "You are exempt from shifts"),
            (unsubscribed, "shifts_ulf", "You are unsubscribed from shifts"),
        ]
        for partner, login, message in cases:
            with self.subTest(partner=partner.name):
                self._login(self._portal_user(login, partner))
                page = self._get("/my/shifts").text
                self.assertNotIn(f'action="/my/shifts/book/{self.free.id}"', page)
                self.assertRefused(self._post(f"/my/shifts/book/{self.free.id}"), message)
        self.assertEqual(self._bookings_on(self.free), seats)
        # The page tells the exempt member why, rather than offering seats.
        self._login(self._portal_user("shifts_eve2", exempt))
        self.assertIn("o_coop_booking_refusal", self._get("/my/shifts").text)

    def test_the_route_honours_the_page_horizon(self):
        beyond = self._shift(self.now + timedelta(days=40), seats=4)
        within = self._shift(self.now + timedelta(days=20), seats=4)
        self._login(self.user_alice)
        page = self._get("/my/shifts").text
        self.assertNotIn(f'data-shift-id="{beyond.id}"', page)
        self.assertRefused(
            self._post(f"/my/shifts/book/{beyond.id}"), "members book open shifts of the next"
        )
        self.assertFalse(self._bookings_on(beyond))
        self.assertDone(self._post(f"/my/shifts/book/{within.id}"), "booked")

    def test_no_make_up_on_a_day_of_leave(self):
        leave = self.Leave.create(
            {
                "partner_id": self.alice.id,
                "date_start": self.today + timedelta(days=1),
                "date_end": self.today + timedelta(days=3),
            }
        )
        leave.action_approve()
        self._login(self.user_alice)
        self.assertRefused(self._post(f"/my/shifts/book/{self.free.id}"), "You are on leave")
        self.assertFalse(self._bookings_on(self.free) & self.alice.coop_shift_registration_ids)

    # ------------------------------------------------------------ medical certificates

    def _sickness_form(self, start, **extra):
        return {
            "leave_type": "sickness",
            "date_start": str(start),
            "date_end": str(start + timedelta(days=20)),
            "note": "Broken wrist",
            **extra,
        }

    def _post_files(self, url, files, **data):
        response = self.url_open(
            url, data={"csrf_token": self._csrf(), **data}, files=files, allow_redirects=False
        )
        self.env.invalidate_all()
        return response

    def test_a_member_sends_and_reads_their_own_certificate(self):
        self._login(self.user_alice)
        start = self.today + timedelta(days=120)
        response = self._post_files(
            "/my/shifts/leave",
            {"proof": ("doctor.pdf", CERTIFICATE_PDF, "application/pdf")},
            **self._sickness_form(start),
        )
        self.assertDone(response, "leave")
        leave = self.Leave.search([("partner_id", "=", self.alice.id), ("date_start", "=", start)])
        self.assertRecordValues(
            leave, [{"state": "submitted", "proof_filename": "doctor.pdf", "note": "Broken wrist"}]
        )
        page = self._get("/my/shifts").text
        self.assertIn(f'href="/my/shifts/leave/{leave.id}/certificate"', page)
        self.assertIn("doctor.pdf", page)
        download = self._get(f"/my/shifts/leave/{leave.id}/certificate")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, CERTIFICATE_PDF)
        self.assertIn("attachment", download.headers["Content-Disposition"])
        # A better scan replaces it while the leave waits for a decision.
        scan = CERTIFICATE_PDF.replace(b"%%EOF", b"%% rescanned\n%%EOF")
        self.assertDone(
            self._post_files(
                f"/my/shifts/leave/{leave.id}/certificate/send",
                {"proof": ("scan.pdf", scan, "application/pdf")},
            ),
            "certificate",
        )
        self.assertEqual(self._get(f"/my/shifts/leave/{leave.id}/certificate").content, scan)
        refused = self._post_files(
            f"/my/shifts/leave/{leave.id}/certificate/send",
            {"proof": ("page.html", b"<html><body>hi</body></html>", "text/html")},
        )
        self.assertRefused(refused, "PDF, JPEG or PNG")
        # Office staff approve it with the certificate; a long sickness needs one.
        leave.with_user(self._office_user()).action_approve()
        self.assertEqual(leave.state, "approved")

    def test_nobody_reads_or_replaces_someone_elses_certificate(self):
        leave = self.Leave.create(
            {
                **self._sickness_form(self.today + timedelta(days=120)),
                "partner_id": self.alice.id,
                "proof": base64.b64encode(CERTIFICATE_PDF),
                "proof_filename": "alice.pdf",
            }
        )
        leave.action_submit()
        self._login(self.user_bob)
        self.assertEqual(self._get(f"/my/shifts/leave/{leave.id}/certificate").status_code, 404)
        self.assertRefused(
            self._post_files(
                f"/my/shifts/leave/{leave.id}/certificate/send",
                {"proof": ("bob.pdf", CERTIFICATE_PDF, "application/pdf")},
            ),
            "This leave is not yours.",
        )
        self.assertNotIn("alice.pdf", self._get("/my/shifts").text)
        # Nor do staff outside the members' office, through Odoo's own download route.
        cashier = staff_user(self.env, "shifts_cashier", cashier_groups(self.env))
        self._login(cashier)
        content = self._get(f"/web/content/coop.shift.leave/{leave.id}/proof")
        self.assertIn(content.status_code, (403, 404))
        self.assertNotIn(CERTIFICATE_PDF, content.content)
        self.assertEqual(leave.proof_filename, "alice.pdf")

    def _office_user(self):
        return staff_user(self.env, "shifts_office", "coop_shifts.group_coop_shift_user")

    # ------------------------------------------------------------ query count

    def test_query_count_does_not_grow_with_the_ledger(self):
        # A company of its own, so that no other data on the database changes the count.
        company = self.env["res.company"].create({"name": "Quiet Co-op"})
        company.partner_id.tz = "UTC"
        weekday = str((self.today + timedelta(days=2)).weekday())
        team = self._template(
            week_index=0, weekday=weekday, company_id=company.id, leader_ids=self.lena.ids
        )
        self._shift(self.now + timedelta(days=3), company_id=company.id)
        offered = self._shift(self.now + timedelta(days=5), company_id=company.id)
        giver = self._member("Quiet Giver", company_id=company.id)
        self.Swap._offer(self.Registration._book(offered, giver))

        def member_with(name, lines):
            partner = self._member(
                name, email=f"{name.split()[0].lower()}@example.org", company_id=company.id
            )
            self.Membership.create(
                {"partner_id": partner.id, "template_id": team.id, "date_start": self.today}
            )
            for index in range(lines):
                past = self._shift(
                    self.now - timedelta(days=index + 1, hours=1), company_id=company.id
                )
                registration = self.Registration.create(
                    {"shift_id": past.id, "partner_id": partner.id, "state": "attended"}
                )
                self.Event.create(
                    {
                        "partner_id": partner.id,
                        "points": 1 if index % 2 else -1,
                        "note": f"Line {index}",
                        "registration_id": registration.id,
                        "date": self.today - timedelta(days=index + 1),
                        "company_id": company.id,
                    }
                )
            user = new_test_user(
                self.env,
                login=f"shifts_{name.split()[0].lower()}",
                groups="base.group_portal",
                partner_id=partner.id,
                name=partner.name,
                email=partner.email,
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )
            return partner, user

        few, user_few = member_with("Two Lines", 2)
        many, user_many = member_with("Twenty Lines", 20)
        team.action_generate_shifts(date_to=self.today + timedelta(days=30))
        self.assertEqual((few.coop_shift_standard_points, many.coop_shift_standard_points), (0, 0))
        counts = []
        for user, lines in ((user_few, 2), (user_many, 20)):
            with self.subTest(lines=lines):
                self._login(user)
                self._get("/my/shifts")  # warm the caches
                with self.assertQueryCount(QUERY_COUNT_MY_SHIFTS):
                    before = self.cr.sql_log_count
                    response = self._get("/my/shifts")
                    counts.append(self.cr.sql_log_count - before)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.text.count("o_coop_ledger_line"), lines)
                for section in (
                    "o_coop_upcoming_item",
                    "o_coop_bookable_shift",
                    "o_coop_offer_item",
                ):
                    self.assertIn(section, response.text)
        self.assertEqual(counts[0], counts[1], "the ledger is read in one go")

    # ------------------------------------------------------------ browser tour

    def test_tour_book_a_makeup_on_a_phone(self):
        # A sickness leave waiting for its certificate: its upload form must fit the phone too.
        self.Leave.create(
            {
                "partner_id": self.alice.id,
                "leave_type": "sickness",
                "date_start": self.today + timedelta(days=100),
                "date_end": self.today + timedelta(days=120),
                "proof": base64.b64encode(CERTIFICATE_PDF),
                "proof_filename": "a-rather-long-certificate-file-name-from-the-scanner.pdf",
            }
        ).action_submit()
        with phone_screen(self):
            self.start_tour("/my/shifts", "coop_portal_book_makeup", login=self.user_alice.login)
        booking = self.Registration.search(
            [("partner_id", "=", self.alice.id), ("shift_id", "=", self.free.id)]
        )
        self.assertRecordValues(booking, [{"kind": "makeup", "state": "planned"}])
