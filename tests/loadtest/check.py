"""After a load run: check the invariants against the database, report per endpoint.

    python3 tests/loadtest/check.py --run DIR --output results.json [--workers N ...]

DIR holds the run's plan.json (prepare.py), journal.json (what the tills sent and which
baskets the server acknowledged, from the locustfile) and Locust's locust_stats.csv.
Exit status: 0 when every invariant holds and no request failed, 1 when an invariant is
broken, 2 when only requests failed. The table goes to stdout in Markdown.
"""

import argparse
import csv
import json
import os
import sys
from collections import defaultdict
from datetime import datetime

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench.machine import machine

# p95 targets of the issue: every member page and a till's sync of one order, under 1 s.
TARGET_MS = 1000
# After the database comes back, Odoo's workers drop the connections that were cut and open
# new ones; a request that failed this long after is an error, not the outage.
OUTAGE_GRACE_S = 10
TARGETED = ("GET /my", "till: sync_from_ui (1 order)")


def connect(db):
    return psycopg2.connect(
        dbname=db,
        host=os.environ.get("PGHOST", "localhost"),
        port=os.environ.get("PGPORT", "5432"),
        user=os.environ.get("PGUSER", "odoo"),
        password=os.environ.get("PGPASSWORD", "odoo"),
    )


def rows(cr, query, params=()):
    cr.execute(query, params)
    return cr.fetchall()


# ------------------------------------------------------------ invariants


def shifts_within_seats(cr, plan):
    """No shift touched during the run holds more people than seats, and its stored count
    of free seats is the truth."""
    bad = rows(
        cr,
        """SELECT s.id, s.seats, s.seats_available, count(r.id) FILTER
                  (WHERE r.state NOT IN ('cancelled', 'swapped')) AS taken
             FROM coop_shift s JOIN coop_shift_registration r ON r.shift_id = s.id
            WHERE s.id IN (SELECT shift_id FROM coop_shift_registration
                            WHERE write_date >= %s OR create_date >= %s)
            GROUP BY s.id
           HAVING count(r.id) FILTER (WHERE r.state NOT IN ('cancelled', 'swapped')) > s.seats
               OR s.seats_available <> s.seats - count(r.id) FILTER
                  (WHERE r.state NOT IN ('cancelled', 'swapped'))""",
        [plan["started_at"], plan["started_at"]],
    )
    return [
        f"shift {i}: {taken} people on {seats} seats, {free} stored as free"
        for i, seats, free, taken in bad
    ]


def till_orders_once(cr, plan, journal):
    """Every order a till sent is there exactly once (sent twice or not), paid once, and the
    tills' sessions hold no order that no till sent."""
    problems = []
    sent = {}
    for login, entries in journal["tills"].items():
        for order_uuid, times, answered in entries:
            sent[order_uuid] = (login, times, answered)
    found = dict(
        rows(
            cr,
            "SELECT uuid, count(*) FROM pos_order WHERE uuid = ANY(%s) GROUP BY uuid",
            [list(sent)],
        )
    )
    for order_uuid, (login, times, answered) in sent.items():
        count = found.get(order_uuid, 0)
        if answered and count != 1:
            problems.append(f"{login} sent {order_uuid} {times}x and it is there {count}x")
        elif count > 1:
            problems.append(f"{login}'s unanswered {order_uuid} is there {count}x")
    configs = [till["config_id"] for till in plan["tills"]]
    strays = rows(
        cr,
        """SELECT o.uuid FROM pos_order o JOIN pos_session s ON s.id = o.session_id
            WHERE s.config_id = ANY(%s) AND o.create_date >= %s AND NOT o.uuid = ANY(%s)""",
        [configs, plan["started_at"], list(sent)],
    )
    problems += [f"order {u} is in a till's session, but no till sent it" for (u,) in strays]
    paid_twice = rows(
        cr,
        """SELECT o.uuid, o.amount_total, sum(p.amount), count(p.id)
             FROM pos_order o LEFT JOIN pos_payment p ON p.pos_order_id = o.id
            WHERE o.uuid = ANY(%s) GROUP BY o.id
           HAVING count(p.id) <> 1 OR abs(coalesce(sum(p.amount), 0) - o.amount_total) > 0.005""",
        [list(sent)],
    )
    problems += [
        f"order {u} of {total} has {n} payments for {paid}" for u, total, paid, n in paid_twice
    ]
    return problems, len(sent), sum(1 for v in sent.values() if v[1] > 1)


