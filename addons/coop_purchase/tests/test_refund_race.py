import threading
from contextlib import closing

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import (
    MAX_TRIES_ON_CONCURRENCY_FAILURE,
    PG_CONCURRENCY_EXCEPTIONS_TO_RETRY,
)
from odoo.tests import tagged
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import mute_logger

# Every wait of this test is bounded, in seconds.
WAIT = 30


@tagged("post_install", "-at_install")
class TestRefundRace(BaseCase):
    """Two members of staff pay back the same balance at the same moment, each in their
    own transaction and retried on conflicts the way Odoo replays a web request: the
    balance is paid back once."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = self._env(cr)
            company = env.company
            Account = env["account.account"]
            journal = env["account.journal"].create(
                {"name": "Race Desk", "type": "bank", "code": "RACE"}
            )
            self.account_ids = journal.default_account_id.ids
            for methods, name in (
                (journal.inbound_payment_method_line_ids, "Race Receipts"),
                (journal.outbound_payment_method_line_ids, "Race Payments"),
            ):
                account = Account.create(
                    {
                        "name": name,
                        "code": Account._search_new_account_code("109900"),
                        "account_type": "asset_current",
                        "reconcile": True,
                    }
                )
                methods.payment_account_id = account
                self.account_ids.append(account.id)
            partner = env["res.partner"].create({"name": "Racer Refund"})
            partner._coop_top_up(30.0, journal)
            self.assertEqual(partner._coop_account_balance(company), 30.0)
            self.journal_id, self.partner_id = journal.id, partner.id
        self.addCleanup(self._cleanup)

    def _env(self, cr):
        """An environment on `cr` that never asks Registry() for the registry: Odoo's test
        runner holds the registries' lock for the whole run, so a second thread calling
        Registry() would wait for it for ever."""
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM account_move WHERE partner_id = %s", [self.partner_id])
            moves = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute("SELECT id FROM account_payment WHERE partner_id = %s", [self.partner_id])
            payments = tuple(row[0] for row in cr.fetchall()) or (0,)
            for model, ids in (("account.move", moves), ("account.payment", payments)):
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id IN %s", [model, ids]
                )
                cr.execute(
                    "DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s",
                    [model, ids],
                )
            cr.execute("DELETE FROM account_payment WHERE id IN %s", [payments])
            cr.execute("DELETE FROM account_move WHERE id IN %s", [moves])
            cr.execute(
                "DELETE FROM account_payment_method_line WHERE journal_id = %s",
                [self.journal_id],
            )
            cr.execute("DELETE FROM account_journal WHERE id = %s", [self.journal_id])
            cr.execute("DELETE FROM account_account WHERE id IN %s", [tuple(self.account_ids)])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.partner_id])

    def _refund(self, env, amount):
        partner = env["res.partner"].browse(self.partner_id)
        return partner._coop_pay_out_balance(amount, env["account.journal"].browse(self.journal_id))

    def _refunds_and_balance(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            refunds = env["account.payment"].search_count(
                [("partner_id", "=", self.partner_id), ("payment_type", "=", "outbound")]
            )
            partner = env["res.partner"].browse(self.partner_id)
            return refunds, partner._coop_account_balance(env.company)

    def test_a_balance_is_paid_back_once(self):
        outcome, attempts = {}, []

        def second_refund():
            # What Odoo's request handler does (odoo.service.model.retrying), without its
            # env.reset(), which asks Registry() again: replay on a concurrency error.
            with closing(self.registry.cursor()) as cr:
                env = self._env(cr)
                for _attempt in range(MAX_TRIES_ON_CONCURRENCY_FAILURE):
                    attempts.append(1)
                    try:
                        cr.execute(f"SET LOCAL lock_timeout = '{WAIT}s'")
                        self._refund(env, 20.0)
                        cr.commit()
                        outcome["b"] = "paid"
                        return
                    except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                        cr.rollback()
                    except UserError as error:
                        cr.rollback()
                        outcome["b"] = str(error)
                        return
                    except Exception as error:  # noqa: BLE001 - the test reports any other end
                        cr.rollback()
                        outcome["b"] = repr(error)
                        return

        racer = threading.Thread(target=second_refund, daemon=True)
        cr_a = self.registry.cursor()
        # The refused stale attempt is logged by the cursor: expected here.
        with mute_logger("odoo.sql_db"):
            try:
                self._refund(self._env(cr_a), 20.0)
                racer.start()
                racer.join(timeout=2)
                self.assertTrue(racer.is_alive(), "the second refund waits for the first one")
                cr_a.commit()
            finally:
                cr_a.close()
            racer.join(timeout=WAIT + 10)
        self.assertFalse(racer.is_alive(), "the second refund got an answer")
        self.assertIn("more than that", outcome["b"])
        self.assertGreater(len(attempts), 1, "its stale attempt was refused and replayed")
        self.assertEqual(self._refunds_and_balance(), (1, 10.0))
