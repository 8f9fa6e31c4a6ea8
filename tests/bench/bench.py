"""Operations through the addons' real code, each beside the same work done in bare SQL.

Every repeat runs inside a savepoint that is rolled back, so all repeats start from the
same data. Times are medians; query counts come from the cursor (or, for HTTP requests
served on their own cursors, from the process-wide counter).
"""

import json
import statistics
import time
from collections import Counter
from datetime import timedelta

from psycopg2.extras import Json, execute_values
from werkzeug.test import Client

import odoo
from odoo import fields
from odoo.service import security
from odoo.tools import SQL, float_compare

from odoo.addons.coop_purchase.kernels.allocation import Line, allocate
from odoo.addons.coop_purchase.kernels.cases import cases_to_order
from odoo.addons.coop_purchase.models.coop_purchase_round import collector_paused


class _Rollback(Exception):
    """Raised to leave a measured savepoint the way a failure would: rolled back."""


class Bench:
    def __init__(self, env, info, repeats=5):
        self.env = env
        self.cr = env.cr
        self.info = info
        self.repeats = repeats
        self.company = env.company
        self.today = fields.Date.context_today(env["res.partner"])

    # ------------------------------------------------------------ measuring

    def _once(self, work, setup=None, check=None):
        """(seconds, queries, result) of `work()`, flushed, then rolled back.

        `setup` runs first in the same savepoint, outside the measure; `check`, when given,
        runs after it, also outside the measure, and its answer is the result.
        """
        cr = self.cr
        cr.flush()
        result = None
        try:
            with cr.savepoint():
                if setup:
                    setup()
                    cr.flush()
                self.env.invalidate_all()
                queries = cr.sql_log_count
                start = time.perf_counter()
                result = work()
                cr.flush()  # pending writes and precommit hooks (tracking) belong to the work
                elapsed = time.perf_counter() - start
                queries = cr.sql_log_count - queries
                if check:
                    result = check()
                raise _Rollback
        except _Rollback:
            pass
        cr.postcommit.clear()
        self.env.invalidate_all()
        return elapsed, queries, result

    def _median(self, work, repeats=None, setup=None):
        runs = [self._once(work, setup) for _i in range(repeats or self.repeats)]
        return statistics.median(r[0] for r in runs), runs[-1][1], runs[-1][2]

    def _medians_alternating(self, *works, repeats=None, check=None):
        """`_median` of each work, run in turn one repeat at a time: each rolled-back repeat
        leaves dead rows behind until the next vacuum, and the load of a shared machine
        drifts, so works measured one after the other would not see the same database."""
        runs = [[] for _work in works]
        for _i in range(repeats or self.repeats):
            for work, work_runs in zip(works, runs, strict=True):
                work_runs.append(self._once(work, check=check))
        return [
            (statistics.median(r[0] for r in work_runs), work_runs[-1][1], work_runs[-1][2])
            for work_runs in runs
        ]

    def _row(self, name, suite, reference, reference_kind, agree, detail=""):
        suite_s, suite_q, _r = suite
        ref_s, ref_q, _r = reference if reference else (None, None, None)
        return {
            "operation": name,
            "suite_s": round(suite_s, 4),
            "reference": reference_kind,
            "reference_s": round(ref_s, 4) if ref_s is not None else None,
            "ratio": round(suite_s / ref_s, 2) if ref_s else None,
            "queries": suite_q,
            "reference_queries": ref_q,
            "agree": agree,
            "detail": detail,
        }

    def run(self):
        return self.sql_compared() + self.scale_sensitive()

    def sql_compared(self):
        """Operations measured against the same work in bare SQL."""
        return [
            self.member_status(),
            self.stored_status(),
            self.shift_generation(),
            self.round_close(),
        ]

    def scale_sensitive(self):
        """Operations measured against themselves in a smaller co-op."""
        return [self.door_sheet(), *self.portal_pages(), self.pos_scan()]

    # ------------------------------------------------------------ status of everyone

    def suite_statuses(self):
        Partner = self.env["res.partner"].with_context(active_test=False)
        partners = Partner.search(Partner._coop_status_candidates_domain())
        return Counter((p.coop_status, p.coop_can_shop) for p in partners)

    def sql_statuses(self):
        company = self.company
        may_shop = sorted(company._coop_shift_may_shop_statuses())
        self.cr.execute(STATUS_SQL, {"today": self.today, "company": company.id,
                                     "alert_days": company.coop_shift_alert_days,
                                     "may_shop": may_shop})  # fmt: skip
        return Counter({(status, can_shop): n for status, can_shop, n in self.cr.fetchall()})

    def member_status(self):
        suite = self._median(self.suite_statuses)
        sql = self._median(self.sql_statuses)
        detail = ", ".join(f"{s}{'+' if c else '-'}:{n}" for (s, c), n in sorted(suite[2].items()))
        return self._row(
            f"status and can-shop of every member ({sum(suite[2].values())})",
            suite,
            sql,
            "sql",
            suite[2] == sql[2],
            detail,
        )

    def suite_stored_statuses(self):
        Partner = self.env["res.partner"].with_context(active_test=False)
        groups = Partner._read_group(
            Partner._coop_status_candidates_domain(),
            ["coop_status_stored", "coop_can_shop_stored"],
            ["__count"],
        )
        return Counter({(status, bool(can_shop)): n for status, can_shop, n in groups})

    def stored_status(self):
        """Staff's view: members grouped by the stored status, which must equal the live
        rule for every one of them."""
        stored = self._median(self.suite_stored_statuses)
        sql = self._median(self.sql_statuses)
        live = self.suite_statuses()
        return self._row(
            f"members grouped by the stored status ({sum(stored[2].values())})",
            stored,
            sql,
            "sql",
            stored[2] == sql[2] == live,
            "stored == live rule == SQL" if stored[2] == live else f"stored {stored[2]}",
        )

    # ------------------------------------------------------------ shift generation

    def _templates(self):
        return self.env["coop.shift.template"].browse(self.info["template_ids"])

    def _drop_generated(self):
        """Forget the generated weeks ahead, so that generation makes all of them again."""
        self.cr.execute(
            """DELETE FROM coop_shift WHERE template_id = ANY(%s) AND state = 'open'
                AND date_start > now() AT TIME ZONE 'UTC'""",
            [self.info["template_ids"]],
        )

    def _counts(self):
        self.cr.execute(
            """SELECT (SELECT count(*) FROM coop_shift WHERE template_id = ANY(%(t)s)),
                      (SELECT count(*) FROM coop_shift_registration r JOIN coop_shift s
                          ON s.id = r.shift_id WHERE s.template_id = ANY(%(t)s)),
                      (SELECT coalesce(sum(seats_taken), 0) FROM coop_shift
                        WHERE template_id = ANY(%(t)s))""",
            {"t": self.info["template_ids"]},
        )
        return self.cr.fetchone()

    def _generate_with(self, generate):
        def work():
            generate()
            self.cr.flush()
            return self._counts()

        # Dropping the weeks already generated is set-up, not part of the measured work.
        return self._median(work, setup=self._drop_generated)

    def suite_generate(self):
        self._templates().action_generate_shifts()

    def sql_generate(self):
        company = self.company
        self.cr.execute(
            GENERATE_SQL,
            {
                "templates": self.info["template_ids"],
                "today": self.today,
                "horizon": self.today + timedelta(days=company.coop_shift_generate_days),
                "anchor": company.coop_shift_anchor_date,
                "weeks": company.coop_shift_cycle_weeks,
                "tz": company._coop_tz(),
                "uid": self.env.uid,
            },
        )

    def shift_generation(self):
        suite = self._generate_with(self.suite_generate)
        sql = self._generate_with(self.sql_generate)
        self.cr.execute(
            "SELECT count(*) FROM coop_shift WHERE template_id = ANY(%s) AND state = 'open'"
            " AND date_start > now() AT TIME ZONE 'UTC'",
            [self.info["template_ids"]],
        )
        weeks = self.company.coop_shift_generate_days // 7
        return self._row(
            f"generate {weeks} weeks of shifts and team registrations",
            suite,
            sql,
            "sql",
            suite[2] == sql[2],
            f"shifts, registrations, seats taken after: {suite[2]} (suite) {sql[2]} (sql)",
        )

    # ------------------------------------------------------------ closing a round

    RESULT_TABLES = (
        "purchase_order",
        "purchase_order_line",
        "mail_message",
        "mail_mail",
        "mail_tracking_value",
        "mail_followers",
        "mail_notification",
        "mail_message_res_partner_rel",
        "mail_mail_res_partner_rel",
        "ir_cron_trigger",
    )

    def _max_ids(self, tables):
        result = {}
        for table in tables:
            self.cr.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = %s"
                " AND column_name = 'id'",
                [table],
            )
            if self.cr.fetchone():
                self.cr.execute(SQL("SELECT coalesce(max(id), 0) FROM %s", SQL.identifier(table)))
                result[table] = self.cr.fetchone()[0]
        return result

    def _round_state(self):
        """What a close writes in rows that exist before it: the round's lines, the members'
        lines and baskets, each with the user and time of the write."""
        round_id = self.info["round_id"]
        self.cr.execute(
            """SELECT id, cases_ordered, units_ordered, supplier_dropped, write_uid, write_date
                 FROM coop_purchase_round_line WHERE round_id = %s ORDER BY id""",
            [round_id],
        )
        lines = self.cr.fetchall()
        self.cr.execute(
            """SELECT l.id, l.allocated_qty, l.explanation, l.write_uid, l.write_date
                 FROM coop_purchase_member_line l
                 JOIN coop_purchase_member_order o ON o.id = l.order_id
                WHERE o.round_id = %s ORDER BY l.id""",
            [round_id],
        )
        member_lines = self.cr.fetchall()
        self.cr.execute(
            """SELECT id, result_to_send, write_uid, write_date FROM coop_purchase_member_order
                WHERE round_id = %s ORDER BY id""",
            [round_id],
        )
        return lines, member_lines, self.cr.fetchall()

    def _capture_close(self):
        """Close once through the suite and keep every row it wrote, for SQL to write again."""
        before = self._max_ids(self.RESULT_TABLES)
        captured = {}

        def work():
            self.env["coop.purchase.round"].browse(self.info["round_id"]).action_close()
            self.cr.flush()
            for table, last in before.items():
                self.cr.execute(
                    SQL("SELECT * FROM %s WHERE id > %s ORDER BY id", SQL.identifier(table), last)
                )
                names = [d[0] for d in self.cr.description]
                captured[table] = (names, self.cr.fetchall())
            captured["__round__"] = self._round_state()
            return self._round_summary()

        self._once(work)
        return captured

    def _round_summary(self):
        lines, member_lines, baskets = self._round_state()
        self.cr.execute(
            "SELECT count(*), coalesce(sum(l.product_qty), 0) FROM purchase_order_line l"
            " JOIN purchase_order o ON o.id = l.order_id WHERE o.coop_round_id = %s",
            [self.info["round_id"]],
        )
        po_lines, po_units = self.cr.fetchone()
        return (
            sum(line[2] for line in lines),
            sum(line[1] or 0 for line in member_lines),
            sum(1 for basket in baskets if basket[1]),
            po_lines,
            float(po_units),
        )

    def sql_close(self, captured):
        """The close done in bare SQL: its inputs read with SQL, the same kernels (cases,
        allocation) and sentences, its results and the rows it adds written with bulk SQL.

        The purchase orders' and the chatter's rows are inserted as the suite's close made
        them: their names, amounts and taxes are not worked out here, which favours this side.
        """
        round_id = self.info["round_id"]
        round_ = self.env["coop.purchase.round"].browse(round_id)

        def work():
            # As the suite's close does: the cycle collector's passes over this process
            # would cost more than the close.
            with collector_paused():
                close()

        def close():
            cr = self.cr
            cr.execute(
                """SELECT r.allocation_policy, currency.rounding
                     FROM coop_purchase_round r
                     JOIN res_company company ON company.id = r.company_id
                     JOIN res_currency currency ON currency.id = company.currency_id
                    WHERE r.id = %s""",
                [round_id],
            )
            policy, rounding = cr.fetchone()
            cr.execute(
                """SELECT line.id, line.price, line.case_size, line.min_order_qty,
                          line.by_weight, line.supplier_id, supplier.name,
                          supplier.coop_purchase_min_amount
                     FROM coop_purchase_round_line line
                     JOIN res_partner supplier ON supplier.id = line.supplier_id
                    WHERE line.round_id = %s ORDER BY line.id FOR UPDATE OF line""",
                [round_id],
            )
            round_lines = cr.fetchall()
            cr.execute(
                "SELECT id, round_line_id, quantity_log, tolerance_log"
                " FROM coop_purchase_member_line WHERE round_line_id = ANY(%s) ORDER BY id",
                [[line[0] for line in round_lines]],
            )
            rows = cr.fetchall()
            histories = json.loads(
                "[%s]" % ",".join(f"[{q or '[]'},{t or '[]'}]" for _i, _l, q, t in rows)
            )
            members = {line[0]: [] for line in round_lines}
            for (line_id, round_line_id, _q, _t), (quantities, tolerances) in zip(
                rows, histories, strict=True
            ):
                members[round_line_id].append(Line(line_id, quantities, tolerances))
            # A supplier below its minimum is dropped.
            amounts, minimums = Counter(), {}
            for line_id, price, _c, _m, _w, supplier, _n, minimum in round_lines:
                amounts[supplier] += price * sum(m.quantity for m in members[line_id])
                minimums[supplier] = minimum
            dropped = {
                supplier
                for supplier, minimum in minimums.items()
                if minimum
                and float_compare(amounts[supplier], minimum, precision_rounding=rounding) < 0
            }
            ordered, allocations, sentences = [], {}, {}
            for line_id, _p, case_size, minimum, by_weight, supplier, name, _a in round_lines:
                lines = members[line_id]
                if supplier in dropped:
                    ordered.append((line_id, 0, 0, True))
                    why = round_.env._("Not ordered: %s's minimum order was not reached.", name)
                    allocations.update((line.key, (0, why)) for line in lines)
                    continue
                cases, units = cases_to_order(
                    sum(m.quantity for m in lines),
                    sum(m.tolerance for m in lines),
                    case_size,
                    min_order_units=minimum,
                    by_weight=by_weight,
                )
                ordered.append((line_id, cases, units, False))
                for key, (given, (reason, values)) in allocate(lines, units, policy).items():
                    sentence_key = (reason, tuple(values.items()))
                    if sentence_key not in sentences:
                        sentences[sentence_key] = round_._explain(reason, values)
                    allocations[key] = (given, sentences[sentence_key])
            write_results(
                ordered,
                dict(sorted(allocations.items())),
                "SELECT id FROM coop_purchase_member_order basket WHERE round_id = %s AND"
                " EXISTS (SELECT FROM res_partner partner WHERE partner.id = basket.partner_id"
                " AND partner.email IS NOT NULL AND partner.email != '')",
                round_id,
            )

        write_results = self._sql_close_writes(captured)
        return work

    def sql_close_writer(self, captured):
        """Only the writes of a close, its results given: the floor of any close."""
        lines, member_lines, baskets = captured["__round__"]
        write_results = self._sql_close_writes(captured)

        def work():
            write_results(
                [line[:4] for line in lines],
                {line[0]: line[1:3] for line in member_lines},
                "SELECT unnest(%s::int[])",
                [basket[0] for basket in baskets if basket[1]],
            )

        return work

    def _sql_close_writes(self, captured):
        """write(ordered, allocations, baskets query, its parameter): a close's results and
        the rows it adds (purchase orders, chatter, the result job's trigger) with bulk SQL."""

        def write(ordered, allocations, baskets_query, baskets_param):
            cr = self.cr._obj

            def execute(statement, rows, many=False):
                # Sent on the raw cursor, counted as Odoo's cursor counts the suite's.
                if many:
                    execute_values(cr, statement, rows, page_size=len(rows))
                else:
                    cr.execute(statement, rows)
                self.cr.sql_log_count += 1

            # Rows written are stamped with who wrote them and when, as the suite's are.
            stamp = cr.mogrify(
                "write_uid = %s, write_date = now() AT TIME ZONE 'UTC'", [self.env.uid]
            ).decode()
            execute(
                f"""UPDATE coop_purchase_round_line r SET cases_ordered = v.c::int, units_ordered = v.u::int,
                           supplier_dropped = v.d::boolean, {stamp}
                      FROM (VALUES %s) v(id, c, u, d) WHERE r.id = v.id""",
                ordered,
                many=True,
            )
            # The ten thousand results as one JSON document in id order, as the suite's close
            # sends them, so that only what Odoo adds differs (a VALUES list costs 10-20 ms
            # more, another order about 15 ms).
            execute(
                f"""UPDATE coop_purchase_member_line m SET allocated_qty = (v.value->>0)::int,
                           explanation = v.value->>1, {stamp}
                      FROM json_each(%s::json) v WHERE m.id = v.key::int""",
                [json.dumps(allocations)],
            )
            # The baskets whose result mail is queued.
            execute(
                f"UPDATE coop_purchase_member_order SET result_to_send = TRUE, {stamp}"
                f" WHERE id IN ({baskets_query})",
                [baskets_param],
            )
            execute(
                f"UPDATE coop_purchase_round SET state = 'closed', {stamp} WHERE id = %s",
                [self.info["round_id"]],
            )
            for table in self.RESULT_TABLES:
                if table not in captured or not captured[table][1]:
                    continue
                names, rows = captured[table]
                columns = ", ".join(f'"{n}"' for n in names)
                # Same ids: these rows do not exist in this savepoint.
                execute(
                    f"INSERT INTO {table} ({columns}) VALUES %s",
                    [tuple(_adapt(v) for v in row) for row in rows],
                    many=True,
                )

        return write

    def round_close(self):
        captured = self._capture_close()
        # What each close wrote is read after the measure: reading ten thousand results
        # back is no part of closing, and would add the same time to both.
        suite, sql, writes = self._medians_alternating(
            self._suite_close,
            self.sql_close(captured),
            self.sql_close_writer(captured),
            check=self._round_summary,
        )
        written = {t: len(captured[t][1]) for t in self.RESULT_TABLES if captured.get(t)}
        count = len(captured["__round__"][1])
        row = self._row(
            f"close a round ({count} member lines)",
            suite,
            sql,
            "sql",
            suite[2] == sql[2] == writes[2],
            f"units ordered/allocated, result mails queued, PO lines, PO units: {suite[2]}; "
            f"rows inserted: {written}; the results' writes alone: {writes[0] * 1000:.0f} ms "
            f"({suite[0] / writes[0]:.2f}x)",
        )
        row["writes_only_s"] = round(writes[0], 4)
        row["writes_only_ratio"] = round(suite[0] / writes[0], 2)
        return row

    def _suite_close(self):
        self.env["coop.purchase.round"].browse(self.info["round_id"]).action_close()

    # ------------------------------------------------------------ the door sheet

    def door_sheet(self):
        """Everyone scanned at the door but five, the rest marked absent, then validated."""
        shift_id = self.info["door_shift_id"]

        def people():
            self.cr.execute(
                """SELECT p.barcode->>%s FROM coop_shift_registration r
                     JOIN res_partner p ON p.id = r.partner_id
                    WHERE r.shift_id = %s AND r.state = 'planned' ORDER BY r.id""",
                [str(self.company.id), shift_id],
            )
            return [row[0] for row in self.cr.fetchall()]

        cards = people()
        scanned = cards[: max(1, len(cards) - 5)]

        def work():
            shift = self.env["coop.shift"].browse(shift_id)
            shift.coop_sheet_data()
            for card in scanned:
                shift.coop_sheet_scan(card)
            shift.coop_sheet_mark_rest("absent")
            shift.coop_sheet_validate()
            self.cr.execute(
                "SELECT state, count(*) FROM coop_shift_registration WHERE shift_id = %s"
                " GROUP BY state ORDER BY state",
                [shift_id],
            )
            return tuple(self.cr.fetchall())

        suite = self._median(work)
        return self._row(
            f"validate a {len(cards)}-person door sheet (scan, mark rest, validate)",
            suite,
            None,
            None,
            None,
            f"marks: {suite[2]}; {suite[1] / max(1, len(cards)):.1f} queries per person",
        )

    # ------------------------------------------------------------ portal and till

    PORTAL_PAGES = ("/my/membership", "/my/shifts", "/my/group-orders", "/my/group-orders/{round}")

    def _portal_client(self):
        user = self.env["res.users"].browse(self.info["portal_user_id"])
        store = odoo.http.root.session_store
        session = store.new()
        session.update(odoo.http.get_default_session(), db=self.cr.dbname)
        session.uid = user.id
        session.login = user.login
        session.session_token = security.compute_session_token(session, self.env(user=user))
        session.context = dict(self.env(user=user)["res.users"].context_get())
        store.save(session)
        client = Client(odoo.http.root)
        client.set_cookie("localhost", "session_id", session.sid)
        return client

    def _get(self, client, url):
        """(seconds, queries, status) of one request, served on its own cursor."""
        self.env.flush_all()
        queries = odoo.sql_db.sql_counter
        start = time.perf_counter()
        response = client.get(url, base_url="http://localhost")
        elapsed = time.perf_counter() - start
        status = response.status_code
        response.close()
        return elapsed, odoo.sql_db.sql_counter - queries, status

    def portal_pages(self):
        client = self._portal_client()
        rows = []
        for page in self.PORTAL_PAGES:
            url = page.format(round=self.info["round_id"])
            self._get(client, url)  # warm: templates compiled, routing map built
            runs = [self._get(client, url) for _i in range(self.repeats)]
            rows.append(
                {
                    "operation": f"portal page {page}",
                    "suite_s": round(statistics.median(r[0] for r in runs), 4),
                    "reference": None,
                    "reference_s": None,
                    "ratio": None,
                    "queries": runs[-1][1],
                    "reference_queries": None,
                    "agree": all(r[2] == 200 for r in runs),
                    "detail": f"HTTP {runs[-1][2]}",
                }
            )
        return rows

    def pos_scan(self):
        """A card the till did not preload, then the server's check of an order for them."""
        barcode = self.info["card_barcode"]
        config_id = self.info["pos_config_id"]
        product = self.env["product.product"].search([("sale_ok", "=", True)], limit=1)

        def work():
            found = self.env["res.partner"].coop_pos_find_by_card(barcode, config_id)
            partner = found["res.partner"][0]
            verdict = self.env["pos.order"].coop_check_sale(
                config_id, partner["id"], [[product.id, 1]]
            )
            return partner["coop_can_shop"] == (not verdict["problems"])

        suite = self._median(work)
        return self._row(
            "POS card scan (not preloaded) and server order check",
            suite,
            None,
            None,
            suite[2],
            "",
        )


