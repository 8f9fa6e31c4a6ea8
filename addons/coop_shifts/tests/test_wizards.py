"""Staff wizards: change team, grant an extension, change several teams at once."""

from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TODAY, CoopShiftsCase


class CoopWizardCase(CoopShiftsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = new_test_user(
            cls.env, login="wizard_office", groups="coop_shifts.group_coop_shift_user"
        )
        cls.manager = new_test_user(
            cls.env, login="wizard_manager", groups="coop_shifts.group_coop_shift_manager"
        )
        cls.leader = new_test_user(
            cls.env, login="wizard_leader", groups="coop_shifts.group_coop_shift_leader"
        )
        # Week B (index 1): Thursday 12 March and Friday 13 March 2026, then every 4 weeks.
        cls.thursday = cls._template(week_index=1, weekday="3", start=18.0, end=21.0)
        cls.friday = cls._template(week_index=1, weekday="4", start=9.0, end=12.0)
        cls.member = cls._member("Wizard Member")

    def _open(self, action_xmlid, records, user):
        """The wizard's form as its action button opens it on `records`, for `user`."""
        action = self.env.ref(action_xmlid)
        context = dict(
            safe_eval(action.context or "{}"),
            active_model=records._name,
            active_id=records[:1].id,
            active_ids=records.ids,
        )
        return Form(self.env[action.res_model].with_user(user).with_context(**context))

    def _registrations(self, partner, template):
        return self.Registration.search(
            [("partner_id", "=", partner.id), ("shift_id.template_id", "=", template.id)]
        )

    def _state_on(self, partner, template, day):
        registration = self._registrations(partner, template).filtered(
            lambda r: r.date_start.date() == day
        )
        return registration.state if registration else None


@tagged("post_install", "-at_install")
class TestChangeTeamWizard(CoopWizardCase):
    def _form(self, user=None, partner=None):
        return self._open(
            "coop_shifts.action_coop_shift_change_team_wizard",
            partner or self.member,
            user or self.office,
        )

    def _change(self, template, day, user=None, partner=None):
        with self._form(user, partner) as form:
            form.template_id = template
            form.date = day
        return form.record.action_apply()

    def test_change_keeps_history_and_moves_future_shifts(self):
        with self.frozen():
            (self.thursday | self.friday).action_generate_shifts()
            self.Membership.create(
                {
                    "partner_id": self.member.id,
                    "template_id": self.thursday.id,
                    "date_start": TODAY - timedelta(days=100),
                }
            )
            self.assertEqual(
                self._state_on(self.member, self.thursday, date(2026, 4, 9)), "planned"
            )
            form = self._form()
            self.assertEqual(form.partner_id, self.member)
            self.assertEqual(form.date, TODAY)
            self.assertEqual(form.current_template_id, self.thursday)
            form.template_id = self.friday
            form.date = TODAY + timedelta(days=7)
            form.save().action_apply()
        memberships = self.member.coop_shift_membership_ids.sorted("date_start")
        self.assertEqual(memberships.template_id, self.thursday | self.friday)
        self.assertEqual(
            [(m.date_start, m.date_end) for m in memberships],
            [
                (TODAY - timedelta(days=100), TODAY + timedelta(days=6)),
                (TODAY + timedelta(days=7), False),
            ],
        )
        # Tomorrow's Thursday shift is still the old team's; April's moved to Friday.
        self.assertEqual(self._state_on(self.member, self.thursday, date(2026, 3, 12)), "planned")
        self.assertEqual(self._state_on(self.member, self.thursday, date(2026, 4, 9)), "cancelled")
        self.assertIsNone(self._state_on(self.member, self.friday, date(2026, 3, 13)))
        self.assertEqual(self._state_on(self.member, self.friday, date(2026, 4, 10)), "planned")
        self.assertIn("Team changed", self.member.message_ids[0].body)

    def test_change_from_today_and_first_team(self):
        with self.frozen():
            self._change(self.thursday, TODAY)
            self.assertEqual(self.member.coop_shift_team_id, self.thursday)
            # The team started today: changing again today replaces it, nothing to end.
            self._change(self.friday, TODAY)
        self.assertEqual(self.member.coop_shift_membership_ids.template_id, self.friday)
        self.assertEqual(self.member.coop_shift_membership_ids.date_start, TODAY)

    def test_change_replaces_a_planned_change(self):
        third = self._template(week_index=2, weekday="0")
        with self.frozen():
            self._change(self.thursday, TODAY)
            self._change(self.friday, TODAY + timedelta(days=20))
            # Before the Friday team even starts, the member asks for a third team instead.
            self._change(third, TODAY + timedelta(days=10))
        memberships = self.member.coop_shift_membership_ids.sorted("date_start")
        self.assertEqual(memberships.template_id.ids, [self.thursday.id, third.id])
        self.assertEqual(memberships[0].date_end, TODAY + timedelta(days=9))

    def test_refusals(self):
        with self.frozen():
            with self.assertRaisesRegex(UserError, "today or later"):
                self._change(self.thursday, TODAY - timedelta(days=1))
            self._change(self.thursday, TODAY)
            with self.assertRaisesRegex(UserError, "already in team"):
                self._change(self.thursday, TODAY + timedelta(days=3))
            with self.assertRaisesRegex(AccessError, "not allowed to access 'Change Team'"):
                self._change(self.friday, TODAY + timedelta(days=3), user=self.leader)
            # The button's method checks again, for a call that skips the form.
            form = self._form()
            form.template_id = self.friday
            wizard = form.save()
            with self.assertRaisesRegex(AccessError, "Only the members' office"):
                wizard.with_user(self.leader).action_apply()
        self.assertEqual(len(self.member.coop_shift_membership_ids), 1)


@tagged("post_install", "-at_install")
class TestExtensionWizard(CoopWizardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Two points down since 40 days ago: the 28-day alert is over, the member is suspended.
        cls.Event.create(
            {
                "partner_id": cls.member.id,
                "points": -2,
                "date": TODAY - timedelta(days=40),
                "note": "Missed team shift",
            }
        )

    def _grant(self, date_end, reason="Back from hospital", user=None, partner=None):
        form = self._open(
            "coop_shifts.action_coop_shift_extension_wizard",
            partner or self.member,
            user or self.office,
        )
        form.date_end = date_end
        form.reason = reason
        return form.save().action_apply()

    def test_grant_lifts_a_suspension(self):
        with self.frozen():
            self.assertEqual(self.member.coop_shift_status, "suspended")
            self._grant(TODAY + timedelta(days=14))
            self.member.invalidate_recordset()
            self.assertEqual(self.member.coop_shift_status, "delay")
        extension = self.member.coop_shift_extension_ids
        self.assertEqual(
            (extension.kind, extension.date_start, extension.date_end, extension.reason),
            ("staff", TODAY, TODAY + timedelta(days=14), "Back from hospital"),
        )
        self.assertEqual(extension.create_uid, self.office)

    def test_refusals(self):
        up_to_date = self._member("Wizard Up To Date")
        with self.frozen():
            with self.assertRaisesRegex(UserError, "Say why"):
                self._grant(TODAY + timedelta(days=14), reason="   ")
            with self.assertRaisesRegex(UserError, "ends after today"):
                self._grant(TODAY)
            with self.assertRaisesRegex(UserError, "owes no shift"):
                self._grant(TODAY + timedelta(days=14), partner=up_to_date)
            with self.assertRaisesRegex(AccessError, "not allowed to access 'Grant an Extension'"):
                self._grant(TODAY + timedelta(days=14), user=self.leader)
            self._grant(TODAY + timedelta(days=14))
            self.member.invalidate_recordset()
            with self.assertRaisesRegex(UserError, "already has an extension"):
                self._grant(TODAY + timedelta(days=7))
            self._grant(TODAY + timedelta(days=21), reason="Still recovering")
        self.assertEqual(len(self.member.coop_shift_extension_ids), 2)


@tagged("post_install", "-at_install")
class TestTemplateBulkWizard(CoopWizardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new_leader = cls._member("Wizard Leader")
        cls.old_leader = cls._member("Wizard Old Leader")
        cls.thursday.leader_ids = cls.old_leader
        cls.Membership.create(
            {
                "partner_id": cls.member.id,
                "template_id": cls.thursday.id,
                "date_start": TODAY - timedelta(days=100),
            }
        )

    def _bulk(self, templates, user=None, **values):
        form = self._open(
            "coop_shifts.action_coop_shift_template_bulk_wizard", templates, user or self.manager
        )
        # The boolean first: it shows the field it guards.
        for name in sorted(values, key=lambda name: not name.startswith("change_")):
            setattr(form, name, values[name])
        return form.save().action_apply()

    def _future(self, template):
        return self.Shift.search(
            [("template_id", "=", template.id), ("date_start", ">", datetime(2026, 3, 11, 8))]
        )

    def test_seats_and_leaders_reach_future_shifts_only(self):
        past = self._shift(datetime(2026, 3, 5, 18), template_id=self.thursday.id)
        with self.frozen():
            self.thursday.action_generate_shifts()
            self.assertFalse(self._future(self.friday), "the Friday team was never generated")
            self._bulk(
                self.thursday | self.friday,
                change_seats=True,
                seats=6,
                leader_action="add",
                leader_ids=self.new_leader,
            )
        self.assertEqual((self.thursday | self.friday).mapped("seats"), [6, 6])
        self.assertEqual(self.thursday.leader_ids, self.old_leader | self.new_leader)
        self.assertEqual(self.friday.leader_ids, self.new_leader)
        future = self._future(self.thursday) | self._future(self.friday)
        self.assertTrue(self._future(self.friday), "future shifts are regenerated")
        self.assertEqual(set(future.mapped("seats")), {6})
        self.assertTrue(all(self.new_leader in shift.leader_ids for shift in future))
        self.assertEqual(past.seats, 10)
        self.assertFalse(past.leader_ids)

    def test_replace_and_remove_leaders(self):
        with self.frozen():
            self.thursday.action_generate_shifts()
            self._bulk(self.thursday, leader_action="set", leader_ids=self.new_leader)
            self.assertEqual(self.thursday.leader_ids, self.new_leader)
            self.assertEqual(self._future(self.thursday).leader_ids, self.new_leader)
            self._bulk(self.thursday, leader_action="remove", leader_ids=self.new_leader)
        self.assertFalse(self.thursday.leader_ids)
        self.assertFalse(self._future(self.thursday).leader_ids)

    def test_end_date_cancels_later_shifts_and_ends_memberships(self):
        late_joiner = self._member("Wizard Late Joiner")
        with self.frozen():
            self.thursday.action_generate_shifts()
            self.Membership.create(
                {
                    "partner_id": late_joiner.id,
                    "template_id": self.thursday.id,
                    "date_start": date(2026, 4, 20),
                }
            )
            self._bulk(self.thursday, change_date_end=True, date_end=date(2026, 3, 31))
            # Generating again does not bring the cancelled shifts back.
            self.thursday.action_generate_shifts()
        self.assertEqual(self.thursday.date_end, date(2026, 3, 31))
        future = self._future(self.thursday)
        kept = future.filtered(lambda s: s.date_start.date() <= date(2026, 3, 31))
        self.assertEqual(kept.mapped("state"), ["open"])
        self.assertEqual(set((future - kept).mapped("state")), {"cancelled"})
        self.assertEqual(set((future - kept).registration_ids.mapped("state")), {"cancelled"})
        self.assertEqual(self._state_on(self.member, self.thursday, date(2026, 3, 12)), "planned")
        self.assertEqual(self.member.coop_shift_membership_ids.date_end, date(2026, 3, 31))
        self.assertFalse(late_joiner.coop_shift_membership_ids)

    def test_refusals(self):
        with self.frozen():
            self.thursday.action_generate_shifts()
            with self.assertRaisesRegex(UserError, "Choose something"):
                self._bulk(self.thursday)
            with self.assertRaisesRegex(UserError, "at least one seat"):
                self._bulk(self.thursday, change_seats=True, seats=0)
            with self.assertRaisesRegex(UserError, "today or later"):
                self._bulk(self.thursday, change_date_end=True, date_end=TODAY - timedelta(days=1))
            with self.assertRaisesRegex(UserError, "Choose the leaders"):
                self._bulk(self.thursday, leader_action="add")
            crowd = self._member("Wizard Crowd")
            self.Membership.create(
                {"partner_id": crowd.id, "template_id": self.thursday.id, "date_start": TODAY}
            )
            with self.assertRaisesRegex(UserError, "already has 2 people"):
                self._bulk(self.thursday, change_seats=True, seats=1)
            with self.assertRaisesRegex(
                AccessError, "not allowed to access 'Change Several Teams'"
            ):
                self._bulk(self.thursday, user=self.office, change_seats=True, seats=5)
        self.assertEqual(self.thursday.seats, 10)
