from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoopAssemblyCase


@tagged("post_install", "-at_install")
class TestVotes(CoopAssemblyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assembly = cls._called(resolutions=("Accounts", "Board"))
        cls.accounts, cls.board = cls.assembly.resolution_ids
        cls.board.secret = True
        cls.assembly.resolution_ids.action_open_vote()
        # Anna, Ben, Carl, Dora, Emil, Stella (and the demo's members) on the roll; quorum 3.

    def online(self, resolution, partner, choice):
        return resolution._coop_vote_online(self.voter(self.assembly, partner), choice)

    def test_quorum_counts_present_represented_and_online_once_each(self):
        figures = self.assembly._coop_participation()
        self.assertEqual(figures["eligible"], len(self.assembly.voter_ids))
        self.assertEqual(figures["required"], 3)
        self.assertFalse(figures["reached"])
        self.Proxy.create(
            {"assembly_id": self.assembly.id, "grantor_id": self.ben.id, "holder_id": self.anna.id}
        )
        self.online(self.accounts, self.carl, "for")
        self.online(self.board, self.carl, "for")  # Carl counts once
        self.open_session(self.assembly, self.anna)
        figures = self.assembly._coop_participation()
        self.assertEqual((figures["present"], figures["represented"], figures["online"]), (1, 1, 1))
        self.assertEqual(figures["participants"], 3)
        self.assertTrue(figures["reached"])
        self.assertEqual(self.assembly.participant_count, 3)

    def test_double_voting_refused_online_in_the_room_and_by_the_database(self):
        self.online(self.accounts, self.anna, "for")
        with self.assertRaisesRegex(UserError, "Anna Assembly has already voted"):
            self.online(self.accounts, self.anna, "against")
        self.open_session(self.assembly, self.anna)
        with self.assertRaisesRegex(UserError, "Anna Assembly has already voted"):
            self.accounts.with_user(self.office).action_record_ballot(
                self.anna.coop_member_number, "against"
            )
        self.assertEqual((self.accounts.votes_for, self.accounts.votes_against), (1, 0))
        # Two requests at once both pass the check: the unique index refuses the second.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["coop.assembly.ballot"].create(
                {
                    "resolution_id": self.accounts.id,
                    "voter_id": self.voter(self.assembly, self.anna).id,
                    "cast_by_id": self.voter(self.assembly, self.anna).id,
                    "channel": "room",
                    "weight": 1,
                }
            ).flush_recordset()
        self.assertEqual(self.accounts.votes_for, 1)

    def test_secret_ballot_keeps_the_count_not_the_choice(self):
        self.online(self.board, self.anna, "for")
        self.online(self.board, self.ben, "against")
        self.online(self.board, self.carl, "for")
        self.assertEqual((self.board.votes_for, self.board.votes_against), (2, 1))
        ballots = self.env["coop.assembly.ballot"].search([("resolution_id", "=", self.board.id)])
        self.assertEqual(ballots.partner_id, self.anna | self.ben | self.carl, "who took part")
        self.assertEqual(set(ballots.mapped("choice")), {False}, "not even the office reads it")
        self.env.cr.execute(
            "SELECT count(*) FROM coop_assembly_ballot WHERE resolution_id = %s "
            "AND choice IS NOT NULL",
            [self.board.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "nor anyone reading the database")
        self.assertNotIn("create_date", self.env["coop.assembly.tally"]._fields)
        # The open resolution keeps the choice, for the office only.
        self.online(self.accounts, self.anna, "against")
        ballot = self.accounts.ballot_ids
        self.assertEqual(ballot.with_user(self.office).choice, "against")
        with self.assertRaises(AccessError):
            ballot.with_user(self.employee).read(["choice"])

    def test_show_of_hands_at_most_the_votes_in_the_room(self):
        self.Proxy.create(
            {"assembly_id": self.assembly.id, "grantor_id": self.ben.id, "holder_id": self.anna.id}
        )
        self.online(self.accounts, self.carl, "against")
        self.open_session(self.assembly, self.anna, self.dora, self.carl)
        # In the room: Anna, Dora, Carl present, Ben by proxy; Carl voted online: 3 left.
        self.assertEqual(self.accounts._coop_room_votes_left(), 3)
        with self.assertRaisesRegex(UserError, "4 votes counted, but the room holds 3"):
            self.accounts.with_user(self.office).action_record_room_count(3, 1, 0)
        self.accounts.with_user(self.office).action_record_room_count(2, 0, 1)
        self.assertEqual(
            (self.accounts.votes_for, self.accounts.votes_against, self.accounts.votes_abstain),
            (2, 1, 1),
        )
        with self.assertRaisesRegex(UserError, "already counted"):
            self.accounts.with_user(self.office).action_record_room_count(0, 0, 0)
        with self.assertRaisesRegex(UserError, "counted as a whole"):
            self.accounts.with_user(self.office).action_record_ballot(
                self.dora.coop_member_number, "for"
            )
        with self.assertRaisesRegex(UserError, "whole numbers"):
            self.board.with_user(self.office).action_record_room_count(-1, 0, 0)

    def test_room_ballot_needs_signing_in_and_counts_proxies(self):
        self.Proxy.create(
            {"assembly_id": self.assembly.id, "grantor_id": self.ben.id, "holder_id": self.anna.id}
        )
        self.assembly.action_open_session()
        with self.assertRaisesRegex(UserError, "has not signed in"):
            self.accounts.with_user(self.office).action_record_ballot(
                self.anna.coop_member_number, "for"
            )
        self.assembly.with_user(self.office).action_sign_in(self.anna.coop_member_number)
        self.accounts.with_user(self.office).action_record_ballot(self.anna.barcode, "for")
        self.assertEqual(self.accounts.votes_for, 2)
        self.assertEqual(
            self.accounts.ballot_ids.filtered(lambda b: b.partner_id == self.ben).cast_by_id,
            self.voter(self.assembly, self.anna),
        )

    def test_results_with_and_without_quorum(self):
        for partner in (self.anna, self.ben, self.carl):
            self.online(self.accounts, partner, "for")
        self.online(self.board, self.anna, "against")
        self.assembly.with_user(self.manager).action_close()
        self.assertEqual(self.accounts.result, "adopted")
        self.assertTrue(self.accounts.quorum_reached)
        self.assertEqual(self.board.result, "rejected")
        self.assertEqual(self.assembly.state, "closed")
        with self.assertRaisesRegex(UserError, "is not open"):
            self.online(self.accounts, self.dora, "for")

    def test_no_quorum_decides_nothing(self):
        self.online(self.accounts, self.anna, "for")
        self.online(self.accounts, self.ben, "for")
        self.accounts.with_user(self.manager).action_close_vote()
        self.assertEqual(self.accounts.result, "no_quorum")
        self.assertEqual(self.accounts.participants_at_close, 2)

    def test_two_thirds_majority(self):
        assembly = self._called(kind="extraordinary", resolutions=("Change the statutes",))
        resolution = assembly.resolution_ids
        resolution.action_open_vote()
        for partner, choice in (
            (self.anna, "for"),
            (self.ben, "for"),
            (self.carl, "for"),
            (self.dora, "against"),
            (self.emil, "against"),
        ):
            resolution._coop_vote_online(assembly._coop_voter(partner), choice)
        resolution.action_close_vote()
        self.assertEqual(resolution.result, "rejected", "3 to 2 is a majority, not two thirds")

    def test_open_resolution_is_frozen_and_only_managers_open_and_close(self):
        with self.assertRaisesRegex(UserError, "may no longer change"):
            self.accounts.name = "Something else"
        with self.assertRaisesRegex(UserError, "stays in the record"):
            self.accounts.unlink()
        with self.assertRaisesRegex(UserError, "Only the members' office or the membership"):
            self.accounts.with_user(self.office).action_close_vote()
        self.assertEqual(self.accounts.state, "open")

    def test_room_only_assembly_refuses_online_votes(self):
        assembly = self._called(online=False)
        resolution = assembly.resolution_ids
        with self.assertRaisesRegex(UserError, "once the assembly is in session"):
            resolution.action_open_vote()
        assembly.action_open_session()
        resolution.action_open_vote()
        with self.assertRaisesRegex(UserError, "votes in the room only"):
            resolution._coop_vote_online(assembly._coop_voter(self.anna), "for")

    def test_door_sign_in(self):
        self.assembly.action_open_session()
        door = self.assembly.with_user(self.office)
        answer = door.action_sign_in(self.anna.coop_member_number)
        self.assertEqual(
            (answer["name"], answer["already"], answer["present"]), (self.anna.name, False, 1)
        )
        self.assertTrue(door.action_sign_in(self.anna.barcode)["already"])
        with self.assertRaisesRegex(UserError, "Lea Latecomer is not on the roll"):
            door.action_sign_in(self.late.coop_member_number)
        with self.assertRaisesRegex(UserError, "No member has the card or number"):
            door.action_sign_in("nope-123")
        with self.assertRaisesRegex(UserError, "Only the members' office"):
            self.assembly.with_user(self.employee).action_sign_in(self.ben.coop_member_number)
        self.assertEqual(door.coop_door_state()["present"], 1)


@tagged("post_install", "-at_install")
class TestDoorQueries(CoopAssemblyCase):
    def test_door_figures_cost_the_same_whatever_the_roll(self):
        assembly = self._called()
        assembly.resolution_ids.action_open_vote()
        self.Proxy.create(
            {"assembly_id": assembly.id, "grantor_id": self.ben.id, "holder_id": self.anna.id}
        )
        self.open_session(assembly, self.anna)
        door = assembly.with_user(self.office)
        door.coop_door_state()  # warm caches (groups, company)
        # Measured: the group check and the one query of the figures.
        with self.assertQueryCount(__system__=1, assembly_office=2):
            door.coop_door_state()
        for name in ("Fay", "Gil", "Hal", "Ivy"):
            self._member_since(f"{name} More", self.ben.coop_member_since)
        bigger = self._called()
        self.open_session(bigger, self.anna, self.carl)
        bigger.resolution_ids.action_open_vote()
        for partner in (self.dora, self.emil):
            bigger.resolution_ids._coop_vote_online(bigger._coop_voter(partner), "for")
        bigger.with_user(self.office).coop_door_state()
        with self.assertQueryCount(__system__=1, assembly_office=2):
            figures = bigger.with_user(self.office).coop_door_state()
        self.assertEqual((figures["present"], figures["online"]), (2, 2))
