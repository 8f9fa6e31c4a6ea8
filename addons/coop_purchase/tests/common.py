"""What the group-order tests share: a company of their own, a mill, and an open round."""

from datetime import datetime, timedelta

from odoo.addons.coop_membership.tests.common import RolledBackRefusals

OPEN = datetime(2026, 3, 2, 9)


class GroupOrderSetup(RolledBackRefusals):
    """Class-level builders for test cases; each test module picks what it needs."""

    @classmethod
    def _enter_own_company(cls, name, accounting=False):
        """Work in a new company, so demo data never changes the figures."""
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": name})
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.env.user.company_ids |= cls.company
        cls.env.user.company_id = cls.company
        if accounting:
            cls.env["account.chart.template"].try_loading("generic_coa", cls.company)
            cls.company._coop_ensure_capital_setup()
            cls.vat = cls.env["account.tax"].create(
                {
                    "name": "VAT 20%",
                    "amount": 20,
                    "amount_type": "percent",
                    "type_tax_use": "sale",
                    "company_id": cls.company.id,
                }
            )

    @classmethod
    def _members_desk(cls, code="MDSK"):
        """A bank journal whose payments are booked when recorded: its incoming and outgoing
        methods clear through outstanding accounts, as the bank statement confirms later."""
        journal = cls.env["account.journal"].create(
            {"name": f"Members' Desk {code}", "type": "bank", "code": code}
        )
        Account = cls.env["account.account"]
        for methods, name in (
            (journal.inbound_payment_method_line_ids, "Outstanding Receipts"),
            (journal.outbound_payment_method_line_ids, "Outstanding Payments"),
        ):
            methods.payment_account_id = Account.create(
                {
                    "name": f"{name} {code}",
                    "code": Account._search_new_account_code("109900"),
                    "account_type": "asset_current",
                    "reconcile": True,
                }
            )
        return journal

    @classmethod
    def _mill_catalogue(cls, taxed=False):
        """Mill Ltd sells flour by cases of 6 (at least one) and oats by cases of 10."""
        cls.mill = cls.env["res.partner"].create({"name": "Mill Ltd"})
        flour_values = {"name": "Flour 1.5kg", "type": "consu"}
        oats_values = {"name": "Oats 1kg", "type": "consu"}
        if taxed:
            flour_values["taxes_id"] = [(6, 0, cls.vat.ids)]
            oats_values["taxes_id"] = [(5, 0, 0)]
        cls.flour = cls.env["product.product"].create(flour_values)
        cls.oats = cls.env["product.product"].create(oats_values)
        cls.env["product.packaging"].create(
            [
                {"name": "Case of 6", "product_id": cls.flour.id, "qty": 6},
                {"name": "Case of 10", "product_id": cls.oats.id, "qty": 10},
            ]
        )
        cls.env["product.supplierinfo"].create(
            [
                {"partner_id": cls.mill.id, "product_id": cls.flour.id, "price": 2.0, "min_qty": 6},
                {"partner_id": cls.mill.id, "product_id": cls.oats.id, "price": 1.5},
            ]
        )

    @classmethod
    def _open_round(cls, name, **values):
        """An open round on the mill's catalogue, for the people tagged `cls.tag`."""
        cls.round = cls.env["coop.purchase.round"].create(
            {
                "name": name,
                "supplier_ids": [(6, 0, cls.mill.ids)],
                "date_open": OPEN,
                "date_close": OPEN + timedelta(days=5),
                "participant_category_id": cls.tag.id,
                "allocation_policy": "first_come",
                **values,
            }
        )
        cls.round.action_load_catalogue()
        cls.round.action_open()
        cls.flour_line = cls.round.line_ids.filtered(lambda l: l.product_id == cls.flour)
        cls.oats_line = cls.round.line_ids.filtered(lambda l: l.product_id == cls.oats)
        cls.Line = cls.env["coop.purchase.member.line"]