def baskets_kept(cr, plan, journal):
    """Baskets: none lost, double-counted or changed after the close; each round closes once
    with one purchase order per supplier; each member has one basket."""
    round_id = plan["round_id"]
    problems = []
    ((state, closed_at),) = rows(
        cr, "SELECT state, write_date FROM coop_purchase_round WHERE id = %s", [round_id]
    )
    if state != "closed":
        problems.append(f"round {round_id} is {state}, not closed")
    problems += [
        f"partner {p} has {n} baskets in the round"
        for p, n in rows(
            cr,
            """SELECT partner_id, count(*) FROM coop_purchase_member_order WHERE round_id = %s
                GROUP BY partner_id HAVING count(*) > 1""",
            [round_id],
        )
    ]
    lines = rows(
        cr,
        """SELECT l.id, o.partner_id, l.round_line_id, l.quantity, l.tolerance, l.explanation,
                  l.allocated_qty, l.quantity_log, l.tolerance_log
             FROM coop_purchase_member_line l
             JOIN coop_purchase_member_order o ON o.id = l.order_id
            WHERE o.round_id = %s""",
        [round_id],
    )
    by_key = defaultdict(list)
    for line in lines:
        by_key[(line[1], line[2])].append(line)
    problems += [
        f"{len(v)} lines for partner {k[0]}, round line {k[1]}"
        for k, v in by_key.items()
        if len(v) > 1
    ]
    # The last basket the server acknowledged for each member and product is what is stored.
    last = {}
    for login, round_line, quantity, tolerance, at in sorted(
        journal["baskets"], key=lambda b: b[4]
    ):
        last[(int(login.rsplit(".", 1)[1]), round_line)] = (quantity, tolerance, at)
    for (partner, round_line), (quantity, tolerance, at) in last.items():
        stored = by_key.get((partner, round_line))
        values = (stored[0][3], stored[0][4]) if stored else (0, 0)
        if values != (quantity, tolerance):
            problems.append(
                f"partner {partner}, round line {round_line}: saved {quantity}+{tolerance} "
                f"at {at}, stored {values[0]}+{values[1]}"
            )
    if state == "closed":
        limit = closed_at.isoformat()
        for line in lines:
            if (line[3] or line[4]) and line[5] is None:
                problems.append(f"basket line {line[0]} was left out of the close")
            changes = json.loads(line[7] or "[]") + json.loads(line[8] or "[]")
            late = [at for at, _seq, _n in changes if at.replace(" ", "T") > limit]
            if late:
                problems.append(
                    f"basket line {line[0]} changed at {late[0]}, after the close ({limit})"
                )
        problems += [
            f"supplier {s} got {n} purchase orders"
            for s, n in rows(
                cr,
                """SELECT partner_id, count(*) FROM purchase_order WHERE coop_round_id = %s
                    GROUP BY partner_id HAVING count(*) > 1""",
                [round_id],
            )
        ]
        problems += [
            f"round line {i}: {a} units allocated of {u} ordered"
            for i, a, u in rows(
                cr,
                """SELECT rl.id, sum(l.allocated_qty), rl.units_ordered
                     FROM coop_purchase_round_line rl
                     JOIN coop_purchase_member_line l ON l.round_line_id = rl.id
                    WHERE rl.round_id = %s GROUP BY rl.id
                   HAVING sum(coalesce(l.allocated_qty, 0)) > rl.units_ordered""",
                [round_id],
            )
        ]
    return problems, len(lines), len(journal["baskets"])


