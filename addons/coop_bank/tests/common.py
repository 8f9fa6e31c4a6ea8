import base64
from string import Template

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tools.misc import file_open

from odoo.addons.coop_membership.tests.common import CoopMembershipCase, new_test_user

# Members' invoices are issued in October; the bank's November statement pays them.
ISSUED_ON = "2026-10-20"


class CoopBankCase(CoopMembershipCase):
    """A co-op's current account at a UK bank, and members with invoices to pay by transfer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._coop_bank_ensure_reconcile_models()
        cls.treasurer = new_test_user(
            cls.env,
            login="coop_treasurer",
            groups="account.group_account_manager,account.group_account_user",
        )
        cls.bank_account = cls.env["res.partner.bank"].create(
            {
                "acc_number": "GB82 WEST 1234 5698 7654 32",
                "partner_id": cls.company.partner_id.id,
                "acc_holder_name": "Hackney Bakery Cafe Co-op Ltd",
            }
        )
        cls.current_account = cls.env["account.journal"].create(
            {
                "name": "Co-op Current Account",
                "code": "CURR",
                "type": "bank",
                "company_id": cls.company.id,
                "bank_account_id": cls.bank_account.id,
            }
        )
        cls.csv_mapping = cls.env.ref("coop_bank.sheet_mapping_uk_bank_csv")
        with freeze_time(ISSUED_ON):
            # A newcomer: her first capital invoice, no member number yet.
            cls.ada = cls._person("Ada Okafor")
            cls.ada_request = cls._subscribe(cls.ada, quantity=10, pay=False)
            # A member's second subscription, paid in instalments.
            cls.kwesi = cls._member("Kwesi Mensah", quantity=10)
            cls.kwesi_request = cls._subscribe(cls.kwesi, quantity=10, pay=False)
            # Members with a group order's invoice to pay.
            cls.priya = cls._member("Priya Sharma")
            cls.priya_invoice = cls._goods_invoice(cls.priya, 15.50)
            cls.tom = cls._member("Tom Williams")
            cls.tom_invoice = cls._goods_invoice(cls.tom, 30.00)

    @classmethod
    def _goods_invoice(cls, partner, amount):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "journal_id": cls.company._coop_goods_sale_journal().id,
                "invoice_date": fields.Date.context_today(cls.env.user),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Group order, week 43",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _references(self):
        return {
            "capital_newcomer": self.ada_request.move_id.payment_reference,
            "capital_instalment": self.kwesi_request.move_id.payment_reference,
            "goods": self.priya_invoice.payment_reference,
            "goods_short": self.tom_invoice.payment_reference,
            "topup": self.priya._coop_payment_reference(),
            # The files are a UK bank's, in pounds; a test database may keep its books in
            # another currency, which the files then name.
            "currency": self.company.currency_id.name,
        }

    def _statement_file(self, filename):
        with file_open(f"coop_bank/tests/fixtures/{filename}", "r") as handle:
            return Template(handle.read()).substitute(self._references()).encode()

    def _import(self, filename, data=None, user=None, **values):
        """Import a statement file into the current account as the treasurer would."""
        data = data if data is not None else self._statement_file(filename)
        wizard = (
            self.env["account.statement.import"]
            .with_user(user or self.treasurer)
            .with_context(journal_id=self.current_account.id)
            .create(
                {
                    "statement_filename": filename,
                    "statement_file": base64.b64encode(data),
                    **values,
                }
            )
        )
        wizard.import_file_button()
        return self.env["account.bank.statement"].search(
            [("journal_id", "=", self.current_account.id)], order="id desc", limit=1
        )

    def _import_csv(self, filename="statement_november.csv", data=None, **values):
        return self._import(filename, data=data, sheet_mapping_id=self.csv_mapping.id, **values)

    def _line(self, statement, text):
        lines = statement.line_ids.filtered(lambda line: text in (line.payment_ref or ""))
        self.assertTrue(lines, f"no statement line with {text!r}")
        return lines

    def _bank_balance(self):
        account = self.current_account.default_account_id
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        )
        return sum(lines.mapped("balance"))
