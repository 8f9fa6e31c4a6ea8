"""The holes an attacker found with real users of each group, each closed and kept closed."""

from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CERTIFICATE_PDF, NOW, TODAY, CoopRolesCase, staff_user


@tagged("post_install", "-at_install")
class TestShiftFieldsOnContacts(CoopRolesCase):
    """What a member owes is the members' office's to change; counters are the ledger's."""

    def test_staff_without_the_right_cannot_change_what_a_member_owes(self):
        changes = (
            {"coop_shift_mode": "exempt"},
            {"coop_shift_unsubscribed": True},
            {"coop_shift_standard_points": 10},
            {"coop_shift_alert_since": False},
            {"coop_shift_extension_until": TODAY + timedelta(days=365)},
        )
        for role in ("cashier", "leader", "membership"):
            for values in changes:
                with self.subTest(role=role, values=values), self.assertRaises(AccessError):
                    self.member_b.with_env(self.as_role(role)).write(values)
        self.member_b.invalidate_recordset()
        self.assertRecordValues(
            self.member_b,
            [
                {
                    "coop_shift_mode": "team",
                    "coop_shift_unsubscribed": False,
                    "coop_shift_standard_points": -1,
                    "coop_shift_alert_since": TODAY - timedelta(days=3),
                    "coop_shift_extension_until": False,
                }
            ],
        )
        with freeze_time(NOW):
            self.assertEqual(self.member_b.coop_shift_status, "alert")

    def test_writing_what_a_contact_already_has_changes_nothing(self):
        """Odoo's contact merge writes every field back: that is no change, and is allowed."""
        self.member_b.coop_shift_notified_status = "alert"
        cashier = self.as_role("cashier")
        self.member_b.with_env(cashier).write(
            {"coop_shift_mode": "team", "coop_shift_notified_status": "alert", "phone": "0123"}
        )
        duplicate = self.env["res.partner"].create(
            {"name": "Role Member B (copy)", "email": self.member_b.email}
        )
        merge = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_env(cashier)
            .with_context(active_model="res.partner", active_ids=[duplicate.id, self.member_b.id])
            .create({"dst_partner_id": self.member_b.id})
        )
        merge.action_merge()
        self.assertFalse(duplicate.exists())
        self.assertRecordValues(
            self.member_b,
            [{"coop_shift_mode": "team", "coop_shift_notified_status": "alert", "phone": "0123"}],
        )

    def test_the_office_changes_the_worker_mode_not_the_counters(self):
        office = self.member_b.with_env(self.as_role("office"))
        office.write({"coop_shift_mode": "flying", "coop_shift_unsubscribed": True})
        self.assertRecordValues(
            self.member_b, [{"coop_shift_mode": "flying", "coop_shift_unsubscribed": True}]
        )
        for role in ("office", "manager"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.member_b.with_env(self.as_role(role)).coop_shift_standard_points = 5

    def test_the_till_and_the_staff_read_anyone_s_status(self):
        """Cashiers, leaders and the membership office read why a member may not shop, also
        when it comes from a sick leave they may not read."""
        sick = self._member("Role Sick Member")
        leave = self.Leave.create(
            {
                "partner_id": sick.id,
                "leave_type": "sickness",
                "date_start": TODAY - timedelta(days=2),
                "date_end": TODAY + timedelta(days=10),
            }
        )
        leave.action_approve()
        fields = ["coop_status", "coop_can_shop", "coop_status_reason"]
        with freeze_time(NOW):
            for role in ("cashier", "leader", "membership"):
                with self.subTest(role=role):
                    self.env.invalidate_all()
                    rows = (self.member_b | sick).with_env(self.as_role(role)).read(fields)
                    self.assertEqual([row["coop_status"] for row in rows], ["alert", "exempted"])
                    self.assertIn("make-up", rows[0]["coop_status_reason"])
                    self.assertIn("Exempted from shifts until", rows[1]["coop_status_reason"])
                    self.assertTrue(rows[0]["coop_can_shop"])
            self.env.invalidate_all()
            own = self.member_a.with_env(self.as_role("portal")).read(fields)[0]
            self.assertEqual(own["coop_status"], "up_to_date")

    def test_contact_form_for_each_staff_role(self):
        """The form works for everyone; only the office may change the worker mode in it."""
        # The member form counts capital invoices: office staff read invoices too.
        clerks = {
            "membership": staff_user(
                self.env,
                "form_membership",
                "coop_membership.group_coop_user,account.group_account_invoice",
            ),
            "office": staff_user(
                self.env,
                "form_office",
                "coop_shifts.group_coop_shift_user,account.group_account_invoice",
            ),
        }
        envs = {
            "cashier": self.as_role("cashier"),
            "leader": self.as_role("leader"),
            **{role: self.env(user=user) for role, user in clerks.items()},
        }
        for role, env in envs.items():
            with self.subTest(role=role):
                with Form(env["res.partner"]) as form:
                    form.name = f"Form Contact {role}"
                self.assertEqual(form.record.coop_shift_mode, "team")
        with Form(self.member_b.with_env(envs["membership"])) as form:
            with self.assertRaisesRegex(AssertionError, "readonly"):
                form.coop_shift_mode = "flying"
            form.comment = "Asked about flying"
        with Form(self.member_b.with_env(envs["office"])) as form:
            form.coop_shift_mode = "flying"
        self.assertEqual(self.member_b.coop_shift_mode, "flying")
        arch = envs["membership"]["res.partner"].get_views([(False, "form")])["views"]["form"]
        self.assertIn('name="coop_shift_status"', arch["arch"])
        self.assertNotIn('name="coop_shift_leave_id"', arch["arch"])


@tagged("post_install", "-at_install")
class TestPointsByHand(CoopRolesCase):
    """Leaders mark the shifts they lead; only a manager writes a correction."""

    def _events_of(self, partner):
        return self.Event.search([("partner_id", "=", partner.id)])

    def test_a_leader_cannot_write_points(self):
        before = self._events_of(self.member_b)
        Event = self.as_role("leader")["coop.shift.counter.event"]
        for values in (
            {"points": 10, "note": "Good standing again"},
            {"points": 10, "reason": "attendance"},
            {"points": 10, "reason": "cycle", "counter": "flying"},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                Event.create({"partner_id": self.member_b.id, **values})
        self.assertEqual(self._events_of(self.member_b), before)
        with freeze_time(NOW):
            self.assertEqual(self.member_b.coop_shift_status, "alert")

    def test_only_a_manager_corrects_points_and_says_why(self):
        values = {"partner_id": self.member_b.id, "points": 1, "note": "Helped at the AGM"}
        with self.assertRaises(AccessError):
            self.as_role("office")["coop.shift.counter.event"].create(values)
        Event = self.as_role("manager")["coop.shift.counter.event"]
        with self.assertRaisesRegex(UserError, "Say why"):
            Event.create({**values, "note": " "})
        for machinery in (
            {"reason": "attendance"},
            {"reversal_of_id": self._events_of(self.member_b)[:1].id},
        ):
            with self.subTest(machinery=machinery), self.assertRaises(AccessError):
                Event.create({**values, **machinery})
        correction = Event.create(values)
        self.assertRecordValues(
            correction,
            [{"reason": "correction", "points": 1, "create_uid": self.users["manager"].id}],
        )
        self.assertEqual(self.member_b.coop_shift_standard_points, 0)

    def test_a_leader_marks_the_shift_they_lead_and_points_follow(self):
        shift = self._shift(
            NOW - timedelta(minutes=20),
            leader_ids=self.users["leader"].partner_id.ids,
        )
        registration = self.Registration.create(
            {"shift_id": shift.id, "partner_id": self.member_a.id, "kind": "team"}
        )
        sheet = shift.with_env(self.as_role("leader"))
        with freeze_time(NOW):
            sheet.coop_sheet_mark(registration.id, "absent")
            self.assertEqual(self.member_a.coop_shift_standard_points, -2)
            sheet.coop_sheet_scan(self.member_a.barcode)  # came late after all
            registration.with_env(self.as_role("leader")).action_excuse()
            sheet.coop_sheet_validate()
        events = self._events_of(self.member_a).sorted("id")
        self.assertEqual(events.mapped("points"), [-2, 2, -1])
        self.assertEqual(events.mapped("reason"), ["attendance", "reversal", "attendance"])
        self.assertEqual(set(events.create_uid.ids), {self.users["leader"].id})
        self.assertEqual(self.member_a.coop_shift_standard_points, -1)
        self.assertEqual(shift.state, "done")

    def test_a_leader_cannot_mark_a_shift_they_do_not_lead(self):
        registration = self.foreign_registration.with_env(self.as_role("leader"))
        with freeze_time(NOW):
            for call in (registration.action_attend, registration.action_absent):
                with self.assertRaisesRegex(AccessError, "Only the leaders of"):
                    call()
            with self.assertRaisesRegex(AccessError, "Only the leaders of"):
                self.foreign_shift.with_env(self.as_role("leader")).action_validate_sheet()
        self.assertEqual(self.foreign_registration.state, "planned")
        self.assertFalse(self.foreign_registration.event_ids)

    def test_a_leader_changes_nothing_by_hand_on_their_own_shift(self):
        """Turning a team shift into a make-up would earn a point: leaders mark, nothing else."""
        registration = self.Registration.create(
            {"shift_id": self.led_shift.id, "partner_id": self.member_b.id, "kind": "team"}
        )
        leader = self.as_role("leader")
        for record, values in (
            (registration, {"kind": "makeup"}),
            (registration, {"state": "attended"}),
            (registration, {"partner_id": self.member_a.id}),
            (self.led_shift, {"seats": 99}),
            (self.led_shift, {"state": "done"}),
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                record.with_env(leader).write(values)
        self.assertRecordValues(registration, [{"kind": "team", "state": "planned"}])


@tagged("post_install", "-at_install")
class TestActionsCheckTheirGroup(CoopRolesCase):
    """The office's buttons work for the office, and for nobody else over RPC."""

    def test_the_office_decides_leaves(self):
        leave = self.sick_leave.with_env(self.as_role("office"))
        with freeze_time(NOW):
            leave.action_approve()
        self.assertEqual(self.sick_leave.state, "approved")
        for role in ("portal", "cashier", "leader", "membership"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.sick_leave.with_env(self.as_role(role)).action_cancel()
        self.assertEqual(self.sick_leave.state, "approved")

    def test_grace_is_the_members_own_or_the_office_s_gift(self):
        with freeze_time(NOW):
            for role in ("portal", "cashier", "leader", "membership"):
                with self.subTest(role=role), self.assertRaisesRegex(AccessError, "own grace"):
                    self.member_b.with_env(self.as_role(role)).action_coop_shift_take_grace()
            self.assertFalse(self.member_b.coop_shift_extension_ids)
            self.member_b.with_env(self.as_role("office")).action_coop_shift_take_grace()
        self.assertEqual(self.member_b.coop_shift_extension_ids.kind, "grace")

    def test_a_member_takes_their_own_grace(self):
        self.Event.create(
            {"partner_id": self.member_a.id, "points": -1, "date": TODAY, "note": "Missed"}
        )
        with freeze_time(NOW):
            self.member_a.with_env(self.as_role("portal")).action_coop_shift_take_grace()
            with self.assertRaisesRegex(UserError, "only once"):
                self.member_a.with_env(self.as_role("portal")).action_coop_shift_take_grace()
        self.assertEqual(len(self.member_a.coop_shift_extension_ids), 1)


@tagged("post_install", "-at_install")
class TestMedicalCertificates(CoopRolesCase):
    """Sickness leaves, their notes and certificates: the members' office only."""

    def test_cashiers_leaders_and_the_membership_office_read_no_leave(self):
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "coop.shift.leave"), ("res_field", "=", "proof")]
        )
        self.assertTrue(attachment, "the certificate is stored as an attachment")
        for role in ("cashier", "leader", "membership"):
            env = self.as_role(role)
            leave = self.sick_leave.with_env(env)
            with self.subTest(role=role):
                for fields in (["date_start"], ["leave_type"], ["proof"], ["note"]):
                    with self.assertRaises(AccessError):
                        leave.read(fields)
                with self.assertRaises(AccessError):
                    env["coop.shift.leave"].search([])
                with self.assertRaises(AccessError):
                    self.member_b.with_env(env).read(["coop_shift_leave_ids"])
                with self.assertRaises(AccessError):
                    attachment.with_env(env).read(["datas"])
                self.assertFalse(
                    env["ir.attachment"].search(
                        [("res_model", "=", "coop.shift.leave"), ("res_field", "=", "proof")]
                    )
                )

    def test_the_member_reads_their_leave_not_its_certificate_fields(self):
        """Over RPC a member sees their own leave; the certificate comes through the portal."""
        own = self.Leave.create(
            {
                "partner_id": self.member_a.id,
                "leave_type": "sickness",
                "date_start": TODAY + timedelta(days=3),
                "date_end": TODAY + timedelta(days=5),
                "proof": self.sick_leave.proof,
                "proof_filename": "note.pdf",
            }
        )
        Leave = self.as_role("portal")["coop.shift.leave"]
        self.assertEqual(Leave.search([]), own.with_env(Leave.env))
        self.assertEqual(own.with_env(Leave.env).read(["leave_type"])[0]["leave_type"], "sickness")
        with self.assertRaises(AccessError):
            own.with_env(Leave.env).read(["proof"])
        with self.assertRaises(AccessError):
            self.sick_leave.with_env(Leave.env).read(["date_start"])

    def test_the_office_reads_the_certificate(self):
        leave = self.sick_leave.with_env(self.as_role("office"))
        self.assertEqual(
            leave.read(["proof_filename", "note"])[0]["note"], "Surgery on the left knee"
        )
        self.assertTrue(leave.proof)

    def test_a_certificate_is_a_pdf_or_an_image_sent_before_the_decision(self):
        leave = self.sick_leave
        with self.assertRaisesRegex(UserError, "PDF, JPEG or PNG"):
            leave._coop_attach_certificate(b"<html><script>alert(1)</script></html>", "x.html")
        with self.assertRaisesRegex(UserError, "Choose the certificate"):
            leave._coop_attach_certificate(b"", "empty.pdf")
        leave._coop_attach_certificate(CERTIFICATE_PDF, "../../scan.pdf")
        self.assertEqual(leave.proof_filename, ".._.._scan.pdf")
        with freeze_time(NOW):
            leave.action_approve()
        with self.assertRaisesRegex(UserError, "already decided"):
            leave._coop_attach_certificate(CERTIFICATE_PDF, "later.pdf")