def door_sheet_once(cr, plan, journal):
    """The door sheet was validated, and each person on it got points once."""
    shift_id = plan["door_shift_id"]
    problems = []
    ((state,),) = rows(cr, "SELECT state FROM coop_shift WHERE id = %s", [shift_id])
    if state != "done":
        problems.append(f"door shift {shift_id} is {state}, not validated")
    problems += [
        f"registration {r} got {n} point events"
        for r, n in rows(
            cr,
            """SELECT e.registration_id, count(*) FROM coop_shift_counter_event e
                 JOIN coop_shift_registration r ON r.id = e.registration_id
                WHERE r.shift_id = %s GROUP BY e.registration_id HAVING count(*) > 1""",
            [shift_id],
        )
    ]
    return problems


def points_match_ledger(cr):
    """Every member's stored counters are the sums of their points ledger."""
    bad = rows(
        cr,
        """SELECT p.id, p.coop_shift_standard_points, coalesce(e.standard, 0),
                  p.coop_shift_flying_points, coalesce(e.flying, 0)
             FROM res_partner p
             LEFT JOIN (SELECT partner_id,
                               sum(points) FILTER (WHERE counter = 'standard') AS standard,
                               sum(points) FILTER (WHERE counter = 'flying') AS flying
                          FROM coop_shift_counter_event GROUP BY partner_id) e
                    ON e.partner_id = p.id
            WHERE coalesce(p.coop_shift_standard_points, 0) <> coalesce(e.standard, 0)
               OR coalesce(p.coop_shift_flying_points, 0) <> coalesce(e.flying, 0)""",
    )
    return [
        f"partner {p}: standard {s} stored, {se} in the ledger; flying {f} stored, {fe} in the ledger"
        for p, s, se, f, fe in bad
    ]


def check(db, plan, journal):
    with connect(db) as cnx, cnx.cursor() as cr:
        tills, sent, resent = till_orders_once(cr, plan, journal)
        baskets, lines, acknowledged = baskets_kept(cr, plan, journal)
        invariants = {
            "no shift over its seats": shifts_within_seats(cr, plan),
            "every order a till sent is there exactly once, paid once": tills,
            "no basket line lost, double-counted or changed after the close": baskets,
            "the door sheet validated once": door_sheet_once(cr, plan, journal),
            "points ledger sums equal the stored counters": points_match_ledger(cr),
        }
    facts = {
        "till_orders_sent": sent,
        "till_orders_sent_twice": resent,
        "basket_saves_acknowledged": acknowledged,
        "basket_lines_in_round": lines,
        "round_closed_at": (journal.get("close") or {}).get("answered"),
        "door_sheet_validated_at": journal.get("door"),
        "locust_cpu_s": journal.get("locust_cpu_s"),
        "members_logged_in_again_after_outage": journal.get("logins_again", 0),
    }
    return invariants, facts


# ------------------------------------------------------------ report


def outage_failures(journal):
    """Failed requests while the database was away (or just after), per endpoint."""
    outage = journal.get("outage")
    during = defaultdict(int)
    if not outage:
        return during
    for at, name, _why in journal.get("failures", []):
        if outage["from_s"] - 1 <= at <= outage["to_s"] + OUTAGE_GRACE_S:
            during[name] += 1
    return during


def endpoints(stats_csv, refusals, during_outage=None):
    during_outage = during_outage or {}
    result = []
    with open(stats_csv) as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            count = int(row["Request Count"])
            name = row["Name"]
            outage = during_outage.get(name, 0)
            failures = int(row["Failure Count"]) - outage
            p95 = float(row["95%"] or 0)
            result.append(
                {
                    "endpoint": name,
                    "requests": count,
                    "errors": failures,
                    "error_rate": round(failures / count, 4) if count else 0.0,
                    "failed_in_outage": outage,
                    "refused": refusals.get(name, 0),
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": p95,
                    "max_ms": round(float(row["Max Response Time"] or 0)),
                    "per_s": round(float(row["Requests/s"] or 0), 2),
                    "target_ms": TARGET_MS if name.startswith(TARGETED) else None,
                }
            )
    return sorted(result, key=lambda r: r["endpoint"])


