from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.coop_governance.tests.common import CoopGovernanceCase


@tagged("post_install", "-at_install")
class TestMailingLists(CoopGovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.List = cls.env["mailing.list"]
        cls.may_shop = cls.List.create({"name": "Shoppers", "coop_audience": "may_shop"})
        cls.committee = cls.List.create(
            {
                "name": "Committee",
                "coop_audience": "working_group",
                "coop_working_group_id": cls.group.id,
            }
        )
        cls.former = cls.List.create({"name": "Old friends", "coop_audience": "former_consenting"})
        cls.suspended = cls.List.create({"name": "Suspended", "coop_audience": "suspended"})
        cls.people = cls.lead | cls.member_a | cls.member_b | cls.outsider
        cls.mailer = cls.env["res.users"].create(
            {
                "name": "Mailer",
                "login": "coop_mailer",
                "email": "mailer@example.org",
                "groups_id": [(6, 0, cls.env.ref("mass_mailing.group_mass_mailing_user").ids)],
            }
        )

    def on_list(self, mailing_list):
        """The people the list would mail: subscribed and not opted out."""
        subscriptions = mailing_list.subscription_ids.filtered(lambda s: not s.opt_out)
        return subscriptions.contact_id.coop_partner_id

    def sell_back(self, partner):
        self.env["coop.share.line"].create(
            {
                "partner_id": partner.id,
                "share_type_id": self.working.id,
                "quantity": -partner.coop_share_count,
                "kind": "sellback",
            }
        )

    def test_shoppers_list_is_the_shopping_rule(self):
        self.may_shop._coop_sync()
        for partner in self.people:
            with self.subTest(partner=partner.name):
                self.assertEqual(partner in self.on_list(self.may_shop), partner.coop_can_shop)
        self.assertIn(self.member_a, self.on_list(self.may_shop))
        self.assertNotIn(self.outsider, self.on_list(self.may_shop))
        contact = self.may_shop.contact_ids.filtered(lambda c: c.coop_partner_id == self.member_a)
        self.assertEqual(contact.email, self.member_a.email)
        self.member_a.email = "anna.new@example.org"
        self.may_shop._coop_sync()
        self.assertEqual(contact.email, "anna.new@example.org", "the address follows")
        self.assertEqual(len(contact), 1, "no second contact")

    def test_leaving_moves_a_member_between_lists_at_once(self):
        self.may_shop._coop_sync()
        self.former._coop_sync()
        self.member_a.coop_news_consent = True
        self.sell_back(self.member_a)
        self.sell_back(self.member_b)  # did not agree
        self.assertEqual(self.member_a.coop_membership_state, "former")
        self.assertNotIn(self.member_a, self.on_list(self.may_shop), "no hourly run needed")
        self.assertIn(self.member_a, self.on_list(self.former))
        self.assertNotIn(self.member_b, self.on_list(self.former), "never without consent")

    def test_working_group_list_follows_joins_and_leaves(self):
        self.group._coop_join(self.member_a)
        self.committee._coop_sync()
        self.assertEqual(self.on_list(self.committee), self.lead | self.member_a)
        self.group._coop_leave(self.member_a)
        self.committee._coop_sync()
        self.assertEqual(self.on_list(self.committee), self.lead)

    def test_an_opt_out_is_kept_through_leaving_and_coming_back(self):
        self.group._coop_join(self.member_a)
        self.committee._coop_sync()
        subscription = self.committee.subscription_ids.filtered(
            lambda s: s.contact_id.coop_partner_id == self.member_a
        )
        subscription.opt_out = True
        self.group._coop_leave(self.member_a)
        self.committee._coop_sync()
        self.group._coop_join(self.member_a)
        self.committee._coop_sync()
        self.assertTrue(subscription.exists() and subscription.opt_out)
        self.assertNotIn(self.member_a, self.on_list(self.committee))

    def test_suspended_members_list(self):
        missed = self.Shift.create(
            {
                "date_start": datetime(2026, 3, 2, 18),
                "date_end": datetime(2026, 3, 2, 21),
                "seats": 5,
            }
        )
        with freeze_time(datetime(2026, 3, 2, 22)):
            registration = self.Registration.create(
                {"shift_id": missed.id, "partner_id": self.member_b.id, "kind": "team"}
            )
            registration.action_absent()
        with freeze_time(datetime(2026, 4, 20, 12)):
            self.env.invalidate_all()
            self.env["res.partner"]._cron_coop_refresh_status()
            self.assertEqual(self.member_b.coop_status, "suspended")
            self.suspended._coop_sync()
            self.may_shop._coop_sync()
        self.assertIn(self.member_b, self.on_list(self.suspended))
        self.assertNotIn(self.member_a, self.on_list(self.suspended))
        self.assertNotIn(self.member_b, self.on_list(self.may_shop))

    def test_mailing_syncs_first_and_never_mails_the_blacklisted(self):
        self.may_shop._coop_sync()
        self.env["mail.blacklist"].sudo()._add(self.member_b.email)
        # Blocked after the last sync: no longer on the list when the mailing goes.
        self.member_a.write({"coop_blocked": True, "coop_block_reason": "Unpaid capital"})
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Newsletter",
                "body_html": "<p>News</p>",
                "mailing_model_id": self.env.ref("mass_mailing.model_mailing_list").id,
                "contact_list_ids": [(6, 0, self.may_shop.ids)],
                "keep_archives": True,  # sent mails are kept, to be looked at
            }
        )
        mailing.action_send_mail()
        mails = self.env["mail.mail"].sudo().search([("mailing_id", "=", mailing.id)])
        by_address = {mail.email_to: mail for mail in mails}
        self.assertIn(self.lead.email, by_address)
        self.assertNotEqual(by_address[self.lead.email].failure_type, "mail_bl")
        self.assertNotIn(self.member_a.email, by_address, "synced before sending")
        # Mass mailing's own exclusion list: the blacklisted member's mail is cancelled.
        self.assertEqual(by_address[self.member_b.email].failure_type, "mail_bl")

    def test_who_may_bring_a_list_up_to_date_or_set_consent(self):
        with self.assertRaises(AccessError):
            self.may_shop.with_user(self.employee).action_coop_sync()
        with self.assertRaises(AccessError):
            self.may_shop.with_user(self.user_a).action_coop_sync()
        self.may_shop.with_user(self.mailer).action_coop_sync()
        self.assertTrue(self.may_shop.coop_synced_at)
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.employee).write({"coop_news_consent": True})
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.user_a).write({"coop_news_consent": True})
