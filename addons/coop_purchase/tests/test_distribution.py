import io
from datetime import date, datetime, timedelta

import openpyxl
from freezegun import freeze_time
from lxml import html

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.coop_membership.tests.common import portal_user

from ..report.round_matrix_xlsx import round_matrix_xlsx
from .common import OPEN, GroupOrderSetup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestDistribution(GroupOrderSetup, HttpCase):
    """After closing: pick lists, who gets what, the order matrix and the pickup checklist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enter_own_company("Distribution Group Ltd")
        cls.tag = cls.env["res.partner.category"].create({"name": "Distribution buyers"})
        cls.mill = cls.env["res.partner"].create({"name": "Stone Mill"})
        cls.flour = cls._product("Spelt Flour")
        cls.oats = cls._product("Jumbo Oats")
        cls.alice, cls.bob, cls.carol = cls.env["res.partner"].create(
            [
                {"name": name, "category_id": [(6, 0, cls.tag.ids)], "company_id": cls.company.id}
                for name in ("Alice Picker", "Bob Picker", "Carol Picker")
            ]
        )
        cls.round = cls.env["coop.purchase.round"].create(
            {
                "name": "April Grains",
                "supplier_ids": [(6, 0, cls.mill.ids)],
                "date_open": OPEN,
                "date_close": OPEN + timedelta(days=5),
                "participant_category_id": cls.tag.id,
                "allocation_policy": "first_come",
                "pickup_date": date(2026, 3, 12),
                "pickup_place": "Back Room, Mare Street",
            }
        )
        Offer = cls.env["coop.purchase.round.line"]
        cls.flour_line, cls.oats_line = Offer.create(
            [
                {
                    "round_id": cls.round.id,
                    "product_id": product.id,
                    "supplier_id": cls.mill.id,
                    "price": price,
                    "case_size": case,
                }
                for product, price, case in ((cls.flour, 2.0, 6), (cls.oats, 1.5, 10))
            ]
        )
        cls.round.action_open()
        Line = cls.env["coop.purchase.member.line"]
        with freeze_time(OPEN + timedelta(hours=1)):
            Line._set_order(cls.round, cls.alice, cls.flour_line, 4, 2)
            Line._set_order(cls.round, cls.bob, cls.flour_line, 3)
            # Three oats out of a case of ten: nothing is ordered, Carol gets none.
            Line._set_order(cls.round, cls.carol, cls.oats_line, 3)
            Line._set_order(cls.round, cls.carol, cls.flour_line, 2, 1)
        cls.orders = {o.partner_id: o for o in cls.round.order_ids}
        cls.staff = new_test_user(
            cls.env,
            login="purch_dist_staff",
            groups="base.group_user,coop_purchase.group_coop_purchase_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.clerk = new_test_user(
            cls.env,
            login="purch_dist_clerk",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.member_user = portal_user(cls.env, "purch_dist_portal", cls.alice)

    @classmethod
    def _product(cls, name):
        return cls.env["product.product"].create({"name": name, "type": "consu", "taxes_id": []})

    def _close(self):
        with freeze_time(OPEN + timedelta(days=6)):
            self.round.action_close()

    def _html(self, report, records):
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(report, records.ids)
        return html.fromstring(content)

    @staticmethod
    def _rows(tree, xpath):
        return [
            [" ".join(cell.text_content().split()) for cell in row.xpath("./td|./th")]
            for row in tree.xpath(xpath)
        ]

    # ------------------------------------------------------------ reports

    def test_allocation_as_expected(self):
        self._close()
        got = {m.partner_id: m.allocated_qty for m in self.round.order_ids.line_ids}
        # Flour: Q = 9, T = 3 fills two cases of six; served first come, first served.
        self.assertEqual(got[self.alice], 6)
        self.assertEqual(got[self.bob], 3)
        oats = self.orders[self.carol].line_ids.filtered(
            lambda m: m.round_line_id == self.oats_line
        )
        self.assertEqual(oats.allocated_qty, 0)

    def test_pick_list_shows_only_allocated_lines(self):
        self._close()
        tree = self._html(
            "coop_purchase.action_report_coop_purchase_pick_list", self.orders[self.carol]
        )
        text = " ".join(tree.text_content().split())
        self.assertIn("Carol Picker", text)
        self.assertIn("April Grains", text)
        self.assertIn("Back Room, Mare Street", text)
        self.assertIn("03/12/2026", text)
        rows = self._rows(tree, "//tr[hasclass('o_coop_pick_line')]")
        unit = self.flour.uom_id.name
        self.assertEqual(rows, [["Spelt Flour", "Stone Mill", "3", unit, "\u2610"]])
        self.assertNotIn("Jumbo Oats", text)

    def test_pick_list_one_page_per_member(self):
        self._close()
        orders = self.round.order_ids
        tree = self._html("coop_purchase.action_report_coop_purchase_pick_list", orders)
        self.assertEqual(len(tree.xpath("//div[hasclass('page')]")), 3)
        self.assertEqual(len(tree.xpath("//tr[hasclass('o_coop_pick_line')]")), 3)

    def test_distribution_by_product(self):
        self._close()
        self.assertEqual(
            self.flour_line.distribution, "Alice Picker: 6, Bob Picker: 3, Carol Picker: 3"
        )
        self.assertFalse(self.oats_line.distribution)
        tree = self._html("coop_purchase.action_report_coop_purchase_distribution", self.round)
        text = " ".join(tree.text_content().split())
        self.assertIn("Distribution by Product: April Grains", text)
        self.assertIn("Allocated quantities", text)
        self.assertNotIn("Jumbo Oats", text)
        rows = self._rows(tree, "//table/tbody/tr")
        self.assertEqual(
            [row[:2] for row in rows],
            [["Alice Picker", "6"], ["Bob Picker", "3"], ["Carol Picker", "3"]],
        )
        self.assertEqual(self._rows(tree, "//table/tfoot/tr")[0][:2], ["Total", "12"])

    def test_distribution_before_closing_shows_orders(self):
        self.assertEqual(self.oats_line.distribution, "Carol Picker: 3")
        tree = self._html("coop_purchase.action_report_coop_purchase_distribution", self.round)
        self.assertIn("not yet allocated", tree.text_content())

    def test_matrix_report(self):
        self._close()
        tree = self._html("coop_purchase.action_report_coop_purchase_matrix", self.round)
        header = self._rows(tree, "//table/thead/tr")[0]
        self.assertEqual(header, ["Member", "Spelt Flour", "Total"])
        rows = self._rows(tree, "//table/tbody/tr")
        self.assertEqual(
            rows, [["Alice Picker", "6", "6"], ["Bob Picker", "3", "3"], ["Carol Picker", "3", "3"]]
        )
        self.assertEqual(self._rows(tree, "//table/tfoot/tr")[0], ["Total", "12", "12"])

    def test_matrix_xlsx_content(self):
        with freeze_time(OPEN + timedelta(hours=2)):
            before = openpyxl.load_workbook(io.BytesIO(round_matrix_xlsx(self.round))).active
        header = [cell.value for cell in before[1]]
        self.assertEqual(header, ["Member", "Jumbo Oats", "Spelt Flour", "Total"])
        self._close()
        sheet = openpyxl.load_workbook(io.BytesIO(round_matrix_xlsx(self.round))).active
        self.assertEqual([cell.value for cell in sheet[1]], ["Member", "Spelt Flour", "Total"])
        self.assertEqual(sheet["A2"].value, "Alice Picker")
        self.assertEqual(sheet["B2"].value, 6)
        self.assertEqual(sheet["B5"].value, 12)

    # ------------------------------------------------------------ controller

    def _url(self, round_id=None):
        return f"/coop_purchase/round/{round_id or self.round.id}/matrix.xlsx"

    def test_controller_gives_staff_the_xlsx(self):
        self._close()
        self.authenticate(self.staff.login, self.staff.login)
        response = self.url_open(self._url(), allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], XLSX)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet["A1"].value, "Member")
        self.assertEqual(sheet["C4"].value, 3)
        self.assertEqual(sheet["A4"].value, "Carol Picker")

    def test_controller_refuses_portal_user(self):
        self.authenticate(self.member_user.login, self.member_user.login)
        response = self.url_open(self._url(), allow_redirects=False)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(b"Alice", response.content)

    def test_controller_refuses_internal_user_without_group(self):
        self.authenticate(self.clerk.login, self.clerk.login)
        response = self.url_open(self._url(), allow_redirects=False)
        self.assertEqual(response.status_code, 403)

    def test_controller_unknown_round_and_anonymous(self):
        self.authenticate(self.staff.login, self.staff.login)
        missing = self.round.create(
            {
                "name": "Gone",
                "supplier_ids": [(6, 0, self.mill.ids)],
                "date_open": OPEN,
                "date_close": OPEN + timedelta(days=1),
            }
        )
        missing_id = missing.id
        missing.unlink()
        self.assertEqual(
            self.url_open(self._url(missing_id), allow_redirects=False).status_code, 404
        )
        self.authenticate(None, None)
        response = self.url_open(self._url(), allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)

    def test_controller_refuses_round_of_other_company(self):
        other = self.env["res.company"].create({"name": "Elsewhere Co-op"})
        foreign = self.round.with_company(other).create(
            {
                "name": "Foreign",
                "company_id": other.id,
                "supplier_ids": [(6, 0, self.mill.ids)],
                "date_open": OPEN,
                "date_close": OPEN + timedelta(days=1),
            }
        )
        self.authenticate(self.staff.login, self.staff.login)
        response = self.url_open(self._url(foreign.id), allow_redirects=False)
        self.assertEqual(response.status_code, 403)

    # ------------------------------------------------------------ pickup checklist

    def test_checklist_refused_before_closing(self):
        order = self.orders[self.alice]
        with self.assertRaisesRegex(UserError, "only once the round is closed"):
            order.action_mark_collected()
        self.assertFalse(order.collected)
        self.round.action_cancel()
        with self.assertRaisesRegex(UserError, "only once the round is closed"):
            order.action_mark_collected()

    def test_checklist_marks_collected(self):
        self._close()
        action = self.round.action_pickup_checklist()
        self.assertEqual(action["res_model"], "coop.purchase.member.order")
        orders = self.env["coop.purchase.member.order"].search(action["domain"])
        self.assertEqual(orders, self.round.order_ids)
        order = self.orders[self.bob].with_user(self.staff)
        with freeze_time(datetime(2026, 3, 12, 17)):
            order.action_mark_collected()
        self.assertTrue(order.collected)
        self.assertEqual(order.collected_date, datetime(2026, 3, 12, 17))
        with freeze_time(datetime(2026, 3, 12, 18)):
            order.action_mark_collected()
        self.assertEqual(order.collected_date, datetime(2026, 3, 12, 17), "first tick kept")
        order.action_mark_not_collected()
        self.assertFalse(order.collected)
        self.assertFalse(order.collected_date)
        self.assertFalse(self.orders[self.alice].collected)

    def test_checklist_toggle_and_rights(self):
        order = self.orders[self.carol]
        with self.assertRaisesRegex(UserError, "only once the round is closed"):
            order.write({"collected": True})
        self._close()
        order.with_user(self.staff).write({"collected": True})
        self.assertTrue(order.collected_date)
        with self.assertRaises(AccessError):
            self.orders[self.alice].with_user(self.clerk).action_mark_collected()
        with self.assertRaises(AccessError):
            self.orders[self.alice].with_user(self.member_user).action_mark_collected()
        self.assertFalse(self.orders[self.alice].collected)