def _adapt(value):
    """Values read back from PostgreSQL, ready to be written again."""
    if isinstance(value, dict | list):
        return Json(value)
    return value


# Status of every person the co-op deals with, from the share register, the points ledger
# and the dated facts (leaves, teams, extensions), in one statement.
STATUS_SQL = """
WITH people AS (
    SELECT p.id, coalesce(p.coop_blocked, false) AS coop_blocked,
           p.coop_household_head_id AS head_id, coalesce(p.coop_shift_mode, 'team') AS mode,
           coalesce(p.coop_shift_unsubscribed, false) AS unsubscribed
      FROM res_partner p
     WHERE p.coop_membership_state IS NOT NULL OR p.coop_blocked
), holdings AS (
    SELECT l.partner_id, sum(l.q) AS shares,
           bool_or(l.q > 0 AND t.is_working) AS working,
           bool_or(l.q > 0 AND t.may_shop) AS may_shop
      FROM (SELECT partner_id, share_type_id, sum(quantity) AS q FROM coop_share_line
             GROUP BY partner_id, share_type_id) l
      JOIN coop_share_type t ON t.id = l.share_type_id
     GROUP BY l.partner_id
), ledger AS (
    SELECT e.partner_id, e.date, e.points,
           count(*) FILTER (WHERE e.running >= 0) OVER (
               PARTITION BY e.partner_id ORDER BY e.date, e.id
               ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS recovered_later
      FROM (SELECT e.*, sum(e.points) OVER (PARTITION BY e.partner_id ORDER BY e.date, e.id)
                   AS running
              FROM coop_shift_counter_event e JOIN people p ON p.id = e.partner_id
             WHERE e.counter = CASE WHEN p.mode = 'flying' THEN 'flying' ELSE 'standard' END) e
), counters AS (
    SELECT partner_id, sum(points) AS balance,
           min(date) FILTER (WHERE recovered_later = 0) AS alert_since
      FROM ledger GROUP BY partner_id
), own AS (
    SELECT p.id, p.head_id, p.coop_blocked AS blocked,
           coalesce(h.shares, 0) AS shares, coalesce(h.working, false) AS working,
           coalesce(h.may_shop, false) AS may_shop,
           CASE WHEN coalesce(h.shares, 0) > 0 THEN 'member'
                WHEN p.head_id IS NOT NULL THEN 'associated'
                WHEN h.partner_id IS NOT NULL THEN 'former'
                WHEN EXISTS (SELECT 1 FROM coop_subscription_request r
                              WHERE r.partner_id = p.id AND r.state != 'cancelled')
                     THEN 'candidate' END AS membership,
           CASE WHEN p.mode = 'exempt' THEN 'exempted'
                WHEN p.unsubscribed THEN 'unsubscribed'
                WHEN lv.leave_type IS NOT NULL THEN
                     CASE WHEN lv.leave_type IN ('sickness', 'parental') THEN 'exempted'
                          ELSE 'on_leave' END
                WHEN coalesce(c.balance, 0) >= 0 THEN 'up_to_date'
                WHEN %(today)s::date < coalesce(c.alert_since, %(today)s::date)
                                       + %(alert_days)s THEN 'alert'
                WHEN x.until IS NOT NULL AND %(today)s::date <= x.until THEN 'delay'
                ELSE 'suspended' END AS shift_status
      FROM people p
      LEFT JOIN holdings h ON h.partner_id = p.id
      LEFT JOIN counters c ON c.partner_id = p.id
      LEFT JOIN LATERAL (SELECT leave_type FROM coop_shift_leave l
                          WHERE l.partner_id = p.id AND l.state = 'approved'
                            AND l.date_start <= %(today)s AND l.date_end >= %(today)s
                          ORDER BY l.id DESC LIMIT 1) lv ON true
      LEFT JOIN (SELECT partner_id, max(date_end) AS until FROM coop_shift_extension
                  GROUP BY partner_id) x ON x.partner_id = p.id
), judged AS (
    SELECT o.*,
           CASE WHEN o.blocked THEN 'blocked'
                WHEN o.membership = 'member' AND o.working THEN o.shift_status
                ELSE o.membership END AS status,
           NOT o.blocked AND o.membership IN ('member', 'associated') AND o.may_shop
             AND (NOT o.working OR o.shift_status = ANY(%(may_shop)s)) AS own_can_shop
      FROM own o
)
SELECT j.status,
       CASE WHEN j.blocked THEN false
            WHEN j.head_id IS NOT NULL AND j.shares <= 0 THEN coalesce(h.own_can_shop, false)
            ELSE j.own_can_shop END AS can_shop,
       count(*)
  FROM judged j LEFT JOIN judged h ON h.id = j.head_id
 GROUP BY 1, 2
"""

