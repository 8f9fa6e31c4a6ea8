from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CoopAssemblyCase


@tagged("post_install", "-at_install")
class TestNoticeAndMinutes(CoopAssemblyCase):
    def test_notice_goes_to_everyone_on_the_roll_once(self):
        assembly = self._called()
        document = self.env["ir.attachment"].create(
            {"name": "Accounts.pdf", "raw": b"%PDF-1.4 accounts"}
        )
        assembly.document_ids = document
        Mail = self.env["mail.mail"]
        before = Mail.search([])
        self.Assembly._cron_send_notices(batch_size=2)
        mails = Mail.search([]) - before
        self.assertEqual(mails.recipient_ids, assembly.voter_ids.partner_id)
        self.assertNotIn(self.late, mails.recipient_ids)
        self.assertTrue(all(assembly.voter_ids.mapped("notice_sent")))
        mail = mails.filtered(lambda m: m.recipient_ids == self.anna)
        self.assertIn("/my/assemblies/%s" % assembly.id, mail.body_html)
        self.assertIn(document, mail.attachment_ids)
        self.assertIn(assembly.proxy_form_id, mail.attachment_ids, "the proxy form goes too")
        self.Assembly._cron_send_notices()
        self.assertEqual(Mail.search([]) - before, mails, "nobody gets it twice")

    def test_members_without_email_are_left_to_post(self):
        self.carl.email = False
        assembly = self._called()
        carl = self.voter(assembly, self.carl)
        Mail = self.env["mail.mail"]
        before = Mail.search([])
        self.Assembly._cron_send_notices(batch_size=2)
        mails = Mail.search([]) - before
        self.assertNotIn(self.carl, mails.recipient_ids)
        self.assertEqual((carl.notice_sent, carl.notice_by_post), (False, True))
        others = assembly.voter_ids - carl
        self.assertTrue(all(others.mapped("notice_sent")))
        self.assertFalse(any(others.mapped("notice_by_post")))
        notes = assembly.message_ids.filtered(lambda m: "no email address" in (m.body or ""))
        self.assertEqual(len(notes), 1, "the office is told once")
        self.assertIn("1 member(s)", notes.body)
        # Run again: Carl is neither mailed nor counted again.
        self.Assembly._cron_send_notices()
        self.assertEqual(Mail.search([]) - before, mails)
        self.assertEqual(
            len(assembly.message_ids.filtered(lambda m: "no email address" in (m.body or ""))), 1
        )
        with self.assertRaises(UserError):
            (carl | self.voter(assembly, self.anna)).with_user(
                self.office
            ).action_mark_notice_posted()
        for user in (self.user_ben, self.employee):
            with self.assertRaises(AccessError):
                carl.with_user(user).action_mark_notice_posted()
        self.assertFalse(carl.notice_sent)
        carl.with_user(self.office).action_mark_notice_posted()
        self.assertTrue(carl.notice_sent)

    def test_minutes_show_attendance_quorum_and_results(self):
        assembly = self._called()
        resolution = assembly.resolution_ids
        resolution.action_open_vote()
        self.Proxy.create(
            {"assembly_id": assembly.id, "grantor_id": self.ben.id, "holder_id": self.anna.id}
        )
        self.open_session(assembly, self.anna, self.carl, self.dora)
        resolution._coop_vote_online(assembly._coop_voter(self.emil), "against")
        resolution.with_user(self.office).action_record_room_count(3, 1, 0)
        assembly.action_close()
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "coop_assembly.action_report_coop_assembly_minutes", assembly.ids
        )
        html = html.decode()
        self.assertIn("Anna Assembly", html)
        self.assertIn("Ben Assembly</span> to <span>Anna Assembly", html)
        self.assertIn("Adopted", html)
        self.assertRegex(html, r"Taking part</strong></td><td class=\"text-end\"><strong>5<")
        self.assertEqual((resolution.votes_for, resolution.votes_against), (3, 2))
