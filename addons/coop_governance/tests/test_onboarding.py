import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import CoopGovernanceCase

STEPS = {
    "card": "coop_governance.mail_activity_type_coop_onboarding_card",
    "first_shift": "coop_governance.mail_activity_type_coop_onboarding_first_shift",
    "training": "coop_governance.mail_activity_type_coop_onboarding_training",
}


class OnboardingMixin:
    def steps(self, partner, open_only=True):
        """{step: activity} of `partner`'s onboarding."""
        activities = partner._coop_onboarding_activities(open_only=open_only)
        return {
            step: activities.filtered(lambda a, x=xmlid: a.activity_type_id == self.env.ref(x))
            for step, xmlid in STEPS.items()
        }

    def give_share(self, partner):
        self.env["coop.share.line"].create(
            {
                "partner_id": partner.id,
                "share_type_id": self.working.id,
                "quantity": 1,
                "kind": "subscription",
                "date": fields.Date.today(),
            }
        )

    def book_a_shift(self, partner):
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=5)
        shift = self._shift(start)
        return self.Registration.create(
            {"shift_id": shift.id, "partner_id": partner.id, "kind": "makeup"}
        )


@tagged("post_install", "-at_install")
class TestOnboarding(OnboardingMixin, CoopGovernanceCase):
    def test_first_paid_share_launches_the_plan_once(self):
        newcomer = self.env["res.partner"].create(
            {"name": "Nina Newcomer", "email": "nina@example.org"}
        )
        self.assertFalse(newcomer._coop_onboarding_activities(open_only=False))
        self.give_share(newcomer)
        steps = self.steps(newcomer)
        self.assertEqual([len(activities) for activities in steps.values()], [1, 1, 1])
        self.assertEqual(steps["card"].res_model, "res.partner")
        self.assertEqual(steps["card"].user_id, self.env.ref("base.user_admin"))
        # a second share is no new beginning
        self.give_share(newcomer)
        self.assertEqual(len(newcomer._coop_onboarding_activities(open_only=False)), 3)
        # nor is a step already done
        steps["card"].action_feedback()
        self.give_share(newcomer)
        self.assertEqual(len(newcomer._coop_onboarding_activities(open_only=False)), 3)
        self.assertEqual(len(newcomer._coop_onboarding_activities()), 2)

    def test_archived_plan_launches_nothing(self):
        self.env.ref("coop_governance.mail_activity_plan_coop_onboarding").active = False
        newcomer = self.env["res.partner"].create({"name": "Nina Newcomer"})
        self.give_share(newcomer)
        self.assertFalse(newcomer._coop_onboarding_activities(open_only=False))
        self.assertEqual(newcomer._coop_onboarding_next_step(), "")

    def test_next_step_advances(self):
        partner = self.member_a
        self.assertEqual(
            partner._coop_onboarding_next_step(),
            "collect your member card at the members' office",
        )
        self.steps(partner)["card"].action_feedback()
        self.assertEqual(partner._coop_onboarding_next_step(), "book your first shift")
        # booking a shift marks its step done by itself, when the step is next read
        self.book_a_shift(partner)
        self.assertEqual(partner._coop_onboarding_next_step(), "come to your training shift")
        done = self.steps(partner, open_only=False)["first_shift"]
        self.assertFalse(done.active)
        self.steps(partner)["training"].action_feedback()
        self.assertEqual(partner._coop_onboarding_next_step(), "")

    def test_first_shift_done_before_the_card_keeps_the_order(self):
        partner = self.member_b
        self.book_a_shift(partner)
        self.assertEqual(
            partner._coop_onboarding_next_step(),
            "collect your member card at the members' office",
        )
        self.assertFalse(self.steps(partner)["first_shift"])
        self.steps(partner)["card"].action_feedback()
        self.assertEqual(partner._coop_onboarding_next_step(), "come to your training shift")

    def test_daily_check_marks_first_shifts_booked(self):
        self.book_a_shift(self.member_b)
        self.assertTrue(self.steps(self.member_b)["first_shift"])
        self.env["res.partner"]._cron_coop_onboarding_sync()
        self.assertFalse(self.steps(self.member_b)["first_shift"])
        self.assertTrue(self.steps(self.member_a)["first_shift"], "Anna has booked nothing")

    def test_cancelled_booking_does_not_count(self):
        registration = self.book_a_shift(self.member_b)
        other = self.env["res.partner"].create({"name": "Nina Newcomer"})
        self.give_share(other)
        self.Registration.create(
            {
                "shift_id": registration.shift_id.id,
                "partner_id": other.id,
                "kind": "makeup",
                "state": "cancelled",
            }
        )
        self.assertEqual(
            other._coop_onboarding_next_step(), "collect your member card at the members' office"
        )
        self.assertTrue(self.steps(other)["first_shift"])


@tagged("post_install", "-at_install")
class TestOnboardingPortal(OnboardingMixin, HttpCase, CoopGovernanceCase):
    def _next_step_on_page(self, user):
        self.authenticate(user.login, user.login)
        page = self.url_open("/my/membership").text
        found = re.search(r'class="o_coop_onboarding_step">([^<]*)<', page)
        return found and found.group(1)

    def test_each_member_sees_their_own_next_step(self):
        self.steps(self.member_a)["card"].action_feedback()
        self.assertEqual(self._next_step_on_page(self.user_a), "book your first shift")
        # Ben has not had his card: his page shows his step, never Anna's
        self.assertEqual(
            self._next_step_on_page(self.user_b),
            "collect your member card at the members&#39; office",
        )

    def test_next_step_advances_in_the_portal(self):
        self.steps(self.member_a)["card"].action_feedback()
        self.book_a_shift(self.member_a)
        self.assertEqual(self._next_step_on_page(self.user_a), "come to your training shift")
        self.steps(self.member_a)["training"].action_feedback()
        self.env.invalidate_all()
        self.assertIsNone(self._next_step_on_page(self.user_a))

    def test_someone_the_plan_never_started_for_sees_no_step(self):
        self.assertIsNone(self._next_step_on_page(self.user_outsider))
