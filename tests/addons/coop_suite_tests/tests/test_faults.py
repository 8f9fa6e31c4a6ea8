"""Cut in the middle, run again: nothing lost, nothing done twice.

These tests work as a worker does, on committed data in real transactions (a test's own
transaction never commits, so it cannot show what a commit keeps). They build a round in a
company of their own and remove what they made afterwards.
"""

import threading
import uuid
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.api import Transaction
from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import BaseCase, get_db_name

from odoo.addons.coop_purchase.models.coop_purchase_round import CoopPurchaseRound
from odoo.addons.coop_purchase.tests.common import OPEN, GroupOrderSetup


class WorkerKilled(BaseException):
    """What a killed worker leaves behind: a transaction that never commits."""


class _Builder(GroupOrderSetup):
    """The group-order tests' builders, on an environment of a real transaction."""


@tagged("post_install", "-at_install")
class TestFaults(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.key = uuid.uuid4().hex[:8]
        with self._env() as env:
            company = env["res.company"].create({"name": f"Fault Test Co-op {self.key}"})
            env.user.company_ids |= company
            builder = type("Builder", (_Builder,), {"env": env(context=dict(env.context))})
            builder._mill_catalogue()
            builder.tag = env["res.partner.category"].create({"name": f"Buyers {self.key}"})
            people = env["res.partner"].create(
                [
                    {
                        "name": f"Buyer {index} {self.key}",
                        "email": f"buyer{index}.{self.key}@example.org",
                        "category_id": [(6, 0, builder.tag.ids)],
                    }
                    for index in range(3)
                ]
            )
            builder._open_round(f"Fault Round {self.key}", company_id=company.id)
            with freeze_time(OPEN + timedelta(hours=1)):
                for person, quantity in zip(people, (4, 5, 3), strict=True):
                    builder.Line._set_order(builder.round, person, builder.flour_line, quantity, 0)
                    builder.Line._set_order(builder.round, person, builder.oats_line, 5, 0)
            self.round_id = builder.round.id
            self.company_id = company.id
            self.people_ids = people.ids
            self.product_ids = (builder.flour | builder.oats).ids
            self.mill_id = builder.mill.id
        self.addCleanup(self._remove)

    def _env(self):
        """A context manager: an environment on a new cursor, committed on leaving."""
        registry = self.registry

        class _Scope:
            def __enter__(scope):
                scope.cr = registry.cursor()
                # Handed over, as a worker has it: looking the registry up by name would wait
                # for the lock Odoo's own test runner holds while it runs a module's tests.
                scope.cr.transaction = Transaction(registry)
                return api.Environment(scope.cr, SUPERUSER_ID, {})

            def __exit__(scope, kind, error, trace):
                return scope.cr.__exit__(kind, error, trace)

        return _Scope()

    def _remove(self):
        with self._env() as env:
            cr = env.cr
            cr.execute("SELECT id FROM purchase_order WHERE coop_round_id = %s", [self.round_id])
            purchase_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute(
                "DELETE FROM mail_mail WHERE mail_message_id IN (SELECT id FROM mail_message"
                " WHERE model = 'coop.purchase.member.order' AND res_id IN (SELECT id FROM"
                " coop_purchase_member_order WHERE round_id = %s))",
                [self.round_id],
            )
            cr.execute("DELETE FROM purchase_order_line WHERE order_id IN %s", [purchase_ids])
            cr.execute("DELETE FROM purchase_order WHERE id IN %s", [purchase_ids])
            cr.execute(
                "DELETE FROM coop_purchase_member_line WHERE order_id IN (SELECT id FROM"
                " coop_purchase_member_order WHERE round_id = %s)",
                [self.round_id],
            )
            cr.execute(
                "DELETE FROM coop_purchase_member_order WHERE round_id = %s", [self.round_id]
            )
            cr.execute("DELETE FROM coop_purchase_round_line WHERE round_id = %s", [self.round_id])
            cr.execute("DELETE FROM coop_purchase_round WHERE id = %s", [self.round_id])
            products = env["product.product"].browse(self.product_ids)
            templates = products.product_tmpl_id
            env["product.supplierinfo"].search([("partner_id", "=", self.mill_id)]).unlink()
            env["product.packaging"].search([("product_id", "in", products.ids)]).unlink()
            products.write({"active": False})
            templates.write({"active": False})
            env["res.partner"].browse([*self.people_ids, self.mill_id]).write({"active": False})

    def _close(self, env):
        round_ = env["coop.purchase.round"].browse(self.round_id)
        with freeze_time(OPEN + timedelta(days=6)):
            round_.action_close()

    def test_a_worker_killed_while_closing_leaves_the_round_to_close_once(self):
        original = CoopPurchaseRound._create_purchase_orders

        def killed_after_ordering(round_, lines):
            original(round_, lines)
            round_.env.flush_all()  # the purchase orders are written, not yet committed
            raise WorkerKilled

        cut = patch.object(CoopPurchaseRound, "_create_purchase_orders", killed_after_ordering)
        with cut, self.assertRaises(WorkerKilled), self._env() as env:
            self._close(env)
        with self._env() as env:
            round_ = env["coop.purchase.round"].browse(self.round_id)
            self.assertEqual(round_.state, "open", "nothing of the cut closing was kept")
            self.assertFalse(env["purchase.order"].search([("coop_round_id", "=", round_.id)]))
            self._close(env)
        with self._env() as env:
            round_ = env["coop.purchase.round"].browse(self.round_id)
            self.assertEqual(round_.state, "closed")
            purchases = env["purchase.order"].search([("coop_round_id", "=", round_.id)])
            self.assertEqual(purchases.partner_id.ids, [self.mill_id], "one order per supplier")
            self.assertEqual(len(purchases), 1)
            # 12 flour (two cases of 6), 15 oats (two cases of 10, tolerance none: 10 kept).
            ordered = {line.product_id.id: line.product_qty for line in purchases.order_line}
            self.assertEqual(sum(ordered.values()), sum(round_.line_ids.mapped("units_ordered")))
            allocated = sum(round_.order_ids.line_ids.mapped("allocated_qty"))
            self.assertEqual(allocated, sum(round_.line_ids.mapped("units_ordered")))

    def test_result_mails_cut_half_way_are_each_sent_once(self):
        with self._env() as env:
            self._close(env)
        Template = self.registry["mail.template"]
        original = Template.send_mail_batch
        calls = []

        def dies_on_the_second_batch(template, res_ids, *args, **kwargs):
            calls.append(list(res_ids))
            if len(calls) == 2:
                raise WorkerKilled
            return original(template, res_ids, *args, **kwargs)

        # As in a cron worker, which commits after each batch (a test thread does not).
        thread = threading.current_thread()
        with patch.object(thread, "testing", False, create=True):
            cut = patch.object(Template, "send_mail_batch", dies_on_the_second_batch)
            with cut, self.assertRaises(WorkerKilled), self._env() as env:
                env["coop.purchase.member.order"]._cron_send_results(batch_size=1)
            with self._env() as env:
                orders = env["coop.purchase.round"].browse(self.round_id).order_ids
                self.assertEqual(
                    sorted(orders.mapped("result_to_send")), [False, True, True], "one batch kept"
                )
                env["coop.purchase.member.order"]._cron_send_results(batch_size=1)
        with self._env() as env:
            orders = env["coop.purchase.round"].browse(self.round_id).order_ids
            self.assertFalse(any(orders.mapped("result_to_send")))
            mails = env["mail.mail"].search(
                [("model", "=", "coop.purchase.member.order"), ("res_id", "in", orders.ids)]
            )
            self.assertEqual(sorted(mails.mapped("res_id")), sorted(orders.ids), "once each")