def table(results):
    head = ["endpoint", "requests", "errors", "refused", "p50", "p95", "max", "req/s", "p95 < 1 s"]
    outage = any(r.get("failed_in_outage") for r in results)
    if outage:
        head.insert(3, "failed in outage")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for r in results:
        target = ""
        if r["target_ms"]:
            target = "yes" if r["p95_ms"] < r["target_ms"] else "**no**"
        in_outage = f" {r.get('failed_in_outage', 0)} |" if outage else ""
        lines.append(
            f"| {r['endpoint']} | {r['requests']} | {r['errors']} ({r['error_rate']:.1%}) |"
            f"{in_outage} {r['refused']} | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms | "
            f"{r['max_ms']} ms | {r['per_s']:.2f} | {target} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--users", type=int)
    parser.add_argument("--tills", type=int)
    parser.add_argument("--duration", type=int)
    parser.add_argument("--db", help="check another database than the plan's (a copy of it)")
    args = parser.parse_args()
    with open(os.path.join(args.run, "plan.json")) as handle:
        plan = json.load(handle)
    journal_path = os.path.join(args.run, "journal.json")
    if not os.path.exists(journal_path):
        sys.exit("no journal.json: Locust did not finish the run")
    with open(journal_path) as handle:
        journal = json.load(handle)
    invariants, facts = check(args.db or plan["db"], plan, journal)
    during_outage = outage_failures(journal)
    results = endpoints(
        os.path.join(args.run, "locust_stats.csv"), journal["refusals"], during_outage
    )
    errors = sum(r["errors"] for r in results)
    # An exception inside the locustfile (a user that could not even start) is a failure too.
    with open(os.path.join(args.run, "locust_exceptions.csv")) as handle:
        crashes = [row["Traceback"][-300:] for row in csv.DictReader(handle)]
    errors += len(crashes)
    broken = {name: problems for name, problems in invariants.items() if problems}
    output = {
        "database": plan["db"],
        "members": plan["members"],
        "users": args.users,
        "tills": args.tills,
        "workers": args.workers,
        "duration_s": args.duration,
        "ran_at": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "invariants": {
            name: {"ok": not problems, "problems": problems[:50]}
            for name, problems in invariants.items()
        },
        "facts": facts,
        "outage": journal.get("outage")
        and {**journal["outage"], "failed_requests": sum(during_outage.values())},
        "errors": errors,
        "unexpected": journal["unexpected"][:50],
        "crashes": crashes[:10],
        "endpoints": results,
    }
    with open(args.output, "w") as handle:
        json.dump(output, handle, indent=2)
    out = sys.stdout
    out.write(table(results) + "\n\n")
    for name, problems in invariants.items():
        out.write(f"{'ok    ' if not problems else 'BROKEN'} {name}\n")
        for problem in problems[:20]:
            out.write(f"         {problem}\n")
    out.write(f"facts: {json.dumps(facts)}\n")
    if output["outage"]:
        outage = output["outage"]
        out.write(
            f"database away ({outage['mode']}) from {outage['from_s']} s to {outage['to_s']} s"
            f" of the run: {outage['failed_requests']} request(s) failed meanwhile"
            f" (outage.sh: {outage['output'].strip()!r}, status {outage['status']})\n"
        )
        if outage["status"]:
            sys.exit("load test: the database outage did not happen as asked (outage.sh failed)")
    for why in journal["unexpected"][:20]:
        out.write(f"error: {why}\n")
    for crash in crashes[:5]:
        out.write(f"locustfile crashed: {crash}\n")
    out.write(f"results written to {args.output}\n")
    if broken:
        sys.exit(f"load test: {len(broken)} invariant(s) broken: {', '.join(broken)}")
    if errors:
        sys.exit(2)


if __name__ == "__main__":
    main()
