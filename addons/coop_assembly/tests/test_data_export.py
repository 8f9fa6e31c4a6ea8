from odoo.tests import tagged

from .common import CoopAssemblyCase


@tagged("post_install", "-at_install")
class TestVotesInDataExport(CoopAssemblyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assembly = cls._called(resolutions=("Accounts", "Board"))
        cls.accounts, cls.board = cls.assembly.resolution_ids
        cls.board.secret = True
        cls.assembly.resolution_ids.action_open_vote()
        for resolution in (cls.accounts, cls.board):
            resolution._coop_vote_online(cls.assembly._coop_voter(cls.anna), "against")
        cls.accounts._coop_vote_online(cls.assembly._coop_voter(cls.ben), "for")

    def test_export_says_how_only_when_not_secret(self):
        votes = self.anna._coop_personal_data_export()["assembly_votes"]
        by_resolution = {vote["resolution"]: vote for vote in votes}
        self.assertEqual(set(by_resolution), {"Accounts", "Board"})
        self.assertEqual(by_resolution["Accounts"]["choice"], "against")
        self.assertNotIn("choice", by_resolution["Board"], "a secret vote has no choice")
        self.assertNotIn("for", [vote.get("choice") for vote in votes], "Ben's vote is not hers")
