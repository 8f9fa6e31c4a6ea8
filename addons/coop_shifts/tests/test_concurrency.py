import threading
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.api import Transaction
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestLastSeatRace(BaseCase):
    """Two members race for the last seat, each in their own transaction."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            start = fields.Datetime.now() + timedelta(days=3)
            self.shift_id = (
                env["coop.shift"]
                .create({"date_start": start, "date_end": start + timedelta(hours=3), "seats": 1})
                .id
            )
            self.partner_ids = (
                env["res.partner"].create([{"name": "Racer A"}, {"name": "Racer B"}]).ids
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM coop_shift_registration WHERE shift_id = %s", [self.shift_id])
            cr.execute("DELETE FROM coop_shift WHERE id = %s", [self.shift_id])
            cr.execute("DELETE FROM res_partner WHERE id IN %s", [tuple(self.partner_ids)])

    def _book(self, cr, partner_id):
        # The registry is handed over: looking it up by name waits for Odoo's registry lock,
        # which Odoo's own test runner holds while it runs the tests of a module it loads.
        cr.transaction = cr.transaction or Transaction(self.registry)
        env = api.Environment(cr, SUPERUSER_ID, {})
        shift = env["coop.shift"].browse(self.shift_id)
        return env["coop.shift.registration"]._book(shift, env["res.partner"].browse(partner_id))

    @mute_logger("odoo.sql_db")  # the loser's refused update is logged as a bad query
    def test_two_members_never_overbook_the_last_seat(self):
        outcome = {}
        first_holds_lock = threading.Event()
        with self.registry.cursor() as cr_a:
            self._book(cr_a, self.partner_ids[0])
            first_holds_lock.set()

            def second():
                # What Odoo's request handler does: retry a transaction that lost a race.
                for _attempt in range(3):
                    try:
                        with self.registry.cursor() as cr_b:
                            self._book(cr_b, self.partner_ids[1])
                            outcome["b"] = "booked"
                        return
                    except SerializationFailure:
                        outcome["retried"] = True
                    except UserError as error:
                        outcome["b"] = str(error)
                        return

            racer = threading.Thread(target=second)
            racer.start()
            racer.join(timeout=2)
            self.assertTrue(racer.is_alive(), "the second booking waits for the first to finish")
        # Leaving the block commits A and releases the lock.
        racer.join(timeout=30)
        self.assertFalse(racer.is_alive())
        self.assertIn("full", outcome["b"])
        self.assertTrue(outcome.get("retried"), "the loser's stale transaction was refused")
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM coop_shift_registration WHERE shift_id = %s AND state = 'planned'",
                [self.shift_id],
            )
            self.assertEqual(cr.fetchone()[0], 1)
