from datetime import date, datetime, timedelta

from psycopg2.errors import UniqueViolation

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoopShiftsCase


class SwapCase(CoopShiftsCase):
    """Three team members, a flying one, and two shifts a few days ahead of NOW."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Swap = cls.env["coop.shift.swap"]
        cls.alice = cls._member("Alice Giver", email="alice@example.org")
        cls.bob = cls._member("Bob Taker", email="bob@example.org")
        cls.carol = cls._member("Carol Third", email="carol@example.org")
        cls.flyer = cls._member("Fran Flyer", mode="flying", email="fran@example.org")
        cls.partners = cls.alice | cls.bob | cls.carol | cls.flyer
        cls.shift1 = cls._shift(datetime(2026, 3, 14, 9))
        cls.shift2 = cls._shift(datetime(2026, 3, 17, 18))
        cls.alice_team = cls.Registration.create(
            {"shift_id": cls.shift1.id, "partner_id": cls.alice.id, "kind": "team"}
        )
        cls.bob_team = cls.Registration.create(
            {"shift_id": cls.shift2.id, "partner_id": cls.bob.id, "kind": "team"}
        )

    def _mails(self, swap):
        return self.env["mail.mail"].search(
            [("model", "=", "coop.shift.swap"), ("res_id", "=", swap.id)]
        )

    def _correct(self, partner, points):
        self.Event.create(
            {"partner_id": partner.id, "points": points, "note": "test", "date": date(2026, 3, 1)}
        )


@tagged("post_install", "-at_install")
class TestSwap(SwapCase):
    # ------------------------------------------------------------ open offers

    def test_offer_and_take_a_team_shift(self):
        seats = self.shift1.seats_taken
        with self.frozen():
            swap = self.Swap._offer(self.alice_team)
            self.assertEqual(self.alice_team.state, "offered")
            self.assertRecordValues(
                swap, [{"state": "open", "kind": "offer", "partner_id": self.alice.id}]
            )
            new = swap._take(self.bob)
        self.assertEqual(self.alice_team.state, "swapped")
        self.assertRecordValues(
            new,
            [
                {
                    "shift_id": self.shift1.id,
                    "partner_id": self.bob.id,
                    "kind": "team",
                    "state": "planned",
                }
            ],
        )
        self.assertRecordValues(
            swap,
            [{"state": "taken", "taker_id": self.bob.id, "taker_registration_id": new.id}],
        )
        self.assertTrue(swap.date_done)
        self.assertEqual(self.shift1.seats_taken, seats, "one out, one in")
        mails = self._mails(swap)
        self.assertEqual(len(mails), 2, "both members are told")
        self.assertIn("alice@example.org", " ".join(mails.mapped("email_to")))
        self.assertIn("bob@example.org", " ".join(mails.mapped("email_to")))
        to_alice = mails.filtered(lambda m: "alice" in m.email_to)
        self.assertEqual(to_alice.subject, f"Shift swap done: {self.shift1.display_name}")
        self.assertIn("Bob", to_alice.body_html)
        self.assertNotIn("Bob Taker", to_alice.body_html, "a first name is enough")
        to_bob = mails - to_alice
        self.assertEqual(
            to_bob.subject, f"Shift swap done: you now work {self.shift1.display_name}"
        )
        self.assertIn("no make-up", to_bob.body_html)

    def test_team_swap_is_fair_on_points(self):
        """The giver carries no penalty; the taker covers a duty and gains no make-up."""
        self._correct(self.bob, -2)
        with self.frozen():
            new = self.Swap._offer(self.alice_team)._take(self.bob)
        with self.assertRaisesRegex(UserError, "not on this shift any more"):
            self.alice_team.action_absent()
        new.action_attend()
        self.assertEqual(self.alice.coop_shift_standard_points, 0)
        self.assertFalse(self.alice_team.event_ids)
        self.assertEqual(self.bob.coop_shift_standard_points, -2, "no make-up credit")
        new.action_absent()
        self.assertEqual(
            self.bob.coop_shift_standard_points, -4, "missing it is missing a team shift"
        )

    def test_makeup_offer_goes_as_the_takers_own_booking(self):
        with self.frozen():
            makeup = self.Registration._book(self.shift2, self.alice)
            swap = self.Swap._offer(makeup)
            new = swap._take(self.flyer)
        self.assertEqual(new.kind, "flying")
        self.assertEqual(makeup.state, "swapped")
        with self.frozen():
            makeup2 = self.Registration._book(self._shift(datetime(2026, 3, 19, 9)), self.carol)
            new2 = self.Swap._offer(makeup2)._take(self.alice)
        self.assertEqual(new2.kind, "makeup")
        self._correct(self.alice, -1)
        new2.action_attend()
        self.assertEqual(self.alice.coop_shift_standard_points, 0, "she earned it by working")

    def test_booking_limits_apply_to_a_booked_shift_not_to_a_team_duty(self):
        self.company.coop_shift_max_per_period = 1
        with self.frozen():
            self.Registration._book(self._shift(datetime(2026, 3, 15, 9)), self.bob)
            # not shift2: Bob is on it with his team, which would refuse him first
            makeup = self.Registration._book(self._shift(datetime(2026, 3, 19, 9)), self.alice)
            offer = self.Swap._offer(makeup)
            with self.assertRaisesRegex(UserError, "At most 1 booked shifts in 28 days"):
                offer._take(self.bob)
            self.assertEqual(offer.state, "open")
            self.assertEqual(makeup.state, "offered")
            team_offer = self.Swap._offer(self.alice_team)
            team_offer._take(self.bob)
        self.assertEqual(team_offer.state, "taken")

    def test_taking_ones_own_offer_is_refused(self):
        with self.frozen():
            swap = self.Swap._offer(self.alice_team)
            with self.assertRaisesRegex(UserError, "your own offer"):
                swap._take(self.alice)
        self.assertEqual(swap.state, "open")
        self.assertEqual(self.alice_team.state, "offered")

    def test_taker_already_on_the_shift_is_refused(self):
        with self.frozen():
            self.Registration._book(self.shift1, self.carol)
            swap = self.Swap._offer(self.alice_team)
            with self.assertRaisesRegex(UserError, "already on"):
                swap._take(self.carol)
        self.assertEqual(swap.state, "open")
        self.assertEqual(
            self.Registration.search_count(
                [("shift_id", "=", self.shift1.id), ("partner_id", "=", self.carol.id)]
            ),
            1,
        )

    def test_a_team_duty_goes_to_a_team_member_only(self):
        with self.frozen():
            swap = self.Swap._offer(self.alice_team)
            with self.assertRaisesRegex(UserError, "team member"):
                swap._take(self.flyer)
        self.assertEqual(swap.state, "open")

    def test_ineligible_takers(self):
        outsider = self.env["res.partner"].create({"name": "Not Working"})
        gone = self._member("Gone Member")
        gone.coop_shift_unsubscribed = True
        exempt = self._member("Exempt Member", mode="exempt")
        with self.frozen():
            swap = self.Swap._offer(self.alice_team)
            for partner, message in (
                (outsider, "Only working members"),
                (gone, "You are unsubscribed"),
                (exempt, "Exempt members owe no shifts"),
            ):
                with self.subTest(partner=partner.name), self.assertRaisesRegex(UserError, message):
                    swap._take(partner)
        self.assertEqual(swap.state, "open")

    def test_an_offer_is_taken_once(self):
        with self.frozen():
            swap = self.Swap._offer(self.alice_team)
            swap._take(self.bob)
            with self.assertRaisesRegex(UserError, "no longer open"):
                swap._take(self.carol)
        self.assertEqual(swap.taker_id, self.bob)

    def test_one_open_swap_per_registration(self):
        with self.frozen():
            self.Swap._offer(self.alice_team)
            with self.assertRaisesRegex(UserError, "Only a planned shift can be swapped"):
                self.Swap._offer(self.alice_team)
        with self.assertRaises(UniqueViolation), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.Swap.create({"partner_id": self.alice.id, "registration_id": self.alice_team.id})

    def test_only_ones_own_shift(self):
        with self.assertRaisesRegex(ValidationError, "Only the person on a shift can offer it"):
            self.Swap.create({"partner_id": self.bob.id, "registration_id": self.alice_team.id})
        with self.frozen(), self.assertRaisesRegex(UserError, "not yours"):
            self.Swap._check_swappable(self.alice_team, self.bob)

    # ------------------------------------------------------------ deadline

    def test_deadline_for_offering_and_taking(self):
        self.assertEqual(self.company.coop_shift_cancel_hours, 24)
        # 23 hours before shift 1.
        with self.frozen(datetime(2026, 3, 13, 10)), self.assertRaisesRegex(UserError, "Too late"):
            self.Swap._offer(self.alice_team)
        self.assertEqual(self.alice_team.state, "planned")
        self.assertFalse(self.Swap.search([("registration_id", "=", self.alice_team.id)]))
        with self.frozen(datetime(2026, 3, 13, 8)):  # exactly 25 hours before
            swap = self.Swap._offer(self.alice_team)
        with self.frozen(datetime(2026, 3, 13, 9, 30)):
            with self.assertRaisesRegex(UserError, "Too late"):
                swap._take(self.bob)
            self.Swap._cron_expire_swaps()
        self.assertEqual(swap.state, "expired")
        self.assertEqual(self.alice_team.state, "planned", "the giver keeps the shift")

    def test_deadline_follows_the_company_setting(self):
        # Shift 1 is 73 hours after NOW.
        self.company.coop_shift_cancel_hours = 74
        with self.frozen(), self.assertRaisesRegex(UserError, "74 hours"):
            self.Swap._offer(self.alice_team)
        self.company.coop_shift_cancel_hours = 72
        with self.frozen():
            self.Swap._offer(self.alice_team)

    def test_cron_leaves_swaps_in_time_alone_and_cancels_moot_ones(self):
        with self.frozen():
            swap = self.Swap._offer(self.alice_team)
            other = self.Swap._offer(self.bob_team)
            leave = self.Leave.create(
                {
                    "partner_id": self.bob.id,
                    "date_start": date(2026, 3, 16),
                    "date_end": date(2026, 3, 18),
                }
            )
            leave.action_approve()
            self.assertEqual(self.bob_team.state, "waived")
            self.Swap._cron_expire_swaps()
        self.assertEqual(swap.state, "open")
        self.assertEqual(other.state, "cancelled")
        self.assertEqual(self.bob_team.state, "waived", "the leave wins")

    # ------------------------------------------------------------ withdrawing

    def test_giver_withdraws_nobody_else(self):
        with self.frozen():
            swap = self.Swap._offer(self.alice_team)
            with self.assertRaisesRegex(UserError, "not yours"):
                swap._cancel_by(self.bob)
            self.assertEqual(swap.state, "open")
            swap._cancel_by(self.alice)
        self.assertEqual(swap.state, "cancelled")
        self.assertEqual(self.alice_team.state, "planned")
        with self.assertRaisesRegex(UserError, "Only an open swap can be cancelled"):
            swap.action_cancel()

    def test_history_is_kept(self):
        with self.frozen():
            cancelled = self.Swap._offer(self.alice_team)
            cancelled.action_cancel()
            taken = self.Swap._offer(self.alice_team)
            taken._take(self.bob)
        self.assertEqual(
            self.Swap.search([("registration_id", "=", self.alice_team.id)]).mapped("state"),
            ["taken", "cancelled"],
        )
        with self.assertRaisesRegex(UserError, "kept as history"):
            (cancelled | taken).unlink()

    # ------------------------------------------------------------ exchanges

    def test_exchange_needs_both_and_keeps_each_ones_kind(self):
        with self.frozen():
            bob_makeup = self.Registration._book(self._shift(datetime(2026, 3, 19, 9)), self.bob)
            swap = self.Swap._propose_exchange(self.alice_team, bob_makeup)
            self.assertRecordValues(
                swap,
                [
                    {
                        "kind": "exchange",
                        "state": "open",
                        "taker_id": self.bob.id,
                        "giver_accepted": True,
                        "taker_accepted": False,
                    }
                ],
            )
            self.assertEqual(self.alice_team.state, "offered")
            self.assertEqual(bob_makeup.state, "planned", "nothing moves before Bob accepts")
            proposed = self._mails(swap)
            self.assertEqual(len(proposed), 1)
            self.assertIn("bob@example.org", proposed.email_to)
            swap._accept(self.bob)
        self.assertEqual(swap.state, "taken")
        self.assertEqual((self.alice_team.state, bob_makeup.state), ("swapped", "swapped"))
        self.assertRecordValues(
            swap.giver_registration_id | swap.taker_registration_id,
            [
                {
                    "partner_id": self.alice.id,
                    "shift_id": bob_makeup.shift_id.id,
                    "kind": "team",
                    "state": "planned",
                },
                {
                    "partner_id": self.bob.id,
                    "shift_id": self.shift1.id,
                    "kind": "makeup",
                    "state": "planned",
                },
            ],
        )
        self.assertEqual(len(self._mails(swap)), 3, "then both are told it is done")

    def test_exchange_created_by_staff_waits_for_both(self):
        swap = self.Swap.create(
            {
                "kind": "exchange",
                "partner_id": self.alice.id,
                "registration_id": self.alice_team.id,
                "taker_id": self.bob.id,
                "target_registration_id": self.bob_team.id,
            }
        )
        self.alice_team.state = "offered"
        with self.frozen():
            swap._accept(self.bob)
            self.assertEqual(swap.state, "open")
            swap._accept(self.alice)
        self.assertEqual(swap.state, "taken")
        self.assertEqual(swap.taker_registration_id.shift_id, self.shift1)

    def test_nobody_accepts_on_someone_elses_behalf(self):
        with self.frozen():
            swap = self.Swap._propose_exchange(self.alice_team, self.bob_team)
            with self.assertRaisesRegex(UserError, "not addressed to you"):
                swap._accept(self.carol)
            with self.assertRaisesRegex(UserError, "not yours"):
                swap._cancel_by(self.carol)
        self.assertEqual(swap.state, "open")
        self.assertEqual(self.bob_team.state, "planned")

    def test_exchange_declined(self):
        with self.frozen():
            swap = self.Swap._propose_exchange(self.alice_team, self.bob_team)
            swap._cancel_by(self.bob)
        self.assertEqual(swap.state, "cancelled")
        self.assertEqual((self.alice_team.state, self.bob_team.state), ("planned", "planned"))

    def test_exchange_rules(self):
        with self.frozen():
            with self.assertRaisesRegex(UserError, "your own offer"):
                self.Swap._propose_exchange(
                    self.alice_team, self.Registration._book(self.shift2, self.alice)
                )
            self.Registration._book(self.shift2, self.carol)
            carol_shift1 = self.Registration._book(self.shift1, self.carol)
            with self.assertRaisesRegex(UserError, "other member is already on"):
                self.Swap._propose_exchange(self.bob_team, carol_shift1)
        late = self._shift(datetime(2026, 3, 12, 6))
        late_reg = self.Registration.create(
            {"shift_id": late.id, "partner_id": self.carol.id, "kind": "team"}
        )
        with self.frozen(), self.assertRaisesRegex(UserError, "Too late"):
            self.Swap._propose_exchange(self.alice_team, late_reg)
        self.assertFalse(
            self.Swap.search(
                [
                    "|",
                    ("partner_id", "in", self.partners.ids),
                    ("taker_id", "in", self.partners.ids),
                ]
            )
        )

    def test_who_proposes_an_exchange_takes_a_shift_over_too(self):
        """Only the portal checked the proposer: the model let an unsubscribed member (or
        an exempt one) hand their shift for another member's."""
        self.alice.coop_shift_unsubscribed = True
        with self.frozen(), self.assertRaisesRegex(UserError, "You are unsubscribed"):
            self.Swap._propose_exchange(self.alice_team, self.bob_team)
        self.assertEqual((self.alice_team.state, self.bob_team.state), ("planned", "planned"))

    def test_exchange_against_an_offer_closes_the_offer(self):
        with self.frozen():
            offer = self.Swap._offer(self.bob_team)
            swap = self.Swap._propose_exchange(self.alice_team, self.bob_team)
            swap._accept(self.bob)
        self.assertEqual(swap.state, "taken")
        self.assertEqual(offer.state, "cancelled")

    def test_taking_an_offer_closes_exchanges_proposed_for_it(self):
        with self.frozen():
            offer = self.Swap._offer(self.bob_team)
            proposal = self.Swap._propose_exchange(self.alice_team, self.bob_team)
            offer._take(self.carol)
            self.assertEqual(proposal.state, "cancelled")
            self.assertEqual(self.alice_team.state, "planned", "Alice keeps her shift")
            with self.assertRaisesRegex(UserError, "no longer open"):
                proposal._accept(self.bob)

    def test_exchange_in_time_for_both_shifts(self):
        with self.frozen():
            swap = self.Swap._propose_exchange(self.bob_team, self.alice_team)
        # Shift 1 (Saturday 09:00) closes first; shift 2 is days later.
        with self.frozen(datetime(2026, 3, 13, 12)):
            with self.assertRaisesRegex(UserError, "Too late"):
                swap._accept(self.alice)
            self.Swap._cron_expire_swaps()
        self.assertEqual(swap.state, "expired")
        self.assertEqual(self.bob_team.state, "planned")

    def test_sheet_marks_an_offered_giver(self):
        """Nobody took the offer: the giver is still on the shift and is marked as usual."""
        with self.frozen():
            swap = self.Swap._offer(self.alice_team)
        with self.frozen(self.shift1.date_start + timedelta(hours=1)):
            self.alice_team.action_attend()
            self.Swap._cron_expire_swaps()
        self.assertEqual(self.alice_team.state, "attended")
        self.assertEqual(swap.state, "cancelled")
