import threading
from contextlib import closing
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
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
class TestCloseRace(BaseCase):
    """A member saves a basket while staff close the round, each in their own transaction
    and retried on conflicts the way Odoo replays a web request: the basket is either in
    the close or refused, never saved unseen by it (the load test found this)."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = self._env(cr)
            supplier = env["res.partner"].create({"name": "Race Mill"})
            member = env["res.partner"].create({"name": "Race Member"})
            share_type = env["coop.share.type"].search(
                [("company_id", "=", env.company.id), ("may_shop", "=", True)], limit=1
            )
            if share_type:
                env["coop.share.line"].create(
                    {
                        "partner_id": member.id,
                        "share_type_id": share_type.id,
                        "quantity": 1,
                        "kind": "subscription",
                    }
                )
            product = env["product.product"].create({"name": "Race Flour", "type": "consu"})
            env["product.supplierinfo"].create(
                {"partner_id": supplier.id, "product_id": product.id, "price": 2.0}
            )
            now = fields.Datetime.now()
            round_ = env["coop.purchase.round"].create(
                {
                    "name": "Race Round",
                    "supplier_ids": [(6, 0, supplier.ids)],
                    "date_open": now - timedelta(hours=1),
                    "date_close": now + timedelta(days=1),
                    "allocation_policy": "first_come",
                }
            )
            round_.action_load_catalogue()
            round_.action_open()
            self.assertTrue(round_._may_order(member), "the member may order")
            self.ids = {
                "supplier": supplier.id,
                "member": member.id,
                "product": product.id,
                "round": round_.id,
                "line": round_.line_ids.id,
            }
        self.addCleanup(self._cleanup)

    def _env(self, cr):
        """An environment on `cr` that never asks Registry() for the registry: Odoo's test
        runner holds the registries' lock for the whole run, so a second thread calling
        Registry() would wait for it for ever."""
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _cleanup(self):
        ids = self.ids
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM purchase_order WHERE coop_round_id = %s", [ids["round"]])
            orders = tuple(row[0] for row in cr.fetchall()) or (0,)
            for model, res_ids in (
                ("purchase.order", orders),
                ("coop.purchase.round", (ids["round"],)),
            ):
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id IN %s", [model, res_ids]
                )
                cr.execute(
                    "DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s",
                    [model, res_ids],
                )
            cr.execute("DELETE FROM purchase_order_line WHERE order_id IN %s", [orders])
            cr.execute("DELETE FROM purchase_order WHERE id IN %s", [orders])
            cr.execute("DELETE FROM coop_purchase_member_order WHERE round_id = %s", [ids["round"]])
            cr.execute("DELETE FROM coop_purchase_round WHERE id = %s", [ids["round"]])
            cr.execute("DELETE FROM product_supplierinfo WHERE partner_id = %s", [ids["supplier"]])
            cr.execute(
                "SELECT product_tmpl_id FROM product_product WHERE id = %s", [ids["product"]]
            )
            template = cr.fetchone()[0]
            cr.execute("DELETE FROM product_product WHERE id = %s", [ids["product"]])
            cr.execute("DELETE FROM product_template WHERE id = %s", [template])
            cr.execute("DELETE FROM coop_share_line WHERE partner_id = %s", [ids["member"]])
            cr.execute("DELETE FROM res_partner WHERE id IN %s", [(ids["member"], ids["supplier"])])

    def _save_basket(self, env, quantity):
        Line = env["coop.purchase.member.line"]
        round_ = env["coop.purchase.round"].browse(self.ids["round"])
        member = env["res.partner"].browse(self.ids["member"])
        round_line = env["coop.purchase.round.line"].browse(self.ids["line"])
        Line._set_order(round_, member, round_line, quantity)
        env.flush_all()

    def _replayed(self, work, outcome, key, attempts):
        """Run `work(env)` on a cursor of its own as Odoo replays a request (without its
        env.reset(), which asks Registry() again)."""
        with closing(self.registry.cursor()) as cr:
            env = self._env(cr)
            for _attempt in range(MAX_TRIES_ON_CONCURRENCY_FAILURE):
                attempts.append(key)
                try:
                    cr.execute(f"SET LOCAL lock_timeout = '{WAIT}s'")
                    work(env)
                    cr.commit()
                    outcome[key] = "done"
                    return
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                    cr.rollback()
                    env.invalidate_all()
                except UserError as error:
                    cr.rollback()
                    outcome[key] = str(error)
                    return
                except Exception as error:  # noqa: BLE001 - the test reports any other end
                    cr.rollback()
                    outcome[key] = repr(error)
                    return

    def _close(self, env):
        env["coop.purchase.round"].browse(self.ids["round"]).action_close()
        env.flush_all()

    def _result(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT state FROM coop_purchase_round WHERE id = %s", [self.ids["round"]])
            state = cr.fetchone()[0]
            cr.execute(
                "SELECT quantity, allocated_qty, explanation IS NOT NULL"
                " FROM coop_purchase_member_line WHERE round_line_id = %s",
                [self.ids["line"]],
            )
            return state, cr.fetchall()

    def test_a_basket_saved_after_the_close_began_is_counted_by_its_replay(self):
        """The close's snapshot is taken, then a basket is saved and committed: the close
        must not finish without it."""
        outcome, attempts = {}, []
        cr_close = self.registry.cursor()
        with mute_logger("odoo.sql_db"):
            try:
                env = self._env(cr_close)
                round_ = env["coop.purchase.round"].browse(self.ids["round"])
                self.assertEqual(round_.state, "open")  # the close's snapshot starts here
                self._replayed(lambda e: self._save_basket(e, 7), outcome, "save", attempts)
                self.assertEqual(outcome["save"], "done", "the basket was saved first")
                with self.assertRaises(PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                    self._close(env)
                cr_close.rollback()
            finally:
                cr_close.close()
        # Odoo replays the close on a fresh transaction: now it sees the basket.
        self._replayed(self._close, outcome, "close", attempts)
        self.assertEqual(outcome["close"], "done")
        self.assertEqual(self._result(), ("closed", [(7, 7, True)]))

    def test_a_basket_saved_while_the_round_closes_is_refused(self):
        """The close has run but not committed: the basket waits, then meets a closed round."""
        outcome, attempts = {}, []
        racer = threading.Thread(
            target=self._replayed,
            args=(lambda e: self._save_basket(e, 5), outcome, "save", attempts),
            daemon=True,
        )
        cr_close = self.registry.cursor()
        with mute_logger("odoo.sql_db"):
            try:
                self._close(self._env(cr_close))
                racer.start()
                racer.join(timeout=2)
                self.assertTrue(racer.is_alive(), "the basket waits for the close")
                cr_close.commit()
            finally:
                cr_close.close()
            racer.join(timeout=WAIT + 10)
        self.assertFalse(racer.is_alive(), "the basket got an answer")
        self.assertIn("not open for orders", outcome["save"])
        self.assertGreater(attempts.count("save"), 1, "its stale attempt was refused and replayed")
        self.assertEqual(self._result(), ("closed", []))
