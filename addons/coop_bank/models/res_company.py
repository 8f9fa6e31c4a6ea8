import base64

from dateutil.relativedelta import relativedelta

from odoo import Command, models, tools

from odoo.addons.coop_membership.models.res_company import shop_today


class ResCompany(models.Model):
    _inherit = "res.company"

    def write(self, vals):
        res = super().write(vals)
        if "coop_member_account_id" in vals:
            # Top-ups matched from the bank land on the members' account, wherever it is.
            for company in self:
                company._coop_bank_reconcile_models("member_top_up").line_ids.write(
                    {"account_id": company._coop_member_account().id}
                )
        return res

    def _coop_bank_reconcile_models(self, rule):
        self.ensure_one()
        return (
            self.env["account.reconcile.model"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", self.id), ("coop_rule", "=", rule)])
        )

    def _coop_bank_ensure_reconcile_models(self):
        """Give each company with a chart of accounts the reconciliation models that match
        members' transfers by their reference (see account.reconcile.model.coop_rule)."""
        Model = self.env["account.reconcile.model"].sudo()
        for company in self:
            if not company.chart_template:
                continue
            common = {
                "company_id": company.id,
                "sequence": 0,
                "auto_reconcile": True,
                "match_nature": "amount_received",
                "match_partner": False,
                "match_text_location_label": True,
                "match_text_location_reference": True,
            }
            if not company._coop_bank_reconcile_models("member_invoice"):
                Model.create(
                    {
                        **common,
                        "name": self.env._("Co-op: members' invoices by payment reference"),
                        "rule_type": "invoice_matching",
                        "coop_rule": "member_invoice",
                        # Capital is paid in instalments: the co-op rule checks amounts.
                        "allow_payment_tolerance": False,
                    }
                )
            if not company._coop_bank_reconcile_models("member_top_up"):
                Model.create(
                    {
                        **common,
                        "name": self.env._("Co-op: members' top-ups by payment reference"),
                        "rule_type": "writeoff_suggestion",
                        "coop_rule": "member_top_up",
                        "line_ids": [
                            Command.create(
                                {
                                    "account_id": company._coop_member_account().id,
                                    "amount_type": "percentage",
                                    "amount_string": "100",
                                    "label": self.env._("Top-up"),
                                }
                            )
                        ],
                    }
                )

    @tools.ormcache("self.id")
    def _coop_transfer_bank_details(self):
        """What members read to pay by transfer: {"holder", "number", "bank"} of the
        company's account, or {}. Cached, as it shows on every membership page; writes to
        journals and bank accounts clear the cache."""
        self.ensure_one()
        account = self._coop_transfer_bank_account()
        return account._coop_transfer_details() if account else {}

    def _coop_transfer_bank_account(self):
        """The bank account members pay into: that of the first bank journal, else the
        company's own. Public facts (printed on every invoice), hence read as superuser."""
        self.ensure_one()
        journal = (
            self.env["account.journal"]
            .sudo()
            .search(
                [
                    ("type", "=", "bank"),
                    ("company_id", "=", self.id),
                    ("bank_account_id", "!=", False),
                ],
                order="sequence, id",
                limit=1,
            )
        )
        return journal.bank_account_id or self.sudo().partner_id.bank_ids[:1]

    def _coop_bank_load_demo(self):
        """Demo data: the café's current account with its bank details, and November's
        statement as the bank's CSV, imported: a member's top-up is matched, a transfer
        with a mistyped member number and the suppliers' payments are left to match."""
        self.ensure_one()
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.id)], order="sequence, id", limit=1
        )
        priya = self.env.ref("coop_membership.partner_priya", raise_if_not_found=False)
        if not journal or not priya or not priya.coop_member_number:
            return
        if not journal.bank_account_id:
            journal.bank_account_id = self.env["res.partner.bank"].create(
                {
                    "acc_number": "GB29 NWBK 6016 1331 9268 19",
                    "partner_id": self.partner_id.id,
                    "acc_holder_name": self.name,
                }
            )
        mapping = self.env.ref("coop_bank.sheet_mapping_uk_bank_csv")
        journal.default_sheet_mapping_id = mapping
        day = shop_today(self) - relativedelta(days=3)
        rows = [
            ("FPI", f"P SHAH {priya._coop_payment_reference()}", 0.0, 25.0),
            ("FPI", "J DOE 99999-TOPUP", 0.0, 10.0),
            ("DD", "BOOKER WHOLESALE LTD", 48.20, 0.0),
        ]
        balance, lines = 0.0, []
        for kind, text, money_out, money_in in rows:
            balance += money_in - money_out
            lines.append(
                f"{day.strftime('%d/%m/%Y')},{kind},60-16-13,31926819,{text},"
                f"{money_out or ''},{money_in or ''},{balance:.2f}\n"
            )
        header = (
            "Transaction Date,Transaction Type,Sort Code,Account Number,"
            "Transaction Description,Debit Amount,Credit Amount,Balance\n"
        )
        data = (header + "".join(lines)).encode()
        self.env["account.statement.import"].with_context(journal_id=journal.id).create(
            {
                "statement_filename": "current-account.csv",
                "statement_file": base64.b64encode(data),
                "sheet_mapping_id": mapping.id,
            }
        ).import_file_button()
