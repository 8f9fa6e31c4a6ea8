"""Get a load-test database ready for one run, and write the run's plan for Locust.

Runs in Odoo's Python (bin/loadtest passes the Odoo options after `--`):
    python3 tests/loadtest/prepare.py --db load_5000 --members 5000 --users 50 --tills 4 \
        --plan run/plan.json -- <odoo options>

Once per database: the bench's generated co-op, portal logins for a sample of members, and
the staff (tills, a shift leader, group-order staff), all with one known password. Each run:
a fresh round opened with the generated baskets copied in, and a door shift starting now.
Only ever run against a load-test database: it sets known passwords.
"""

import argparse
import json
import os
import random
import sys
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import odoo
from odoo import SUPERUSER_ID, Command, api, fields

PASSWORD = "load-test-only"  # a throwaway database's users
MEMBER_LOGIN = "load.member.%s"
POS_PRODUCTS = 20
CARDS = 200


def member_sample(env, count, seed):
    """Working members who may book shifts and order: the members the load test plays."""
    env.cr.execute(
        """SELECT p.id FROM res_partner p
            WHERE p.coop_membership_state = 'member' AND p.coop_is_working
              AND p.coop_holder_may_shop AND NOT coalesce(p.coop_blocked, FALSE)
              AND p.coop_shift_mode IN ('team', 'flying') AND NOT coalesce(p.coop_shift_unsubscribed, FALSE)
              AND p.coop_household_head_id IS NULL AND p.active
              AND NOT EXISTS (SELECT 1 FROM coop_shift_leave l WHERE l.partner_id = p.id)
            ORDER BY p.id"""
    )
    ids = [row[0] for row in env.cr.fetchall()]
    random.Random(seed).shuffle(ids)
    # Who may shop (and so order in the round) is the one rule's answer, not a column.
    chosen = []
    for partner in env["res.partner"].browse(ids):
        if len(chosen) == count:
            break
        if partner._coop_can_shop():
            chosen.append(partner.id)
    return sorted(chosen)


def ensure_users(env, partner_ids, staff_groups):
    """Portal logins for `partner_ids` and the staff logins, all with PASSWORD.

    The password is hashed once by the ORM and its hash copied to the others in SQL: hashing
    is deliberately slow, and hundreds of users would take minutes.
    """
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    portal = env.ref("base.group_portal")
    existing = set(Users.search([("login", "like", "load.%")]).mapped("login"))
    partners = env["res.partner"].browse(partner_ids)
    Users.create(
        [
            {
                "login": MEMBER_LOGIN % partner.id,
                "partner_id": partner.id,
                "name": partner.name,
                "groups_id": [Command.set(portal.ids)],
            }
            for partner in partners
            if MEMBER_LOGIN % partner.id not in existing
        ]
    )
    for login, groups in staff_groups.items():
        values = {
            "name": login.replace(".", " ").title(),
            # The till and the door post in the chatter, which needs a sender.
            "email": f"{login}@load.example",
            "groups_id": [Command.set([env.ref(g).id for g in groups])],
        }
        user = Users.search([("login", "=", login)])
        if user:
            user.write(values)
        else:
            Users.create({**values, "login": login})
    first = Users.search([("login", "like", "load.%")], order="id", limit=1)
    first.password = PASSWORD
    env.flush_all()
    env.cr.execute(
        "UPDATE res_users SET password = (SELECT password FROM res_users WHERE id = %s)"
        " WHERE login LIKE 'load.%%'",
        [first.id],
    )


def ensure_tills(env, count):
    """`count` tills, each with a cash method of its own and the members' account."""
    company = env.company
    tills = []
    for n in range(1, count + 1):
        config = env["pos.config"].search([("name", "=", f"Load till {n}")])
        if not config:
            journal = env["account.journal"].create(
                {"name": f"Load till {n} cash", "type": "cash", "code": f"LDT{n}"}
            )
            method = env["pos.payment.method"].create(
                {"name": f"Load till {n} cash", "journal_id": journal.id}
            )
            config = env["pos.config"].create(
                {"name": f"Load till {n}", "payment_method_ids": [Command.set(method.ids)]}
            )
        cash = config.payment_method_ids.filtered("is_cash_count")[:1]
        tills.append(
            {
                "config_id": config.id,
                "login": f"load.till.{n}",
                "cash_method_id": cash.id,
                "pricelist_id": config.pricelist_id.id,
            }
        )
    return tills, company


def pos_products(env):
    """Products the tills sell: some of the catalogue, made available at the till."""
    products = env["product.product"].search(
        [("sale_ok", "=", True), ("default_code", "like", "bench")], order="id", limit=POS_PRODUCTS
    )
    products.filtered(lambda p: not p.available_in_pos).write({"available_in_pos": True})
    return [{"id": p.id, "price": round(p.lst_price, 2)} for p in products]


