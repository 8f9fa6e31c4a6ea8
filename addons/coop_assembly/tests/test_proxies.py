from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CoopAssemblyCase


@tagged("post_install", "-at_install")
class TestProxies(CoopAssemblyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assembly = cls._called()
        cls.resolution = cls.assembly.resolution_ids
        cls.resolution.action_open_vote()

    def give(self, grantor, holder, user=None):
        Proxy = self.Proxy.with_user(user) if user else self.Proxy
        return Proxy.create(
            {"assembly_id": self.assembly.id, "grantor_id": grantor.id, "holder_id": holder.id}
        )

    def test_maximum_per_holder(self):
        self.give(self.ben, self.anna)
        self.give(self.carl, self.anna)
        with self.assertRaisesRegex(ValidationError, "already holds 2 proxies"):
            self.give(self.dora, self.anna)
        self.assertEqual(self.voter(self.assembly, self.anna).proxy_held_count, 2)
        self.company.coop_assembly_max_proxies = 0
        with self.assertRaisesRegex(ValidationError, "allow no proxies"):
            self.give(self.dora, self.emil)

    def test_only_between_members_on_the_roll(self):
        with self.assertRaisesRegex(ValidationError, "Otto Outsider is not on the roll"):
            self.give(self.anna, self.outsider)
        with self.assertRaisesRegex(ValidationError, "Lea Latecomer is not on the roll"):
            self.give(self.anna, self.late)
        with self.assertRaisesRegex(ValidationError, "Gus Gone is not on the roll"):
            self.give(self.gone, self.anna)
        with self.assertRaisesRegex(ValidationError, "to themselves"):
            self.give(self.anna, self.anna)
        self.assertFalse(self.assembly.proxy_ids)

    def test_no_second_proxy_nor_chain(self):
        self.give(self.ben, self.anna)
        with self.assertRaisesRegex(ValidationError, "Ben Assembly has already given"):
            self.give(self.ben, self.carl)
        with self.assertRaisesRegex(ValidationError, "holds proxies of other members"):
            self.give(self.anna, self.carl)
        with self.assertRaisesRegex(ValidationError, "cannot hold another's"):
            self.give(self.carl, self.ben)

    def test_a_proxy_revoked_frees_the_seat(self):
        proxy = self.give(self.ben, self.anna)
        proxy.action_revoke()
        self.assertEqual(proxy.state, "revoked")
        self.give(self.ben, self.carl)
        self.assertEqual(self.voter(self.assembly, self.anna).proxy_held_count, 0)

    def test_holder_votes_for_the_grantor_and_the_proxy_then_stays(self):
        proxy = self.give(self.ben, self.anna)
        self.resolution._coop_vote_online(self.voter(self.assembly, self.anna), "for")
        self.assertEqual(self.resolution.votes_for, 2, "Anna's vote and Ben's")
        with self.assertRaisesRegex(UserError, "already voted with the proxy of Ben"):
            proxy.action_revoke()
        with self.assertRaisesRegex(UserError, "gave their proxy to Anna"):
            self.resolution._coop_vote_online(self.voter(self.assembly, self.ben), "against")
        self.assertEqual(self.resolution.votes_against, 0)

    def test_grantor_who_comes_votes_himself(self):
        proxy = self.give(self.ben, self.anna)
        self.open_session(self.assembly, self.ben)
        self.assertEqual(proxy.state, "revoked", "unused, it lapses when Ben signs in")
        with self.assertRaisesRegex(ValidationError, "is present and votes in person"):
            self.give(self.ben, self.carl)

    def test_office_records_paper_proxies_others_may_not(self):
        with self.assertRaisesRegex(UserError, "Only the members' office records"):
            self.give(self.ben, self.anna, user=self.employee)
        proxy = self.give(self.ben, self.anna, user=self.office)
        self.assertEqual(proxy.holder_voter_id, self.voter(self.assembly, self.anna))
        with self.assertRaisesRegex(UserError, "not edited"):
            proxy.with_user(self.office).holder_id = self.carl
