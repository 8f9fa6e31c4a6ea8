"""What coop_bank lets each role do. It adds no public method and no route: matching runs
on import and when statement lines are created, inside Odoo's and OCA's own access
checks. A public method added later fails the first test until it is listed here with
who may call it."""

import inspect

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.coop_membership.tests.common import cashier_groups, portal_user

from .common import CoopBankCase

PUBLIC_METHODS = set()
ORM_METHODS = {"create", "write", "unlink", "copy", "init", "read", "default_get"}


@tagged("post_install", "-at_install")
class TestBankAccessInventory(CoopBankCase):
    def test_no_public_method_without_an_entry(self):
        found = set()
        for model_name in self.env.registry:
            for klass in type(self.env[model_name]).__mro__:
                if not (getattr(klass, "__module__", "") or "").startswith(
                    "odoo.addons.coop_bank."
                ):
                    continue
                for name, value in vars(klass).items():
                    public = not name.startswith("_") and name not in ORM_METHODS
                    if public and inspect.isfunction(value):
                        found.add((model_name, name))
        self.assertEqual(found, PUBLIC_METHODS)

    def _roles(self):
        cashier = new_test_user(
            self.env,
            login="coop_bank_cashier",
            groups=cashier_groups(self.env),
        )
        office = new_test_user(
            self.env,
            login="coop_bank_office",
            groups="base.group_user,coop_membership.group_coop_user",
        )
        return {
            "portal": portal_user(self.env, "coop_bank_portal", self.priya),
            "cashier": cashier,
            "office": office,
        }

    def test_only_accountants_import_statements_or_touch_the_rules(self):
        data = self._statement_file("statement_november.csv")
        model = self.company._coop_bank_reconcile_models("member_top_up")
        for role, user in self._roles().items():
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self._import_csv(data=data, user=user)
                with self.assertRaises(AccessError):
                    model.with_user(user).write({"coop_rule": "member_invoice"})
                with self.assertRaises(AccessError):
                    self.env["account.bank.statement.line"].with_user(user).search_read(
                        [("journal_id", "=", self.current_account.id)], ["coop_match_note"]
                    )
        self.assertEqual(self.ada_request.effective_quantity, 0)

    def test_a_cashier_cannot_type_a_line_that_pays_capital(self):
        """Odoo lets cashiers write statement lines for the till's cash, but not journal
        entries: a line carrying a member's reference cannot be typed in to pay capital."""
        cashier = self._roles()["cashier"]
        with self.assertRaises(AccessError):
            self.env["account.bank.statement.line"].with_user(cashier).with_context(
                _test_account_reconcile_oca=True
            ).create(
                {
                    "journal_id": self.current_account.id,
                    "payment_ref": self.ada_request.move_id.payment_reference,
                    "amount": 100.0,
                }
            )
        self.assertEqual(self.ada_request.effective_quantity, 0)
        self.assertEqual(self.ada_request.move_id.payment_state, "not_paid")