def fresh_round(env, bench_round_id, now):
    """A copy of the generated round, open now, with the generated baskets copied in."""
    source = env["coop.purchase.round"].browse(bench_round_id)
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    round_ = source.copy(
        {
            "name": f"Load round {stamp}",
            "date_open": now - timedelta(hours=1),
            "date_close": now + timedelta(days=1),
        }
    )
    if round_.state != "open":
        round_.action_open()
    env.flush_all()
    env.cr.execute(
        """INSERT INTO coop_purchase_member_order (round_id, partner_id, company_id,
                   create_uid, write_uid, create_date, write_date)
           SELECT %s, partner_id, company_id, %s, %s, now() at time zone 'UTC',
                  now() at time zone 'UTC'
             FROM coop_purchase_member_order WHERE round_id = %s""",
        [round_.id, env.uid, env.uid, source.id],
    )
    env.cr.execute(
        """INSERT INTO coop_purchase_member_line (order_id, round_line_id, partner_id, quantity,
                   tolerance, quantity_log, tolerance_log, create_uid, write_uid, create_date,
                   write_date)
           SELECT new_order.id, new_line.id, line.partner_id, line.quantity, line.tolerance,
                  line.quantity_log, line.tolerance_log, %s, %s, now() at time zone 'UTC',
                  now() at time zone 'UTC'
             FROM coop_purchase_member_line line
             JOIN coop_purchase_member_order old_order ON old_order.id = line.order_id
             JOIN coop_purchase_member_order new_order
                  ON new_order.partner_id = old_order.partner_id AND new_order.round_id = %s
             JOIN coop_purchase_round_line old_line ON old_line.id = line.round_line_id
             JOIN coop_purchase_round_line new_line
                  ON new_line.product_id = old_line.product_id AND new_line.round_id = %s
            WHERE old_order.round_id = %s""",
        [env.uid, env.uid, round_.id, round_.id, source.id],
    )
    env.invalidate_all()
    return round_


def fresh_door_shift(env, door_shift_id, leader_partner, now):
    """A shift that started a few minutes ago, its sheet full, led by the load's leader."""
    source = env["coop.shift"].browse(door_shift_id)
    begin = now.replace(microsecond=0) - timedelta(minutes=5)
    people = source.registration_ids.filtered(lambda r: r.state not in ("cancelled", "swapped"))
    shift = env["coop.shift"].create(
        {
            "template_id": source.template_id.id,
            "date_start": begin,
            "date_end": begin + timedelta(hours=3),
            "seats": len(people) + 5,
            "company_id": source.company_id.id,
            "leader_ids": [Command.set(leader_partner.ids)],
        }
    )
    env["coop.shift.registration"].create(
        [{"shift_id": shift.id, "partner_id": r.partner_id.id, "kind": r.kind} for r in people]
    )
    cards = [p.barcode for p in people.partner_id if p.barcode]
    return shift, cards


def prepare(args):
    from bench.cli import ensure_dataset
    from bench.dataset import Size

    info = ensure_dataset(args.db, Size.for_members(args.members), args.seed)
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tracking_disable": True})
        now = fields.Datetime.now()
        members = member_sample(env, max(args.users, 1), args.seed)
        staff = {
            "load.leader": ["base.group_user", "coop_shifts.group_coop_shift_leader"],
            # Group-order users may run a round, but only managers hold the purchase and
            # invoicing rights that the close's purchase orders need.
            "load.staff": ["base.group_user", "coop_purchase.group_coop_purchase_manager"],
        }
        for n in range(1, args.tills + 1):
            staff[f"load.till.{n}"] = [
                "base.group_user",
                "point_of_sale.group_pos_user",
                "stock.group_stock_user",
            ]
        ensure_users(env, members, staff)
        tills, company = ensure_tills(env, args.tills)
        products = pos_products(env)
        round_ = fresh_round(env, info["round_id"], now)
        leader = env["res.users"].search([("login", "=", "load.leader")]).partner_id
        shift, door_cards = fresh_door_shift(env, info["door_shift_id"], leader, now)
        cr.execute(
            """SELECT p.barcode->>%s FROM res_partner p
                WHERE p.coop_membership_state = 'member' AND p.barcode->>%s IS NOT NULL
                ORDER BY p.id DESC LIMIT %s""",
            [str(company.id), str(company.id), CARDS],
        )
        cards = [row[0] for row in cr.fetchall()]
        cr.commit()
        plan = {
            "db": args.db,
            "members": args.members,
            "password": PASSWORD,
            "member_logins": [MEMBER_LOGIN % pid for pid in members],
            "round_id": round_.id,
            "round_line_ids": round_.line_ids.ids,
            "tills": tills,
            "pos_products": products,
            "cards": cards,
            "door_shift_id": shift.id,
            "door_cards": door_cards,
            "leader_login": "load.leader",
            "staff_login": "load.staff",
            "started_at": fields.Datetime.to_string(now),
        }
    with open(args.plan, "w") as handle:
        json.dump(plan, handle, indent=1)
    sys.stdout.write(
        f"{args.db}: {len(members)} member logins, {len(tills)} tills, round {round_.id}, "
        f"door shift {shift.id} ({len(door_cards)} people)\n"
    )


def main():
    split = sys.argv.index("--") if "--" in sys.argv else len(sys.argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--tills", type=int, required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--plan", required=True)
    args = parser.parse_args(sys.argv[1:split])
    odoo.tools.config.parse_config(sys.argv[split + 1 :])
    odoo.modules.module.initialize_sys_path()
    prepare(args)


if __name__ == "__main__":
    main()
