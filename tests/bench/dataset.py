"""Fill a database with a co-op of a given size, reproducibly from a seed.

Big tables (people, share lines, shifts, registrations, the points ledger, products,
supplier prices, member orders) are written with bulk SQL: each kind of row is cloned from
one record the ORM made, so every column the ORM fills by default is filled here too, and
the stored computed fields (share counts, counters, seats) are written with the values
their compute methods would give. The few complex records (share classes, templates, the
round and its offer, a portal user, a till) go through the ORM.
"""

import json
import random
from dataclasses import dataclass, fields, replace
from datetime import timedelta

import pytz
from psycopg2.extras import Json, execute_values

from odoo import fields as odoo_fields
from odoo.tools import SQL
from odoo.tools.barcode import get_barcode_check_digit

from odoo.addons.coop_shifts.kernels import cycle
from odoo.addons.coop_shifts.kernels import rules as shift_rules

PAGE = 5000
TAG = "bench"  # partners and products made here carry it in `ref` / `default_code`


@dataclass(frozen=True)
class Size:
    members: int = 20_000
    households: int = 3_000
    templates: int = 500
    weeks_ahead: int = 12
    history_days: int = 730
    ledger_lines: int = 1_000_000
    suppliers: int = 200
    products: int = 5_000
    round_orders: int = 1_000
    round_products: int = 300
    lines_per_order: int = 10
    door_sheet: int = 30

    @classmethod
    def for_members(cls, members):
        """The default co-op scaled to `members`.

        People, teams, history and baskets scale; the wholesalers' catalogues and the
        round's offer do not, so that pages showing them compare like with like.
        """
        full = cls()
        if members == full.members:
            return full
        ratio = members / full.members

        def scaled(name, least):
            return max(least, round(getattr(full, name) * ratio))

        return replace(
            full,
            members=members,
            households=scaled("households", 1),
            templates=scaled("templates", 4),
            ledger_lines=scaled("ledger_lines", 10),
            round_orders=scaled("round_orders", 5),
        )

    def as_dict(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}


TINY = Size(
    members=30,
    households=5,
    templates=5,
    history_days=56,
    ledger_lines=200,
    suppliers=2,
    products=10,
    round_orders=10,
    round_products=5,
    lines_per_order=3,
    door_sheet=6,
)