# The weeks ahead of every template, and its team on each of them, in one statement.
GENERATE_SQL = """
WITH days AS (
    SELECT d::date AS day FROM generate_series(%(today)s::date, %(horizon)s::date, '1 day') d
), spans AS (
    SELECT t.id AS template_id, t.company_id, t.seats, t.shift_type_id, t.week_letter, days.day,
           ((days.day + make_interval(mins => round(t.start_hour * 60)::int))
               AT TIME ZONE %(tz)s) AT TIME ZONE 'UTC' AS date_start,
           ((days.day + make_interval(mins => round(t.end_hour * 60)::int))
               AT TIME ZONE %(tz)s) AT TIME ZONE 'UTC' AS date_end
      FROM coop_shift_template t JOIN days
        ON extract(isodow FROM days.day)::int - 1 = t.weekday::int
       AND ((days.day - %(anchor)s::date) / 7) %% %(weeks)s = t.week_index
       AND (t.date_start IS NULL OR days.day >= t.date_start)
       AND (t.date_end IS NULL OR days.day <= t.date_end)
     WHERE t.id = ANY(%(templates)s)
), planned AS (
    SELECT s.*, EXISTS (SELECT 1 FROM coop_shift_closure c
                         WHERE c.date_start <= s.date_start::date
                           AND c.date_end >= s.date_start::date) AS closed,
           (SELECT count(*) FROM coop_shift_team_membership m
             WHERE m.template_id = s.template_id AND m.date_start <= s.day
               AND (m.date_end IS NULL OR m.date_end >= s.day)) AS team
      FROM spans s
     WHERE NOT EXISTS (SELECT 1 FROM coop_shift x
                        WHERE x.template_id = s.template_id AND x.date_start = s.date_start)
), shifts AS (
    INSERT INTO coop_shift (template_id, company_id, name, date_start, date_end, seats,
                            seats_taken, seats_available, shift_type_id, state,
                            create_uid, write_uid, create_date, write_date)
    SELECT template_id, company_id,
           week_letter || '-' || to_char(date_start AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s,
                                         'Dy DD Mon HH24:MI'),
           date_start, date_end, seats,
           CASE WHEN closed OR date_start <= now() AT TIME ZONE 'UTC' THEN 0 ELSE team END,
           seats - CASE WHEN closed OR date_start <= now() AT TIME ZONE 'UTC' THEN 0
                        ELSE team END,
           shift_type_id, CASE WHEN closed THEN 'cancelled' ELSE 'open' END,
           %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM planned
    RETURNING id, template_id, company_id, date_start, state
)
INSERT INTO coop_shift_registration (shift_id, partner_id, company_id, date_start, kind, state,
                                     leave_id, create_uid, write_uid, create_date, write_date)
SELECT s.id, m.partner_id, s.company_id, s.date_start, 'team',
       CASE WHEN lv.id IS NULL THEN 'planned' ELSE 'waived' END, lv.id,
       %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM shifts s
  JOIN coop_shift_team_membership m ON m.template_id = s.template_id
   AND m.date_start <= s.date_start::date
   AND (m.date_end IS NULL OR m.date_end >= s.date_start::date)
  LEFT JOIN LATERAL (SELECT l.id FROM coop_shift_leave l
                      WHERE l.partner_id = m.partner_id AND l.state = 'approved'
                        AND l.date_start <= s.date_start::date
                        AND l.date_end >= s.date_start::date
                      ORDER BY l.id LIMIT 1) lv ON true
 WHERE s.state = 'open' AND s.date_start > now() AT TIME ZONE 'UTC'
"""
