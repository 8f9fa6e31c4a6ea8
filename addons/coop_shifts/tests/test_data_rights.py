from datetime import timedelta

from odoo.tests import tagged

from .common import CERTIFICATE_B64, CERTIFICATE_PDF, NOW, TODAY, CoopShiftsCase


@tagged("post_install", "-at_install")
class TestShiftDataRights(CoopShiftsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaver = cls._member("Lena Leaver")
        cls.other = cls._member("Otto Other")
        cls.sick_leave = cls.Leave.create(
            {
                "partner_id": cls.leaver.id,
                "leave_type": "sickness",
                "date_start": TODAY - timedelta(days=90),
                "date_end": TODAY - timedelta(days=60),
                "note": "Broken wrist",
                "proof": CERTIFICATE_B64,
                "proof_filename": "wrist.pdf",
            }
        )
        cls.other_leave = cls.Leave.create(
            {
                "partner_id": cls.other.id,
                "leave_type": "sickness",
                "date_start": TODAY - timedelta(days=90),
                "date_end": TODAY - timedelta(days=60),
                "note": "Flu",
                "proof": CERTIFICATE_B64,
                "proof_filename": "flu.pdf",
            }
        )
        cls.shift = cls._shift(NOW - timedelta(days=30))
        cls.registration = cls.Registration.create(
            {"shift_id": cls.shift.id, "partner_id": cls.leaver.id, "kind": "makeup"}
        )

    def _sell_back(self, partner):
        self.env["coop.share.line"].create(
            {
                "partner_id": partner.id,
                "share_type_id": self.working.id,
                "quantity": -1,
                "kind": "sellback",
                "date": TODAY - timedelta(days=10),
            }
        )

    def _certificates(self, leave):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", "coop.shift.leave"),
                ("res_id", "=", leave.id),
                ("res_field", "=", "proof"),
            ]
        )

    def test_erasure_removes_leave_notes_and_certificates(self):
        self.assertTrue(self._certificates(self.sick_leave))
        self._sell_back(self.leaver)
        log = self.leaver._coop_erase_personal_data()
        self.assertIn("leave notes and certificates", log.categories)
        self.assertFalse(self.sick_leave.note)
        self.assertFalse(self.sick_leave.proof)
        self.assertFalse(self.sick_leave.proof_filename)
        self.assertFalse(self._certificates(self.sick_leave), "the certificate file is gone")
        self.assertEqual(self.sick_leave.leave_type, "sickness", "the leave itself stays")
        self.assertEqual(self.registration.partner_id, self.leaver, "so does the work done")
        # Someone else's leave is untouched.
        self.assertEqual(self.other_leave.note, "Flu")
        self.assertTrue(self._certificates(self.other_leave))

    def test_no_erasure_while_shares_are_held(self):
        with self.assertRaisesRegex(Exception, "Only a former member"):
            self.leaver._coop_erase_personal_data()
        self.assertEqual(self.sick_leave.note, "Broken wrist")
        self.assertTrue(self._certificates(self.sick_leave))

    def test_export_holds_own_shifts_points_and_leaves(self):
        self.Event.sudo().create(
            {"partner_id": self.leaver.id, "points": 1, "reason": "correction", "note": "Helped"}
        )
        data = self.leaver._coop_personal_data_export()["shifts"]
        self.assertEqual(
            [(reg["kind"], reg["state"]) for reg in data["registrations"]], [("makeup", "planned")]
        )
        self.assertIn(
            (1, "correction", "Helped"),
            [(event["points"], event["reason"], event["note"]) for event in data["points"]],
        )
        self.assertEqual(
            [(leave["type"], leave["note"], leave["certificate"]) for leave in data["leaves"]],
            [("sickness", "Broken wrist", "wrist.pdf")],
        )
        self.assertNotIn("Flu", str(data))

    def test_export_sends_own_certificates(self):
        files = self.leaver._coop_personal_data_files()
        self.assertEqual(len(files), 1)
        path, content = files[0]
        self.assertTrue(path.startswith("certificates/") and path.endswith("wrist.pdf"), path)
        self.assertEqual(content, CERTIFICATE_PDF)