class CoopGenerator:
    """Writes one co-op into `env`'s database. `run()` returns what the bench needs."""

    def __init__(self, env, size, seed=42):
        self.env = env
        self.cr = env.cr
        self.size = size
        self.rnd = random.Random(seed)
        self.company = env.company
        self.today = odoo_fields.Date.context_today(env["res.partner"])
        self.now = odoo_fields.Datetime.now()
        self.tz = self.company._coop_tz()
        self.uid = env.uid

    # ------------------------------------------------------------ helpers

    def _columns(self, table):
        self.cr.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in self.cr.fetchall()]

    def _clone(self, table, model_id, rows):
        """Insert one row per dict in `rows`, copying every other column from `model_id`.

        Returns the new ids in the order of `rows`.
        """
        if not rows:
            return []
        given = list(rows[0])
        columns = self._columns(table)
        given_sql = SQL(", ").join(SQL.identifier(c) for c in given)
        self.cr.execute(
            SQL(
                "CREATE TEMP TABLE bench_gen ON COMMIT DROP AS"
                " SELECT 0 AS bench_ord, %s FROM %s LIMIT 0",
                given_sql,
                SQL.identifier(table),
            )
        )
        execute_values(
            self.cr._obj,
            self.cr.mogrify(
                SQL("INSERT INTO bench_gen (bench_ord, %s) VALUES ", given_sql)
            ).decode()
            + "%s",
            [(i, *(row[c] for c in given)) for i, row in enumerate(rows)],
            page_size=PAGE,
        )
        # Ids come from the sequence in SELECT order, so sorting them gives the row order.
        self.cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT %s FROM bench_gen g, %s m WHERE m.id = %s"
                " ORDER BY g.bench_ord RETURNING id",
                SQL.identifier(table),
                SQL(", ").join(SQL.identifier(c) for c in columns),
                SQL(", ").join(SQL.identifier("g" if c in given else "m", c) for c in columns),
                SQL.identifier(table),
                model_id,
            )
        )
        ids = sorted(row[0] for row in self.cr.fetchall())
        self.cr.execute("DROP TABLE bench_gen")
        return ids

    def _insert(self, table, rows, returning=False):
        """Plain bulk insert of dicts sharing the same keys, stamped with the creator."""
        if not rows:
            return []
        stamp = {
            "create_uid": self.uid,
            "write_uid": self.uid,
            "create_date": self.now,
            "write_date": self.now,
        }
        keys = list(rows[0]) + list(stamp)
        sql = f"INSERT INTO {table} ({', '.join(keys)}) VALUES %s"
        if returning:
            sql += " RETURNING id"
        values = [(*row.values(), *stamp.values()) for row in rows]
        result = execute_values(self.cr._obj, sql, values, page_size=PAGE, fetch=returning)
        return sorted(r[0] for r in result) if returning else []

    # ------------------------------------------------------------ the co-op

    def run(self):
        self.env.flush_all()
        self._share_types()
        self._members()
        self._households()
        self._share_lines()
        self._templates()
        self._team_memberships()
        self._shifts()
        self._history_and_ledger()
        self._future_registrations()
        self._leaves()
        self._partner_facts()
        self._catalogue()
        self._round()
        self._door_shift()
        self._portal_and_till()
        self.env.invalidate_all()
        self._stored_status()
        self.env.registry.clear_cache()
        return self.result()

    def _stored_status(self):
        """The stored status of people written in bulk, as the nightly job computes it."""
        self.env["res.partner"]._cron_coop_refresh_status()
        self.env.invalidate_all()

    def result(self):
        return {
            "size": self.size.as_dict(),
            "member_ids": self.member_ids,
            "household_ids": self.household_ids,
            "template_ids": self.template_ids,
            "round_id": self.round_id,
            "door_shift_id": self.door_shift_id,
            "portal_user_id": self.portal_user_id,
            "pos_config_id": self.pos_config_id,
            "card_barcode": self.card_barcode,
        }

    def _share_types(self):
        ShareType = self.env["coop.share.type"]
        specs = [
            ("A", "Working member", True, True, 10.0, 1),
            ("B", "Investor", False, True, 100.0, 1),
            ("C", "Supporter", False, False, 10.0, 1),
        ]
        self.share_types = {}
        for code, name, working, may_shop, price, minimum in specs:
            share_type = ShareType.search(
                [("code", "=", code), ("company_id", "=", self.company.id)], limit=1
            )
            if not share_type:
                share_type = ShareType.create(
                    {
                        "code": code,
                        "name": name,
                        "is_working": working,
                        "may_shop": may_shop,
                        "unit_price": price,
                        "min_quantity": minimum,
                    }
                )
            self.share_types[code] = share_type

    def _members(self):
        """Members: a class, shares, a mode, a number and a card each."""
        rnd, size = self.rnd, self.size
        model = self.env["res.partner"].create({"name": "bench model", "lang": "en_US"})
        sequence = self.env.ref("coop_membership.seq_coop_member_number")
        first_number = sequence.number_next_actual
        Partner = self.env["res.partner"]
        rows, self.member_facts = [], []
        for i in range(size.members):
            number = str(first_number + i)
            roll = rnd.random()
            code = "A" if roll < 0.9 else ("B" if roll < 0.97 else "C")
            shares = rnd.choice((1, 1, 2, 5, 10)) if code == "A" else rnd.randint(1, 20)
            since = self.today - timedelta(days=rnd.randint(30, 3 * 365))
            former = rnd.random() < 0.02
            mode_roll = rnd.random()
            mode = "team" if mode_roll < 0.8 else ("flying" if mode_roll < 0.95 else "exempt")
            name = f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)} {i + 1}"
            self.member_facts.append(
                {"code": code, "shares": shares, "since": since, "former": former, "mode": mode}
            )
            share_type = self.share_types[code]
            held = 0 if former else shares
            blocked = rnd.random() < 0.003
            rows.append(
                {
                    "name": name,
                    "complete_name": name,
                    "ref": f"{TAG}-m{i + 1}",
                    "email": f"member{i + 1}@bench.example",
                    "coop_member_number": number,
                    # Company dependent: one card number per company, as the ORM stores it.
                    "barcode": Json(
                        {str(self.company.id): Partner._coop_card_barcode(number, household=False)}
                    ),
                    "coop_membership_state": "member" if held else "former",
                    "coop_share_count": held,
                    "coop_capital_amount": held * share_type.unit_price,
                    "coop_is_working": bool(held) and share_type.is_working,
                    "coop_holder_may_shop": bool(held) and share_type.may_shop,
                    "coop_member_since": since if held else None,
                    "coop_shift_mode": mode,
                    "coop_blocked": blocked,
                    "coop_block_reason": "Unpaid invoice" if blocked else None,
                }
            )
        self.member_ids = self._clone("res_partner", model.id, rows)
        self.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            [self.member_ids],
        )
        sequence.write({"number_next": first_number + size.members})
        self.partner_model = model

    def _households(self):
        """Household members: up to two per head, each with a card of their own."""
        heads = [
            pid
            for pid, facts in zip(self.member_ids, self.member_facts, strict=True)
            if not facts["former"]
        ]
        heads = self.rnd.sample(heads, min(len(heads), self.size.households))
        Partner = self.env["res.partner"]
        rows = []
        for i in range(self.size.households):
            head = heads[i % len(heads)]  # at most households/heads (≤ 2) per head
            name = f"{self.rnd.choice(FIRST_NAMES)} {self.rnd.choice(LAST_NAMES)} h{i + 1}"
            rows.append(
                {
                    "name": name,
                    "complete_name": name,
                    "ref": f"{TAG}-h{i + 1}",
                    "email": f"household{i + 1}@bench.example",
                    "coop_household_head_id": head,
                    "coop_membership_state": "associated",
                    "coop_shift_mode": "team",
                }
            )
        self.household_ids = self._clone("res_partner", self.partner_model.id, rows)
        self.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            [self.household_ids],
        )
        prefix = Partner._coop_customer_barcode_prefix() + "1"
        updates = []
        for pid in self.household_ids:
            body = prefix + str(pid).rjust(12 - len(prefix), "0")
            code = body + str(get_barcode_check_digit(body + "0"))
            updates.append((pid, Json({str(self.company.id): code})))
        execute_values(
            self.cr._obj,
            "UPDATE res_partner p SET barcode = v.code::jsonb FROM (VALUES %s) v(id, code)"
            " WHERE p.id = v.id",
            updates,
            page_size=PAGE,
        )

    def _share_lines(self):
        rows = []
        for pid, facts in zip(self.member_ids, self.member_facts, strict=True):
            share_type = self.share_types[facts["code"]]
            base = {
                "partner_id": pid,
                "share_type_id": share_type.id,
                "company_id": share_type.company_id.id,
                "unit_price": share_type.unit_price,
            }
            rows.append(
                {
                    **base,
                    "quantity": facts["shares"],
                    "amount": facts["shares"] * share_type.unit_price,
                    "date": facts["since"],
                    "kind": "subscription",
                }
            )
            if facts["former"]:
                rows.append(
                    {
                        **base,
                        "quantity": -facts["shares"],
                        "amount": -facts["shares"] * share_type.unit_price,
                        "date": self.today - timedelta(days=10),
                        "kind": "sellback",
                    }
                )
        self._insert("coop_share_line", rows)

    # ------------------------------------------------------------ shifts

    def _templates(self):
        weeks = self.company.coop_shift_cycle_weeks
        self.company.write({"coop_shift_generate_days": 7 * self.size.weeks_ahead})
        slots = [(d, h) for d in range(7) for h in (8.0, 10.5, 13.0, 15.5, 18.0, 20.0)]
        working = [f for f in self.member_facts if f["code"] == "A" and f["mode"] == "team"]
        team_size = max(3, len(working) // max(1, self.size.templates))
        vals = []
        for i in range(self.size.templates):
            day, hour = slots[(i // weeks) % len(slots)]
            vals.append(
                {
                    "week_index": i % weeks,
                    "weekday": str(day),
                    # Several teams may share a slot: they are told apart by minutes.
                    "start_hour": hour + (i // (weeks * len(slots))) / 60,
                    "end_hour": hour + 2.5 + (i // (weeks * len(slots))) / 60,
                    "seats": team_size + 8,
                    "company_id": self.company.id,
                }
            )
        self.templates = self.env["coop.shift.template"].create(vals)
        self.template_ids = self.templates.ids

    def _team_memberships(self):
        """Team members join one template each, from when they became members."""
        rows = []
        self.team_of = {}
        self.flying = []
        index = 0
        for pid, facts in zip(self.member_ids, self.member_facts, strict=True):
            if facts["code"] != "A" or facts["former"]:
                continue
            if facts["mode"] == "flying":
                self.flying.append((pid, facts["since"]))
            if facts["mode"] != "team":
                continue
            template_id = self.template_ids[index % len(self.template_ids)]
            index += 1
            self.team_of[pid] = (template_id, facts["since"])
            rows.append(
                {
                    "partner_id": pid,
                    "template_id": template_id,
                    "date_start": facts["since"],
                    "company_id": self.company.id,
                }
            )
        self._insert("coop_shift_team_membership", rows)

    def _shifts(self):
        """Past shifts (validated) and the generated weeks ahead (open)."""
        start = self.today - timedelta(days=self.size.history_days)
        horizon = self.today + timedelta(weeks=self.size.weeks_ahead)
        zone = pytz.timezone(self.tz)
        rows = []
        days = []
        for template, day, begin, end in self.templates._planned_spans(start, horizon):
            local = pytz.utc.localize(begin).astimezone(zone)
            past = day < self.today
            days.append(day)
            rows.append(
                {
                    "template_id": template.id,
                    "company_id": self.company.id,
                    "name": f"{template.week_letter} {local:%Y-%m-%d %H:%M}",
                    "date_start": begin,
                    "date_end": end,
                    "seats": template.seats,
                    "state": "done" if past else "open",
                }
            )
        ids = self._insert("coop_shift", rows, returning=True)
        # (id, template, start in UTC, state, the shop's local day)
        self.shifts = [
            (sid, row["template_id"], row["date_start"], row["state"], day)
            for sid, row, day in zip(ids, rows, days, strict=True)
        ]

    def _history_and_ledger(self):
        """Two years of marks, and the points they are worth, for every working member."""
        rnd = self.rnd
        by_template = {}
        for pid, (template_id, since) in self.team_of.items():
            by_template.setdefault(template_id, []).append((pid, since))
        registrations, events = [], []
        past = [s for s in self.shifts if s[3] == "done"]
        for shift_id, template_id, begin, _state, day in past:
            for pid, since in by_template.get(template_id, []):
                if since > day:
                    continue
                roll = rnd.random()
                state = "attended" if roll < 0.93 else ("absent" if roll < 0.97 else "excused")
                registrations.append((shift_id, pid, "team", state, begin, day))
        # Flying members: one shift per cycle wherever there is room.
        weeks = self.company.coop_shift_cycle_weeks
        anchor = self.company.coop_shift_anchor_date
        by_cycle = {}
        for shift in past:
            by_cycle.setdefault(cycle.cycle_start(shift[4], anchor, weeks), []).append(shift)
        for pid, since in self.flying:
            for start, shifts in by_cycle.items():
                if start < since:
                    continue
                shift_id, _t, begin, _s, day = rnd.choice(shifts)
                state = "attended" if rnd.random() < 0.9 else "absent"
                registrations.append((shift_id, pid, "flying", state, begin, day))
                events.append(self._event(pid, "flying", -1, start, "cycle", cycle_start=start))
        registrations.sort(key=lambda r: (r[4], r[0], r[1]))
        reg_ids = self._insert(
            "coop_shift_registration",
            [
                {
                    "shift_id": shift_id,
                    "partner_id": pid,
                    "kind": kind,
                    "state": state,
                    "company_id": self.company.id,
                    "date_start": begin,
                }
                for shift_id, pid, kind, state, begin, _day in registrations
            ],
            returning=True,
        )
        rules = self.company._coop_point_rules()
        for reg_id, (_shift, pid, kind, state, _begin, day) in zip(
            reg_ids, registrations, strict=True
        ):
            counter, points = shift_rules.points_for(kind, state, rules)
            if points:
                events.append(self._event(pid, counter, points, day, registration=reg_id))
            if state == "absent" or (kind == "team" and points < 0):
                self._catch_up(events, pid, counter, -points + (kind == "flying"), day)
        self._pad_ledger(events)
        events.sort(key=lambda e: (e["partner_id"], e["date"]))
        self._insert("coop_shift_counter_event", events)
        self.events = events

    def _catch_up(self, events, pid, counter, owed, missed_on):
        """Make-ups for a missed shift: always for old misses, for half of the recent ones."""
        day = missed_on + timedelta(days=self.rnd.randint(3, 30))
        recent = missed_on > self.today - timedelta(days=60)
        if day >= self.today or (recent and self.rnd.random() < 0.5):
            return
        for _i in range(owed):
            events.append(self._event(pid, counter, 1, day))

    def _event(self, pid, counter, points, day, reason="attendance", registration=None, **extra):
        return {
            "partner_id": pid,
            "counter": counter,
            "points": points,
            "date": day,
            "reason": reason,
            "registration_id": registration,
            "company_id": self.company.id,
            "cycle_start": extra.get("cycle_start"),
            "note": extra.get("note"),
        }

    def _pad_ledger(self, events):
        """Reach the asked ledger size with zero-sum staff corrections (−1 then +1, same day).

        The rules alone give about a fifth of the million lines the issue asks for at
        20,000 members; pairs that cancel out change nobody's balance or alert date.
        """
        working = list(self.team_of)
        if not working:
            return
        days = self.size.history_days
        while len(events) < self.size.ledger_lines:
            pid = self.rnd.choice(working)
            day = self.today - timedelta(days=self.rnd.randint(1, days))
            for points in (-1, 1):
                events.append(
                    self._event(pid, "standard", points, day, "correction", note="bench padding")
                )

    def _future_registrations(self):
        by_template = {}
        for pid, (template_id, since) in self.team_of.items():
            by_template.setdefault(template_id, []).append((pid, since))
        rows = []
        for shift_id, template_id, begin, state, day in self.shifts:
            if state != "open" or begin <= self.now:
                continue
            for pid, since in by_template.get(template_id, []):
                if since <= day:
                    rows.append(
                        {
                            "shift_id": shift_id,
                            "partner_id": pid,
                            "kind": "team",
                            "state": "planned",
                            "company_id": self.company.id,
                            "date_start": begin,
                        }
                    )
        self._insert("coop_shift_registration", rows)
        # Seats as _compute_seats counts them.
        self.cr.execute(
            """UPDATE coop_shift s SET seats_taken = c.n, seats_available = s.seats - c.n
                 FROM (SELECT s2.id, count(r.id) AS n FROM coop_shift s2
                         LEFT JOIN coop_shift_registration r ON r.shift_id = s2.id
                          AND r.state NOT IN ('cancelled', 'swapped')
                        WHERE s2.template_id = ANY(%s) GROUP BY s2.id) c
                WHERE s.id = c.id""",
            [self.template_ids],
        )

    def _leaves(self):
        """A few members are on leave today; a few more have an extension."""
        team = sorted(self.team_of)
        on_leave = self.rnd.sample(team, max(1, len(team) // 100)) if team else []
        self._insert(
            "coop_shift_leave",
            [
                {
                    "partner_id": pid,
                    "leave_type": self.rnd.choice(("holiday", "sickness")),
                    "date_start": self.today - timedelta(days=3),
                    "date_end": self.today + timedelta(days=11),
                    "state": "approved",
                    "company_id": self.company.id,
                }
                for pid in on_leave
            ],
        )

    def _partner_facts(self):
        """Counters and alert dates as _compute_coop_shift_counters gives them."""
        per_partner = {}
        for event in self.events:
            per_partner.setdefault(event["partner_id"], []).append(event)
        modes = {
            pid: facts["mode"]
            for pid, facts in zip(self.member_ids, self.member_facts, strict=True)
        }
        rows = []
        for pid, events in per_partner.items():
            events.sort(key=lambda e: e["date"])  # stable: ids follow this order within a day
            standard = [(e["date"], e["points"]) for e in events if e["counter"] == "standard"]
            flying = [(e["date"], e["points"]) for e in events if e["counter"] == "flying"]
            judged = flying if modes.get(pid) == "flying" else standard
            rows.append(
                (
                    pid,
                    sum(p for _d, p in standard),
                    sum(p for _d, p in flying),
                    shift_rules.alert_start(judged),
                )
            )
        execute_values(
            self.cr._obj,
            """UPDATE res_partner p SET coop_shift_standard_points = v.s,
                      coop_shift_flying_points = v.f, coop_shift_alert_since = v.a::date
                 FROM (VALUES %s) v(id, s, f, a) WHERE p.id = v.id""",
            rows,
            page_size=PAGE,
        )
        del self.events

    # ------------------------------------------------------------ group orders

    def _catalogue(self):
        rnd, size = self.rnd, self.size
        suppliers = []
        for i in range(size.suppliers):
            name = f"{rnd.choice(LAST_NAMES)} Wholesale {i + 1}"
            suppliers.append(
                {
                    "name": name,
                    "complete_name": name,
                    "ref": f"{TAG}-s{i + 1}",
                    "is_company": True,
                    "supplier_rank": 1,
                    "email": f"orders{i + 1}@supplier.example",
                    "coop_purchase_min_amount": rnd.choice((0, 0, 0, 50)),
                }
            )
        self.supplier_ids = self._clone("res_partner", self.partner_model.id, suppliers)
        self.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            [self.supplier_ids],
        )
        model = self.env["product.product"].create(
            {
                "name": "bench model product",
                "type": "consu",
                "purchase_ok": True,
            }
        )
        model_info = self.env["product.supplierinfo"].create(
            {
                "partner_id": self.supplier_ids[0],
                "product_tmpl_id": model.product_tmpl_id.id,
                "product_id": model.id,
                "price": 1.0,
            }
        )
        kg = self.env.ref("uom.product_uom_kgm")
        template_rows, self.product_facts = [], []
        for i in range(size.products):
            by_weight = rnd.random() < 0.1
            price = round(rnd.uniform(0.5, 30), 2)
            name = f"{rnd.choice(PRODUCT_WORDS)} {rnd.choice(PRODUCT_KINDS)} {i + 1}"
            row = {"name": Json({"en_US": name}), "list_price": round(price * 1.3, 2)}
            if by_weight:
                row.update(uom_id=kg.id, uom_po_id=kg.id)
            else:
                row.update(uom_id=model.uom_id.id, uom_po_id=model.uom_po_id.id)
            template_rows.append(row)
            self.product_facts.append(
                {"price": price, "case": 1 if by_weight else rnd.choice((1, 6, 6, 12, 24))}
            )
        tmpl_ids = self._clone("product_template", model.product_tmpl_id.id, template_rows)
        self.product_ids = self._clone(
            "product_product",
            model.id,
            [
                {"product_tmpl_id": tid, "default_code": f"{TAG}-p{i + 1}"}
                for i, tid in enumerate(tmpl_ids)
            ],
        )
        self.product_supplier = {}
        info_rows = []
        for i, (pid, tid) in enumerate(zip(self.product_ids, tmpl_ids, strict=True)):
            supplier = self.supplier_ids[i % len(self.supplier_ids)]
            self.product_supplier[pid] = supplier
            facts = self.product_facts[i]
            info_rows.append(
                {
                    "partner_id": supplier,
                    "product_tmpl_id": tid,
                    "product_id": pid,
                    "price": facts["price"],
                    "min_qty": facts["case"],
                }
            )
        self._clone("product_supplierinfo", model_info.id, info_rows)
        # The model product is not for sale: only the cloned ones are offered.
        model_info.unlink()
        model.active = False

    def _round(self):
        """A round over some suppliers' products, with member baskets."""
        rnd, size = self.rnd, self.size
        per_supplier = max(1, size.products // len(self.supplier_ids))
        count = max(1, -(-size.round_products // per_supplier))
        suppliers = self.supplier_ids[:count]
        round_ = self.env["coop.purchase.round"].create(
            {
                "name": "Bench round",
                "supplier_ids": [(6, 0, suppliers)],
                "date_open": self.now - timedelta(days=7),
                "date_close": self.now + timedelta(days=1),
                "allocation_policy": "fair_tolerance",
            }
        )
        round_.action_load_catalogue()
        extra = round_.line_ids.sorted("id")[size.round_products :]
        if extra:
            extra.unlink()
        round_.action_open()
        self.round_id = round_.id
        line_ids = round_.line_ids.ids
        shoppers = [
            pid
            for pid, facts in zip(self.member_ids, self.member_facts, strict=True)
            if not facts["former"] and facts["code"] != "C"
        ]
        buyers = rnd.sample(shoppers, min(len(shoppers), size.round_orders))
        order_ids = self._insert(
            "coop_purchase_member_order",
            [
                {"round_id": round_.id, "partner_id": pid, "company_id": self.company.id}
                for pid in buyers
            ],
            returning=True,
        )
        self.cr.execute("SELECT nextval('coop_purchase_change_seq')")
        seq = self.cr.fetchone()[0]
        lines = []
        for order_id, pid in zip(order_ids, buyers, strict=True):
            for round_line in rnd.sample(line_ids, min(len(line_ids), size.lines_per_order)):
                quantity, tolerance = rnd.randint(1, 4), rnd.choice((0, 0, 1, 2))
                at = (self.now - timedelta(minutes=rnd.randint(1, 7 * 24 * 60))).isoformat()
                seq += 2
                lines.append(
                    {
                        "order_id": order_id,
                        "round_line_id": round_line,
                        "partner_id": pid,
                        "quantity": quantity,
                        "tolerance": tolerance,
                        "quantity_log": json.dumps([[at, seq - 1, quantity]]),
                        "tolerance_log": json.dumps([[at, seq, tolerance]] if tolerance else []),
                    }
                )
        self._insert("coop_purchase_member_line", lines)
        self.cr.execute("SELECT setval('coop_purchase_change_seq', %s)", [seq])

    # ------------------------------------------------------------ door, portal, till

    def _door_shift(self):
        """A shift under way with a full sheet, for the door bench."""
        template = self.templates[0]
        people = [pid for pid, (tid, _since) in self.team_of.items() if tid == template.id]
        people += [pid for pid, _since in self.flying]
        people = people[: self.size.door_sheet]
        begin = self.now.replace(microsecond=0) - timedelta(minutes=30)
        shift = self.env["coop.shift"].create(
            {
                "template_id": template.id,
                "date_start": begin,
                "date_end": begin + timedelta(hours=3),
                "seats": len(people) + 5,
                "company_id": self.company.id,
            }
        )
        team = {pid for pid, (tid, _s) in self.team_of.items() if tid == template.id}
        self.env["coop.shift.registration"].create(
            [
                {
                    "shift_id": shift.id,
                    "partner_id": pid,
                    "kind": "team" if pid in team else "flying",
                }
                for pid in people
            ]
        )
        self.door_shift_id = shift.id

    def _portal_and_till(self):
        """A team member with a basket logs in to the portal; a till scans cards."""
        # The same kind of member at every size: a team member up to date with shifts, with
        # a basket, no household and no leave, so that page costs compare like with like.
        self.cr.execute(
            """SELECT o.partner_id FROM coop_purchase_member_order o
                 JOIN coop_shift_team_membership m ON m.partner_id = o.partner_id
                 JOIN res_partner p ON p.id = o.partner_id
                WHERE o.round_id = %s AND NOT p.coop_blocked
                  AND p.coop_shift_standard_points = 0
                  AND NOT EXISTS (SELECT 1 FROM res_partner h
                                   WHERE h.coop_household_head_id = p.id)
                  AND NOT EXISTS (SELECT 1 FROM coop_shift_leave l WHERE l.partner_id = p.id)
                ORDER BY o.partner_id LIMIT 1""",
            [self.round_id],
        )
        row = self.cr.fetchone()
        partner_id = row[0] if row else min(self.team_of)
        login = f"bench.member.{partner_id}"
        user = self.env["res.users"].search([("login", "=", login)])
        if not user:
            user = (
                self.env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "login": login,
                        "partner_id": partner_id,
                        "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
                    }
                )
            )
        self.portal_user_id = user.id
        config = self.env["pos.config"].search([], limit=1)
        if not config:
            config = self.env["pos.config"].create({"name": "Bench till"})
        self.pos_config_id = config.id
        # A member far from the start of the list: a till never preloads them.
        self.card_barcode = self.env["res.partner"].browse(self.member_ids[-1]).barcode
        self.partner_model.unlink()


def generate(env, size, seed=42):
    return CoopGenerator(env, size, seed).run()


FIRST_NAMES = [
    "Amina",
    "Ben",
    "Chloé",
    "Dario",
    "Elif",
    "Farah",
    "Gus",
    "Hana",
    "Ines",
    "Jonah",
    "Kofi",
    "Lena",
    "Malik",
    "Nora",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tess",
    "Umar",
    "Vera",
    "Wen",
    "Xavi",
    "Yara",
    "Zoe",
]
LAST_NAMES = [
    "Adeyemi",
    "Baker",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jones",
    "Kowalski",
    "Lopez",
    "Martin",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quinn",
    "Rossi",
    "Silva",
    "Taylor",
    "Usman",
    "Varga",
    "Weber",
    "Xu",
    "Young",
    "Zhang",
]
PRODUCT_WORDS = ["Organic", "Wholemeal", "Fair-trade", "Local", "Dried", "Fresh", "Roasted", "Raw"]
PRODUCT_KINDS = [
    "Oats",
    "Lentils",
    "Rice",
    "Coffee",
    "Flour",
    "Apples",
    "Honey",
    "Tea",
    "Chickpeas",
    "Pasta",
    "Soap",
]
