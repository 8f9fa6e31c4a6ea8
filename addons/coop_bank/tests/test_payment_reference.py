from odoo.tests import tagged

from .common import CoopBankCase


@tagged("post_install", "-at_install")
class TestPaymentReference(CoopBankCase):
    def test_members_documents_carry_the_member_reference(self):
        for invoice in (self.priya_invoice, self.kwesi_request.move_id):
            partner = invoice.partner_id
            self.assertEqual(
                invoice.payment_reference, f"{partner.coop_member_number}-{invoice.id}"
            )
            self.assertLessEqual(len(invoice.payment_reference), 18)
        # A newcomer's first capital invoice names her before she has a number.
        newcomer = self.ada_request.move_id
        self.assertEqual(newcomer.payment_reference, f"P{self.ada.id}-{newcomer.id}")
        self.assertEqual(
            self.priya._coop_payment_reference(), f"{self.priya.coop_member_number}-TOPUP"
        )
        # Anyone else's invoice keeps Odoo's reference.
        stranger = self._person("Walk-in Customer")
        invoice = self._goods_invoice(stranger, 9.0)
        self.assertEqual(invoice.payment_reference, invoice.name)

    def test_reference_parsing(self):
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner._coop_parse_payment_references("FP 42 - topup 18NOV", "p7-1234"),
            [("42", "TOPUP"), ("P7", "1234")],
        )
        self.assertEqual(Partner._coop_parse_payment_references("INV/2026/00012", None), [])
        self.assertEqual(
            Partner._coop_from_reference_key(self.priya.coop_member_number), self.priya
        )
        self.assertEqual(Partner._coop_from_reference_key(f"P{self.ada.id}"), self.ada)
        # P<id> names people of the co-op only, not any contact.
        self.assertFalse(Partner._coop_from_reference_key(f"P{self.company.partner_id.id}"))

    def test_each_company_with_a_chart_gets_the_models(self):
        models = self.env["account.reconcile.model"].search(
            [("company_id", "=", self.company.id), ("coop_rule", "!=", False)]
        )
        self.assertEqual(sorted(models.mapped("coop_rule")), ["member_invoice", "member_top_up"])
        top_up = models.filtered(lambda m: m.coop_rule == "member_top_up")
        self.assertEqual(top_up.line_ids.account_id, self.company._coop_member_account())
        # Calling it again makes nothing twice.
        self.company._coop_bank_ensure_reconcile_models()
        self.assertEqual(
            self.env["account.reconcile.model"].search_count(
                [("company_id", "=", self.company.id), ("coop_rule", "!=", False)]
            ),
            2,
        )
        # A new company gets them when its chart is loaded.
        company = self.env["res.company"].create({"name": "Second Co-op"})
        self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        self.assertEqual(
            self.env["account.reconcile.model"].search_count(
                [("company_id", "=", company.id), ("coop_rule", "!=", False)]
            ),
            2,
        )

    def test_moving_the_members_account_moves_the_top_ups(self):
        account = self.env["account.account"].create(
            {
                "name": "Members' deposits",
                "code": "110099",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        self.company.coop_member_account_id = account
        top_up = self.company._coop_bank_reconcile_models("member_top_up")
        self.assertEqual(top_up.line_ids.account_id, account)

    def test_the_bank_details_follow_the_journals(self):
        """Members read the account of the first bank journal; the details are cached for
        the portal and change as soon as the journals or the account do."""
        self.company._coop_transfer_bank_details()
        self.current_account.sequence = -100
        details = self.company._coop_transfer_bank_details()
        self.assertEqual(details["number"], self.bank_account.acc_number)
        self.bank_account.acc_holder_name = "Hackney Bakery Cafe Co-operative Ltd"
        self.assertEqual(
            self.company._coop_transfer_bank_details()["holder"],
            "Hackney Bakery Cafe Co-operative Ltd",
        )
