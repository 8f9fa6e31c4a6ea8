import base64
import io

from PIL import Image

from odoo import fields
from odoo.tests import tagged

from .common import CoopMembershipCase, new_test_user


@tagged("post_install", "-at_install")
class TestReports(CoopMembershipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls._member("Report Member", quantity=12)
        cls.household = cls._person("Report Child", coop_household_head_id=cls.member.id)

    def _html(self, xmlid, records):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(xmlid, records.ids)
        return html.decode()

    def test_the_demo_company_shows_the_cafes_logo(self):
        """Portal pages, cards and documents show the café's logo, not "Your logo"."""
        company = self.env.ref("base.main_company")
        logo = Image.open(io.BytesIO(base64.b64decode(company.logo)))
        self.assertEqual(logo.size, (600, 180))

    def test_member_card(self):
        html = self._html(
            "coop_membership.action_report_coop_member_card", self.member | self.household
        )
        self.assertIn(self.member.coop_member_number, html)
        self.assertIn(f"value={self.member.barcode}", html)
        self.assertIn(f"value={self.household.barcode}", html)
        self.assertIn("Household of", html)

    def test_share_certificate(self):
        html = self._html("coop_membership.action_report_coop_share_certificate", self.member)
        self.assertIn("Share Certificate", html)
        self.assertIn(self.member.name, html)
        self.assertIn(self.share_a.display_name, html)
        self.assertIn(">12<", html.replace(" ", ""))

    def test_register_of_members(self):
        former = self._member("Report Former")
        former.coop_share_line_ids.action_reverse()
        office = new_test_user(
            self.env, login="register_office", groups="coop_membership.group_coop_user"
        )
        form = self._open_wizard("coop_membership.action_coop_member_register_wizard", office)
        self.assertEqual((form.date, form.include_former), (fields.Date.today(), True))
        wizard = form.save()
        html = self._html("coop_membership.action_report_coop_member_register", wizard)
        self.assertIn("Register of Members and Shares", html)
        self.assertIn(self.member.name, html)
        self.assertIn(former.name, html, "former members stay in the legal register")
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
