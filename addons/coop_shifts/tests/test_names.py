"""Names, days and times as members read them: in their language, at the shop's time."""

import re
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import NOW, CoopShiftsCase

# Tuesday 3 March 2026 is in week A of the cycle anchored on Monday 5 January 2026.
TUESDAY = datetime(2026, 3, 3, 18, 0)
SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")


@tagged("post_install", "-at_install")
class TestNames(CoopShiftsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.company.partner_id.tz = "Europe/Paris"
        cls.team = cls._template(week_index=0, weekday="1", start=19.0, end=22.0)
        # 19:00 in Paris in winter is 18:00 in UTC.
        cls.shift = cls._shift(TUESDAY, template_id=cls.team.id)

    def in_french(self, records):
        return records.with_context(lang="fr_FR")

    def test_team_names_in_the_readers_language(self):
        self.assertEqual(self.team.name, "A-Tue 19:00")
        self.assertEqual(self.in_french(self.team).name, "A-mar. 19:00")
        self.assertEqual(self.in_french(self.team).display_name, "A-mar. 19:00")
        Template = self.env["coop.shift.template"]
        self.assertIn(self.team, Template.search([("name", "ilike", "A-Tue")]))
        self.assertIn(self.team, self.in_french(Template).search([("name", "ilike", "A-mar.")]))
        self.assertNotIn(self.team, Template.search([("name", "ilike", "A-mar.")]))

    def test_shift_names_in_the_readers_language(self):
        with freeze_time(NOW):
            english = self.shift.display_name
            french = self.in_french(self.shift).display_name
        self.assertEqual(english, "A-Tue 3 Mar, 19:00")
        self.assertEqual(french, "A-mar. 3 mars, 19:00")
        self.assertEqual(self.shift.name, "A 2026-03-03 19:00", "the key stays one language")
        self.assertIn(self.shift, self.Shift.search([("name", "ilike", "2026-03-03")]))
        with freeze_time(datetime(2027, 1, 10)):
            self.env.invalidate_all()
            self.assertEqual(self.shift.display_name, "A-Tue 3 Mar 2026, 19:00", "another year")

    def test_a_shift_without_a_team_is_its_day_and_time(self):
        one_off = self._shift(datetime(2026, 12, 3, 12, 0))
        with freeze_time(NOW):
            self.assertEqual(one_off.display_name, "Thu 3 Dec, 13:00")
            self.assertEqual(self.in_french(one_off).display_name, "jeu. 3 déc., 13:00")

    def test_days_and_moments_for_people(self):
        company = self.company
        with freeze_time(NOW):
            self.assertEqual(company._coop_format_day(date(2026, 3, 3)), "Tue 3 Mar")
            self.assertEqual(
                company.with_context(lang="fr_FR")._coop_format_day(date(2026, 3, 3)),
                "mar. 3 mars",
            )
            self.assertEqual(company._coop_format_day(date(2025, 12, 30)), "Tue 30 Dec 2025")
            self.assertEqual(company._coop_format_moment(TUESDAY), "Tue 3 Mar, 19:00")
            self.assertEqual(company._coop_format_moment(False), "")

    def test_the_status_reason_gives_a_day(self):
        member = self._member("Alice", lang="fr_FR")
        self.Event.create(
            {"partner_id": member.id, "points": -1, "note": "Missed", "date": NOW.date()}
        )
        with freeze_time(NOW):
            self.env.invalidate_all()
            reason = member._coop_status_reason()
            french = member.with_context(lang="fr_FR")._coop_status_reason()
        self.assertIn("Wed 8 Apr", reason)
        self.assertIn("mer. 8 avr.", french)

    # ------------------------------------------------------------ mails

    def _body(self, template_xmlid, record):
        template = self.env.ref(template_xmlid)
        return template._render_field("body_html", record.ids, compute_lang=True)[record.id]

    def _subject(self, template_xmlid, record):
        template = self.env.ref(template_xmlid)
        return template._render_field("subject", record.ids, compute_lang=True)[record.id]

    def test_mails_read_like_a_person_in_their_language(self):
        english = self._member("Ann", email="ann@example.org")
        french = self._member("Aurélie", email="aurelie@example.org", lang="fr_FR")
        with freeze_time(NOW):
            for partner, shift_name in (
                (english, "A-Tue 3 Mar, 19:00"),
                (french, "A-mar. 3 mars, 19:00"),
            ):
                with self.subTest(lang=partner.lang):
                    registration = self.Registration.create(
                        {"shift_id": self.shift.id, "partner_id": partner.id, "kind": "team"}
                    )
                    reminder = "coop_shifts.mail_template_shift_reminder"
                    self.assertIn(shift_name, self._subject(reminder, registration))
                    body = self._body(reminder, registration)
                    self.assertIn(shift_name, body)
                    self.assertIn("19:00–22:00", body)
                    self.assertFalse(SECONDS.search(body), body)
            leave = self.Leave.create(
                {
                    "partner_id": french.id,
                    "date_start": date(2026, 4, 1),
                    "date_end": date(2026, 4, 30),
                }
            )
            leave.action_approve()
            body = self._body("coop_shifts.mail_template_leave_decision", leave)
        self.assertIn("mer. 1 avr.", body)
        self.assertIn("jeu. 30 avr.", body)
        self.assertNotIn("2026-04-01", body)

    def test_swap_mails_name_the_shifts_in_the_takers_language(self):
        giver = self._member("Gus", email="gus@example.org")
        taker = self._member("Théo", email="theo@example.org", lang="fr_FR")
        self.Membership.create(
            {"partner_id": taker.id, "template_id": self.team.id, "date_start": date(2026, 1, 1)}
        )
        later = self._shift(TUESDAY + timedelta(days=28), template_id=self.team.id)
        with freeze_time(datetime(2026, 2, 20, 9)):
            offer = self.env["coop.shift.swap"]._offer(
                self.Registration.create(
                    {"shift_id": later.id, "partner_id": giver.id, "kind": "team"}
                )
            )
            offer._take(taker)
        subject = self._subject("coop_shifts.mail_template_swap_assigned", offer)
        self.assertIn("A-mar. 31 mars, 20:00", subject)
