"""Cut in the middle, run again: nothing lost, nothing done twice.

These tests work as a worker does, on committed data in real transactions (a test's own
transaction never commits, so it cannot show what a commit keeps). They build a round in a
company of their own and remove what they made afterwards.
"""

import threading
import uuid
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields
from odoo.api import Transaction
from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import SQL

from odoo.addons.coop_purchase.models.coop_purchase_round import CoopPurchaseRound
from odoo.addons.coop_purchase.tests.common import OPEN, GroupOrderSetup

# The shift jobs' "now": before every shift the demo data generates, so that the jobs find
# only the shifts these tests make.
SHIFT_NOW = datetime(2025, 6, 11, 8, 0)


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
        self.shift_marks = {}
        self.shift_people_ids = []
        with self._env() as env:
            env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_message")
            self.last_message_id = env.cr.fetchone()[0]
        self.addCleanup(self._forget_messages)

    def _forget_messages(self):
        """Mails and chatter written since the test began, on our records or on others the
        jobs went through (each job scans the whole database, as it does in production)."""
        with self._env() as env:
            env.cr.execute("DELETE FROM mail_message WHERE id > %s", [self.last_message_id])

    # ------------------------------------------------------------ a group order

    def _company(self, env, name, **values):
        """A company of the fault tests, made once and kept, archived between tests (jobs
        that go through every company leave it alone then). The tests remove what they put
        in it."""
        Company = env["res.company"].with_context(active_test=False)
        company = Company.search([("name", "=", name)], limit=1)
        if not company:
            company = Company.create({"name": name})
        company.write({"active": True, **values})
        company.partner_id.active = True
        env.user.company_ids |= company
        self.addCleanup(self._archive_company, company.id)
        return company

    def _share_type(self, env, company, code, **values):
        """A share class of the fault tests, made once and kept, archived between tests."""
        ShareType = env["coop.share.type"].with_context(active_test=False)
        share = ShareType.search([("code", "=", code), ("company_id", "=", company.id)])
        if not share:
            share = ShareType.create(
                {
                    "code": code,
                    "unit_price": 10,
                    "min_quantity": 1,
                    "company_id": company.id,
                    **values,
                }
            )
        share.write({"active": True, **values})
        share.product_id.product_tmpl_id.active = True
        self.addCleanup(self._archive_share_type, share.id)
        return share

    def _archive_share_type(self, share_id):
        with self._env() as env:
            share = env["coop.share.type"].browse(share_id).exists()
            share.active = False
            share.product_id.product_tmpl_id.active = False

    def _archive_company(self, company_id):
        with self._env() as env:
            company = env["res.company"].browse(company_id).exists()  # none if setup failed
            env.user.company_ids -= company
            company.active = False
            company.partner_id.active = False

    def _build_round(self, rounds=1):
        """`rounds` open rounds on the mill's catalogue, with the same three baskets each."""
        with self._env() as env:
            company = self._company(env, "Fault Test Co-op")
            # The mill's price list belongs to the round's company: rounds load no other's.
            builder_env = env(context=dict(env.context, allowed_company_ids=[company.id]))
            builder = type("Builder", (_Builder,), {"env": builder_env})
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
            self.round_ids = []
            for number in range(rounds):
                builder._open_round(f"Fault Round {number} {self.key}", company_id=company.id)
                with freeze_time(OPEN + timedelta(hours=1)):
                    for person, quantity in zip(people, (4, 5, 3), strict=True):
                        builder.Line._set_order(
                            builder.round, person, builder.flour_line, quantity, 0
                        )
                        builder.Line._set_order(builder.round, person, builder.oats_line, 5, 0)
                self.round_ids.append(builder.round.id)
            self.round_id = self.round_ids[0]
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
            rounds = tuple(self.round_ids)
            cr.execute("SELECT id FROM purchase_order WHERE coop_round_id IN %s", [rounds])
            purchase_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute("DELETE FROM purchase_order_line WHERE order_id IN %s", [purchase_ids])
            cr.execute("DELETE FROM purchase_order WHERE id IN %s", [purchase_ids])
            cr.execute(
                "DELETE FROM coop_purchase_member_line WHERE order_id IN (SELECT id FROM"
                " coop_purchase_member_order WHERE round_id IN %s)",
                [rounds],
            )
            cr.execute("DELETE FROM coop_purchase_member_order WHERE round_id IN %s", [rounds])
            cr.execute("DELETE FROM coop_purchase_round_line WHERE round_id IN %s", [rounds])
            cr.execute("DELETE FROM coop_purchase_round WHERE id IN %s", [rounds])
            products = env["product.product"].browse(self.product_ids)
            templates = products.product_tmpl_id
            env["product.supplierinfo"].search([("partner_id", "=", self.mill_id)]).unlink()
            env["product.packaging"].search([("product_id", "in", products.ids)]).unlink()
            products.write({"active": False})
            templates.write({"active": False})
            env["res.partner"].browse([*self.people_ids, self.mill_id]).write({"active": False})
            env["res.partner.category"].search([("name", "=", f"Buyers {self.key}")]).unlink()

    def _close(self, env):
        round_ = env["coop.purchase.round"].browse(self.round_id)
        with freeze_time(OPEN + timedelta(days=6)):
            round_.action_close()

    def test_a_worker_killed_while_closing_leaves_the_round_to_close_once(self):
        self._build_round()
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
        self._build_round()
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

    # ------------------------------------------------------------ shared by the jobs below

    def _worker(self):
        """As in a cron worker, whose batches commit (a test thread's do not)."""
        return patch.object(threading.current_thread(), "testing", False, create=True)

    def _clean_run(self, run, read):
        """What one uninterrupted run leaves, read and then rolled back."""
        testing = patch.object(threading.current_thread(), "testing", True, create=True)
        with testing, self._env() as env:
            run(env)
            env.flush_all()
            state = read(env)
            env.cr.rollback()
        return state

    def _cut(self, model, method, call, after=False, only=None):
        """Patch `method` of `model` so that its `call`-th call (counting only the calls
        `only(records, args)` accepts) kills the worker, before or after doing its work."""
        cls = self.registry[model]
        original = getattr(cls, method)
        calls = []

        def cut(records, *args, **kwargs):
            if only is None or only(records, args):
                calls.append(1)
                if len(calls) == call and not after:
                    raise WorkerKilled
                result = original(records, *args, **kwargs)
                if len(calls) == call:
                    records.env.flush_all()
                    raise WorkerKilled
                return result
            return original(records, *args, **kwargs)

        return patch.object(cls, method, cut)

    def _set_up_done(self, env):
        """Mails queued from here on are the jobs' (making members sends its own)."""
        env.flush_all()
        env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_mail")
        self.last_setup_mail_id = env.cr.fetchone()[0]

    def _mails(self, env, model, ids):
        """{record id: how many mails the jobs queued for it}."""
        groups = env["mail.mail"]._read_group(
            [
                ("model", "=", model),
                ("res_id", "in", list(ids)),
                ("id", ">", self.last_setup_mail_id),
            ],
            ["res_id"],
            ["__count"],
        )
        return {res_id: count for res_id, count in groups}

    # ------------------------------------------------------------ a shop's shifts

    def _shift_shop(self, mark="absent"):
        """A company of our own, on the demo company's cycle, with a working share class.

        Shifts, registrations and points written from here on are removed afterwards, the
        jobs' work on demo members included (see `_forget_shift_work`)."""
        with self._env() as env:
            for table in ("coop_shift", "coop_shift_registration", "coop_shift_counter_event"):
                env.cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table)))
                self.shift_marks[table] = env.cr.fetchone()[0]
            main = env.ref("base.main_company")
            company = self._company(
                env,
                "Fault Test Shifts",
                coop_shift_cycle_weeks=main.coop_shift_cycle_weeks,
                coop_shift_anchor_date=main.coop_shift_anchor_date,
                coop_shift_autoclose_mark=mark,
                coop_shift_generate_days=28,
            )
            company.partner_id.tz = "UTC"
            working = self._share_type(
                env, company, "FAULTW", name="Fault tests' working shares", is_working=True
            )
            self.shop_id = company.id
            self.working_id = working.id
        self.addCleanup(self._forget_shift_work)

    def _shift_people(self, env, names, mode="team", email=True):
        partners = env["res.partner"].create(
            [
                {
                    "name": f"{name} {self.key}",
                    "email": f"{name.lower()}.{self.key}@example.org" if email else False,
                    "company_id": self.shop_id,
                    "coop_shift_mode": mode,
                }
                for name in names
            ]
        )
        env["coop.share.line"].create(
            [
                {
                    "partner_id": partner.id,
                    "share_type_id": self.working_id,
                    "quantity": 1,
                    "kind": "subscription",
                    "date": SHIFT_NOW.date() - timedelta(days=200),
                }
                for partner in partners
            ]
        )
        self.shift_people_ids += partners.ids
        return partners

    def _forget_shift_work(self):
        with self._env() as env:
            cr = env.cr
            marks = self.shift_marks
            cr.execute(
                "SELECT DISTINCT partner_id FROM coop_shift_counter_event WHERE id > %s",
                [marks["coop_shift_counter_event"]],
            )
            touched = [row[0] for row in cr.fetchall()]
            cr.execute(
                "DELETE FROM coop_shift_counter_event WHERE id > %s",
                [marks["coop_shift_counter_event"]],
            )
            cr.execute(
                "DELETE FROM coop_shift_registration WHERE id > %s",
                [marks["coop_shift_registration"]],
            )
            cr.execute("DELETE FROM coop_shift WHERE id > %s", [marks["coop_shift"]])
            cr.execute(
                "DELETE FROM coop_shift_team_membership WHERE template_id IN"
                " (SELECT id FROM coop_shift_template WHERE company_id = %s)",
                [self.shop_id],
            )
            cr.execute("DELETE FROM coop_shift_template WHERE company_id = %s", [self.shop_id])
            if self.shift_people_ids:
                cr.execute(
                    "DELETE FROM coop_share_line WHERE partner_id IN %s",
                    [tuple(self.shift_people_ids)],
                )
            # The stored points and shares of the members the jobs went through (demo members
            # included), as they were; ours are archived.
            env.invalidate_all()
            ours = env["res.partner"].browse(self.shift_people_ids)
            (env["res.partner"].browse(touched) | ours).modified(
                ["coop_shift_event_ids", "coop_share_line_ids"]
            )
            env.flush_all()
            ours.write({"active": False})

    def _keep_column(self, table, column):
        """Put `column` of `table` back as it is now, after the test."""
        with self._env() as env:
            env.cr.execute(
                SQL("SELECT id, %s FROM %s", SQL.identifier(column), SQL.identifier(table))
            )
            rows = env.cr.fetchall()

        def restore():
            with self._env() as env:
                for row_id, value in rows:
                    env.cr.execute(
                        SQL(
                            "UPDATE %s SET %s = %s WHERE id = %s AND %s IS DISTINCT FROM %s",
                            SQL.identifier(table),
                            SQL.identifier(column),
                            value,
                            row_id,
                            SQL.identifier(column),
                            value,
                        )
                    )
                env.invalidate_all()

        self.addCleanup(restore)

    def test_shift_status_mails_cut_half_way_tell_each_member_once(self):
        self._shift_shop()
        self._keep_column("res_partner", "coop_shift_notified_status")
        with self._env() as env, freeze_time(SHIFT_NOW):
            today = SHIFT_NOW.date()
            alert, suspended, recovered, _steady = self._shift_people(
                env, ["Alert", "Suspended", "Recovered", "Steady"]
            )
            (quiet,) = self._shift_people(env, ["Quiet"], email=False)
            env["coop.shift.counter.event"].create(
                [
                    {"partner_id": partner.id, "points": -1, "date": day, "note": "Missed"}
                    for partner, day in (
                        (alert, today),
                        (quiet, today),
                        (suspended, today - timedelta(days=70)),
                    )
                ]
            )
            recovered.sudo().coop_shift_notified_status = "alert"
            self._set_up_done(env)
        ours = self.shift_people_ids
        mailed = {alert.id, suspended.id, recovered.id}

        def run(env):
            env["res.partner"]._cron_coop_shift_status_mails(batch_size=1)

        def read(env):
            people = env["res.partner"].browse(ours)
            return (
                {p.id: p.coop_shift_notified_status for p in people},
                self._mails(env, "res.partner", ours),
            )

        with freeze_time(SHIFT_NOW):
            clean = self._clean_run(run, read)
            self.assertEqual(clean[1], dict.fromkeys(mailed, 1))
            self.assertEqual(clean[0][suspended.id], "suspended")
            cut = self._cut(
                "mail.template", "send_mail_batch", 2, only=lambda t, args: set(args[0]) & mailed
            )
            with self._worker():
                with cut, self.assertRaises(WorkerKilled), self._env() as env:
                    run(env)
                with self._env() as env:
                    told, mails = read(env)
                    self.assertEqual(len(mails), 1, "the first mailed member's batch was kept")
                    (first,) = mails
                    self.assertEqual(told[first], clean[0][first])
                    run(env)
            with self._env() as env:
                self.assertEqual(read(env), clean, "as one clean run: each member told once")

    def test_reminders_cut_half_way_remind_each_person_once(self):
        self._shift_shop()
        with self._env() as env, freeze_time(SHIFT_NOW):
            people = self._shift_people(env, ["Ann", "Bob", "Cy", "Dee"])
            soon, later = env["coop.shift"].create(
                [
                    {
                        "date_start": SHIFT_NOW + timedelta(hours=hours),
                        "date_end": SHIFT_NOW + timedelta(hours=hours + 3),
                        "seats": 10,
                        "company_id": self.shop_id,
                    }
                    for hours in (24, 24 * 5)
                ]
            )
            registrations = env["coop.shift.registration"].create(
                [
                    {"shift_id": shift.id, "partner_id": partner.id, "company_id": self.shop_id}
                    for shift, partner in zip((soon, soon, soon, later), people, strict=True)
                ]
            )
            ids = registrations.ids
            due = set(ids[:3])
            self._set_up_done(env)

        def run(env):
            env["coop.shift.registration"]._cron_send_reminders(batch_size=1)

        def read(env):
            regs = env["coop.shift.registration"].browse(ids)
            return (
                {r.id: r.reminder_sent for r in regs},
                self._mails(env, "coop.shift.registration", ids),
            )

        with freeze_time(SHIFT_NOW):
            clean = self._clean_run(run, read)
            self.assertEqual(clean[1], dict.fromkeys(due, 1), "the shift in five days waits")
            cut = self._cut(
                "coop.shift.registration", "_send_mail", 2, only=lambda regs, a: set(regs.ids) & due
            )
            with self._worker():
                with cut, self.assertRaises(WorkerKilled), self._env() as env:
                    run(env)
                with self._env() as env:
                    sent, mails = read(env)
                    self.assertEqual(len(mails), 1, "the first batch was kept")
                    self.assertEqual([i for i in ids if sent[i]], list(mails))
                    run(env)
            with self._env() as env:
                self.assertEqual(read(env), clean, "as one clean run: each person once")

    def test_flying_cycle_dues_cut_half_way_are_owed_once(self):
        self._shift_shop()
        with self._env() as env:
            ours = self._shift_people(env, ["Fly", "Flit", "Flap"], mode="flying").ids

        def run(env):
            env["coop.shift.counter.event"]._cron_flying_cycle_dues()

        def read(env):
            events = env["coop.shift.counter.event"].search(
                [("partner_id", "in", ours), ("reason", "=", "cycle")]
            )
            return sorted(
                (e.partner_id.id, e.cycle_start, e.counter, e.points) for e in events
            ), env["res.partner"].browse(ours).mapped("coop_shift_flying_points")

        with freeze_time(SHIFT_NOW):
            clean = self._clean_run(run, read)
            self.assertEqual([due[0] for due in clean[0]], sorted(ours), "one due each")
            cut = self._cut("coop.shift.counter.event", "_create_from_shifts", 1, after=True)
            with self._worker():
                with cut, self.assertRaises(WorkerKilled), self._env() as env:
                    run(env)
                with self._env() as env:
                    self.assertEqual(read(env)[0], [], "nothing of the cut run was kept")
                    run(env)
                with self._env() as env:
                    run(env)
            with self._env() as env:
                self.assertEqual(read(env), clean, "as one clean run: one due per cycle")

    def test_forgotten_sheets_cut_half_way_are_closed_once(self):
        self._shift_shop(mark="absent")
        with self._env() as env, freeze_time(SHIFT_NOW):
            people = self._shift_people(env, ["Ida", "Joe", "Kim", "Lou"])
            shifts = env["coop.shift"].create(
                [
                    {
                        "date_start": SHIFT_NOW - timedelta(days=days),
                        "date_end": SHIFT_NOW - timedelta(days=days) + timedelta(hours=3),
                        "seats": 10,
                        "company_id": self.shop_id,
                    }
                    for days in (2, 3)
                ]
            )
            registrations = env["coop.shift.registration"].create(
                [
                    {
                        "shift_id": shift.id,
                        "partner_id": partner.id,
                        "company_id": self.shop_id,
                        "kind": "team",
                    }
                    for shift, partner in zip(
                        (shifts[0], shifts[0], shifts[1], shifts[1]), people, strict=True
                    )
                ]
            )
            shift_ids, ids, people_ids = shifts.ids, registrations.ids, people.ids
            self._set_up_done(env)

        def run(env):
            env["coop.shift"]._cron_close_forgotten_sheets()

        def read(env):
            regs = env["coop.shift.registration"].browse(ids)
            events = env["coop.shift.counter.event"].search([("registration_id", "in", ids)])
            return (
                env["coop.shift"].browse(shift_ids).mapped("state"),
                regs.mapped("state"),
                sorted((e.registration_id.id, e.points, e.reason) for e in events),
                env["res.partner"].browse(people_ids).mapped("coop_shift_standard_points"),
                self._mails(env, "coop.shift.registration", ids),
            )

        with freeze_time(SHIFT_NOW):
            clean = self._clean_run(run, read)
            self.assertEqual(clean[0], ["done", "done"])
            self.assertEqual(set(clean[1]), {"absent"})
            self.assertEqual([mark[0] for mark in clean[2]], sorted(ids), "one mark each")
            self.assertEqual(clean[4], dict.fromkeys(ids, 1), "one absence mail each")
            # Killed after marking everyone (points and mails written), before the sheets.
            cut = self._cut("coop.shift.registration", "action_absent", 1, after=True)
            with self._worker():
                with cut, self.assertRaises(WorkerKilled), self._env() as env:
                    run(env)
                with self._env() as env:
                    state = read(env)
                    self.assertEqual(state[0], ["open", "open"], "nothing of the cut run kept")
                    self.assertEqual(state[2], [])
                    run(env)
                with self._env() as env:
                    run(env)
            with self._env() as env:
                self.assertEqual(read(env), clean, "as one clean run: each marked once")

    def test_shift_generation_cut_half_way_makes_each_shift_once(self):
        self._shift_shop()
        with self._env() as env, freeze_time(SHIFT_NOW):
            people = self._shift_people(env, ["Max", "Ned", "Oli"])
            templates = env["coop.shift.template"].create(
                [
                    {
                        "week_index": week,
                        "weekday": "3",
                        "start_hour": 18.0,
                        "end_hour": 21.0,
                        "seats": 10,
                        "company_id": self.shop_id,
                    }
                    for week in (0, 1, 2, 3)
                ]
            )
            env["coop.shift.team.membership"].create(
                [
                    {
                        "partner_id": partner.id,
                        "template_id": template.id,
                        "date_start": SHIFT_NOW.date() - timedelta(days=30),
                    }
                    for partner, template in zip(people, templates, strict=False)
                ]
            )
            template_ids = templates.ids

        def run(env):
            env["coop.shift.template"]._cron_generate_shifts()

        def read(env):
            shifts = env["coop.shift"].search([("template_id", "in", template_ids)])
            regs = env["coop.shift.registration"].search([("shift_id", "in", shifts.ids)])
            return (
                sorted((s.template_id.id, s.date_start, s.state) for s in shifts),
                sorted((r.shift_id.template_id.id, r.date_start, r.partner_id.id) for r in regs),
            )

        ours = lambda templates, args: templates.company_id.id == self.shop_id
        with freeze_time(SHIFT_NOW):
            clean = self._clean_run(run, read)
            self.assertEqual(len(clean[0]), 4, "28 days ahead: one shift per team")
            self.assertEqual(len(clean[1]), 3, "one seat per member")
            # Killed after our company's shifts and registrations are written, uncommitted.
            cut = self._cut("coop.shift.template", "_generate_registrations", 1, True, ours)
            with self._worker():
                with cut, self.assertRaises(WorkerKilled), self._env() as env:
                    run(env)
                with self._env() as env:
                    self.assertEqual(read(env), ([], []), "nothing of the cut run was kept")
                    run(env)
                with self._env() as env:
                    run(env)
            with self._env() as env:
                self.assertEqual(read(env), clean, "as one clean run: each shift once")

    # ------------------------------------------------------------ group orders, refunds, seats

    def test_due_rounds_cut_after_the_first_are_each_closed_once(self):
        self._build_round(rounds=3)

        def run(env):
            env["coop.purchase.round"]._cron_close_due_rounds()

        def read(env):
            rounds = env["coop.purchase.round"].browse(self.round_ids)
            purchases = env["purchase.order"].search([("coop_round_id", "in", rounds.ids)])
            return (
                {r.id: r.state for r in rounds},
                sorted(
                    (
                        p.coop_round_id.id,
                        p.partner_id.id,
                        tuple(sorted((l.product_id.id, l.product_qty) for l in p.order_line)),
                    )
                    for p in purchases
                ),
                sorted(
                    (line.order_id.round_id.id, line.order_id.partner_id.id, line.allocated_qty)
                    for line in rounds.order_ids.line_ids
                ),
                sorted(
                    (o.round_id.id, o.partner_id.id, o.result_to_send) for o in rounds.order_ids
                ),
            )

        with freeze_time(OPEN + timedelta(days=6)):
            clean = self._clean_run(run, read)
            self.assertEqual(set(clean[0].values()), {"closed"})
            self.assertEqual(len(clean[1]), 3, "one purchase order per round")
            cut = self._cut("coop.purchase.round", "_close", 2)
            with self._worker():
                with cut, self.assertRaises(WorkerKilled), self._env() as env:
                    run(env)
                with self._env() as env:
                    states, purchases, _lines, _results = read(env)
                    closed = [id_ for id_, state in states.items() if state == "closed"]
                    self.assertEqual(len(closed), 1, "the first round's close was kept")
                    self.assertEqual([p[0] for p in purchases], closed)
                    run(env)
            with self._env() as env:
                self.assertEqual(read(env), clean, "as one clean run: each round closed once")

    def _sellback_requests(self, count=3):
        """Approved sell-backs whose statutory delay is over, in the demo company's books."""
        with self._env() as env:
            company = env.ref("base.main_company")
            share = self._share_type(env, company, "FAULT", name="Fault tests' shares")
            people = env["res.partner"].create(
                [
                    {"name": f"Seller {index} {self.key}", "email": f"s{index}.{self.key}@e.org"}
                    for index in range(count)
                ]
            )
            env["coop.share.line"].create(
                [
                    {
                        "partner_id": person.id,
                        "share_type_id": share.id,
                        "quantity": 2,
                        "kind": "subscription",
                        "date": fields.Date.today() - timedelta(days=800),
                    }
                    for person in people
                ]
            )
            requests = env["coop.sellback.request"].create(
                [
                    {"partner_id": person.id, "share_type_id": share.id, "quantity": 2}
                    for person in people
                ]
            )
            requests.write(
                {
                    "state": "approved",
                    "date_approved": fields.Date.today() - timedelta(days=400),
                    "date_due": fields.Date.today() - timedelta(days=1),
                }
            )
            self.seller_ids, self.sellback_ids = people.ids, requests.ids
        self.addCleanup(self._remove_sellbacks)

    def _remove_sellbacks(self):
        with self._env() as env:
            cr = env.cr
            requests = tuple(self.sellback_ids)
            cr.execute(
                "SELECT id FROM account_move WHERE coop_sellback_request_id IN %s", [requests]
            )
            moves = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute(
                "DELETE FROM coop_share_line WHERE partner_id IN %s", [tuple(self.seller_ids)]
            )
            cr.execute("DELETE FROM coop_sellback_request WHERE id IN %s", [requests])
            self._delete_moves(env, moves)
            # Their stored membership follows the shares deleted above (as the bench's SQL
            # derivation of everyone's status reads them), then they are archived.
            env.invalidate_all()
            sellers = env["res.partner"].browse(self.seller_ids)
            sellers.modified(["coop_share_line_ids"])
            env.flush_all()
            sellers.write({"active": False})

    def _delete_moves(self, env, moves):
        """Journal entries the tests posted, gone (posted entries cannot be unlinked)."""
        env.cr.execute(
            "DELETE FROM account_partial_reconcile WHERE debit_move_id IN (SELECT id"
            " FROM account_move_line WHERE move_id IN %s) OR credit_move_id IN (SELECT id"
            " FROM account_move_line WHERE move_id IN %s)",
            [moves, moves],
        )
        env.cr.execute("DELETE FROM account_move_line WHERE move_id IN %s", [moves])
        env.cr.execute("DELETE FROM account_move WHERE id IN %s", [moves])
        env.cr.execute(
            "DELETE FROM mail_followers WHERE res_model = 'account.move' AND res_id IN %s", [moves]
        )

    def test_sellback_refunds_cut_half_way_are_each_issued_once(self):
        self._sellback_requests()
        ids = self.sellback_ids

        def run(env):
            env["coop.sellback.request"]._cron_issue_due_refunds(batch_size=1)

        def read(env):
            requests = env["coop.sellback.request"].browse(ids)
            moves = env["account.move"].search([("coop_sellback_request_id", "in", ids)])
            lines = env["coop.share.line"].search([("sellback_request_id", "in", ids)])
            return (
                [r.state for r in requests],
                sorted(
                    (m.coop_sellback_request_id.id, m.move_type, m.state, m.amount_total)
                    for m in moves
                ),
                sorted((line.sellback_request_id.id, line.quantity) for line in lines),
                env["res.partner"].browse(self.seller_ids).mapped("coop_share_count"),
            )

        clean = self._clean_run(run, read)
        self.assertEqual(clean[0], ["refunded"] * 3)
        self.assertEqual([move[0] for move in clean[1]], sorted(ids), "one credit note each")
        self.assertEqual([line[0] for line in clean[2]], sorted(ids), "one register line each")
        cut = self._cut("coop.sellback.request", "action_issue_refund", 2)
        with self._worker():
            with cut, self.assertRaises(WorkerKilled), self._env() as env:
                run(env)
            with self._env() as env:
                states, moves, _lines, _shares = read(env)
                self.assertEqual(sorted(states), ["approved", "approved", "refunded"])
                self.assertEqual(len(moves), 1, "the first batch's credit note was kept")
                run(env)
        with self._env() as env:
            self.assertEqual(read(env), clean, "as one clean run: each refund issued once")
            requests = env["coop.sellback.request"].browse(ids)
            self.assertEqual(
                requests.move_id,
                env["account.move"].search([("coop_sellback_request_id", "in", ids)]),
            )

    def _held_seats(self, count=3):
        """Three people each holding a seat of a concert, their invoices unpaid."""
        with self._env() as env:
            product = env["product.product"].create(
                {
                    "name": f"Fault Ticket {self.key}",
                    "type": "service",
                    "service_tracking": "event",
                    "list_price": 12.0,
                    "taxes_id": [(5, 0, 0)],
                }
            )
            now = fields.Datetime.now()
            event = env["event.event"].create(
                {
                    "name": f"Fault Concert {self.key}",
                    "date_begin": now + timedelta(days=10),
                    "date_end": now + timedelta(days=10, hours=3),
                    "seats_limited": True,
                    "seats_max": 10,
                    "coop_sold_in_portal": True,
                    "question_ids": [(5, 0, 0)],
                    "event_ticket_ids": [
                        (0, 0, {"name": "Public", "product_id": product.id, "price": 12.0})
                    ],
                }
            )
            people = env["res.partner"].create(
                [
                    {"name": f"Holder {index} {self.key}", "email": f"h{index}.{self.key}@e.org"}
                    for index in range(count)
                ]
            )
            invoices = env["account.move"]
            for person in people:
                invoices |= event.event_ticket_ids._coop_sell_in_portal(person, 1)
            self.event_id, self.product_id = event.id, product.id
            self.holder_ids, self.hold_invoice_ids = people.ids, invoices.ids
        self.addCleanup(self._remove_held_seats)

    def _remove_held_seats(self):
        with self._env() as env:
            cr = env.cr
            invoices = tuple(self.hold_invoice_ids)
            cr.execute(
                "SELECT id FROM account_move WHERE id IN %s OR reversed_entry_id IN %s",
                [invoices, invoices],
            )
            moves = tuple(row[0] for row in cr.fetchall())
            cr.execute("DELETE FROM event_registration WHERE event_id = %s", [self.event_id])
            self._delete_moves(env, moves)
            env["event.event"].browse(self.event_id).unlink()
            product = env["product.product"].browse(self.product_id)
            product.product_tmpl_id.write({"active": False})
            env["res.partner"].browse(self.holder_ids).write({"active": False})

    def test_unpaid_holds_released_half_way_are_each_released_once(self):
        self._held_seats()
        invoice_ids = self.hold_invoice_ids

        def run(env):
            """As the cron runner does: a batch, a commit, until nothing is left."""
            Registration = env["event.registration"]
            testing = getattr(threading.current_thread(), "testing", False)
            while Registration._coop_expired_holds().coop_invoice_id & Registration.env[
                "account.move"
            ].browse(invoice_ids):
                Registration._cron_release_unpaid_holds(batch_size=1)
                if not testing:
                    env.cr.commit()

        def read(env):
            invoices = env["account.move"].browse(invoice_ids)
            seats = env["event.registration"].search([("coop_invoice_id", "in", invoice_ids)])
            released = env["mail.message"].search_count(
                [
                    ("model", "=", "account.move"),
                    ("res_id", "in", invoice_ids),
                    ("body", "ilike", "went back on sale"),
                ]
            )
            return (
                sorted((i.id, i.state, i.payment_state) for i in invoices),
                sorted((s.coop_invoice_id.id, s.state) for s in seats),
                env["account.move"].search_count([("reversed_entry_id", "in", invoice_ids)]),
                released,
            )

        with freeze_time(fields.Datetime.now() + timedelta(days=3)):
            clean = self._clean_run(run, read)
            self.assertEqual({seat[1] for seat in clean[1]}, {"cancel"})
            self.assertEqual({invoice[1] for invoice in clean[0]}, {"cancel"})
            self.assertEqual(clean[3], 3, "one note per invoice")
            # Killed after releasing the second invoice's seats, before its commit.
            cut = self._cut("event.registration", "_coop_release_unpaid", 2, after=True)
            with self._worker():
                with cut, self.assertRaises(WorkerKilled), self._env() as env:
                    run(env)
                with self._env() as env:
                    _invoices, seats, _reversals, released = read(env)
                    self.assertEqual(released, 1, "the first batch was kept")
                    self.assertEqual(
                        sorted(seat[1] for seat in seats), ["cancel", "draft", "draft"]
                    )
                    run(env)
            with self._env() as env:
                self.assertEqual(read(env), clean, "as one clean run: each released once")
