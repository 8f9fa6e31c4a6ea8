from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.coop_membership.tests.common import new_test_user, portal_user

from .common import CoopSalesCase


@tagged("post_install", "-at_install")
class TestSalesReport(CoopSalesCase):
    def test_till_sales_by_buyer_and_household(self):
        self.sell(self.ann, quantity=2)
        self.sell(self.ann_partner, quantity=4)
        self.sell(self.bea)
        self.sell(self.visitor, quantity=10)
        rows = self.rows()
        kinds = {row.partner_id: row.buyer_kind for row in rows}
        self.assertEqual(
            kinds,
            {
                self.ann: "member",
                self.ann_partner: "associated",
                self.bea: "member",
                self.visitor: "other",
            },
        )
        households = {row.partner_id: row.household_id for row in rows}
        self.assertEqual(households[self.ann_partner], self.ann, "shops on Ann's household")
        self.assertEqual(households[self.ann], self.ann)
        self.assertEqual(set(rows.mapped("source")), {"till"})
        totals = dict(
            self.env["coop.sales.report"]._read_group(
                [("id", "in", rows.ids)], ["household_id"], ["amount_total:sum"]
            )
        )
        self.assertAlmostEqual(totals[self.ann], 15.0, msg="Ann's 5.00 and her partner's 10.00")
        self.assertAlmostEqual(totals[self.bea], 2.5)
        walk_in = self.sell(self.env["res.partner"])
        self.env.flush_all()
        row = self.env["coop.sales.report"].search([("pos_order_id", "=", walk_in.id)])
        self.assertEqual((row.buyer_kind, row.partner_id.id), ("walk_in", False))

    def test_round_invoices_and_credit_notes(self):
        _order, invoice = self.basket_invoice(self.ann, 30.0)
        self.basket_invoice(self.bea, 12.0, post=False)
        rows = self.rows()
        self.assertEqual(len(rows), 1, "a draft invoice is not a sale")
        self.assertEqual(
            (rows.source, rows.round_id, rows.move_id, rows.amount_total, rows.orders),
            ("round", self.round, invoice, 30.0, 1),
        )
        self.assertEqual(str(rows.date), "2026-03-09 12:00:00", "noon on the invoice's day")
        refund = invoice._reverse_moves(
            [{"invoice_date": invoice.invoice_date, "ref": "Short delivery"}]
        )
        refund.invoice_line_ids.price_unit = 8.0
        refund.action_post()
        rows = self.rows()
        credit = rows.filtered("is_refund")
        self.assertEqual(
            (credit.amount_total, credit.orders, credit.round_id), (-8.0, 0, self.round)
        )
        self.assertAlmostEqual(sum(rows.mapped("amount_total")), 22.0)

    def test_average_basket_and_share_to_members(self):
        self.sell(self.ann, quantity=4)  # 10.00
        self.sell(self.visitor, quantity=2)  # 5.00
        self.basket_invoice(self.bea, 30.0)
        refund = self.sell(self.ann, quantity=-1)  # a loaf brought back
        self.assertLess(refund.amount_total, 0)
        Report = self.env["coop.sales.report"]
        rows = self.rows()
        [(orders, total, basket)] = Report._read_group(
            [("id", "in", rows.ids)], [], ["orders:sum", "amount_total:sum", "basket:avg"]
        )
        self.assertEqual(orders, 3, "a refund is not a basket")
        self.assertAlmostEqual(total, 42.5)
        self.assertAlmostEqual(basket, (10.0 + 5.0 + 30.0) / 3)
        to_members = Report.search_count(
            [("id", "in", rows.ids), ("buyer_kind", "in", ("member", "associated"))]
        )
        self.assertEqual(to_members, 3)

    def test_one_query_whatever_the_number_of_sales(self):
        self.sell(self.ann)
        self.env.flush_all()
        Report = self.env["coop.sales.report"]
        with self.assertQueryCount(1):
            Report._read_group([], ["household_id", "source"], ["amount_total:sum"])
        for index in range(6):
            self.sell(self.bea)
            self.basket_invoice(self._person(f"Round Buyer {index}"), 3.0)
        self.env.flush_all()
        with self.assertQueryCount(1):
            Report._read_group([], ["household_id", "source"], ["amount_total:sum"])

    def test_who_reads_the_sales(self):
        self.sell(self.ann)
        self.env.flush_all()
        office = new_test_user(
            self.env, login="sales_office", groups="coop_membership.group_coop_user"
        )
        employee = new_test_user(self.env, login="sales_employee", groups="base.group_user")
        member = portal_user(self.env, "sales_ann", self.ann)
        Report = self.env["coop.sales.report"]
        for user in (office, self.pos_manager):
            self.assertTrue(Report.with_user(user).search_count([]), user.login)
        for user in (employee, member, self.cashier):
            with self.assertRaises(AccessError, msg=user.login):
                Report.with_user(user).search_count([])
        with self.assertRaises(AccessError):
            self.rows()[:1].with_user(office).write({"amount_total": 0})
