# Run inside `odoo shell` with the addons of the commit before prepaid accounts moved into
# accounting (tests/test_prepaid_ledger_migration.py): a buying group keeps prepaid money in
# the old ledger, coop.purchase.account.move. Prints one line of facts, prefixed with
# LEDGER_FACTS, for the test to compare with what the upgrade makes of them.
import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (given by odoo shell)
company = env.company
Partner = env["res.partner"]
Round = env["coop.purchase.round"]
MemberLine = env["coop.purchase.member.line"]
Ledger = env["coop.purchase.account.move"]
assert "account_move_count" in Round._fields, "this script runs on the old code"

TODAY = fields.Date.context_today(Ledger)
START = TODAY - timedelta(days=60)
SETTLED_ON = START + timedelta(days=10)
PEOPLE = ["Ann Prepaid", "Bea Prepaid", "Cal Prepaid", "Dot Prepaid"]

tag = env["res.partner.category"].create({"name": "Prepaid buyers"})
people = {
    name: Partner.create(
        {
            "name": name,
            "email": f"{name.split()[0].lower()}@example.org",
            "category_id": [Command.set(tag.ids)],
        }
    )
    for name in PEOPLE
}
ann, bea, cal, dot = people.values()
vat = env["account.tax"].create(
    {"name": "VAT 20% (ledger)", "amount": 20, "amount_type": "percent", "type_tax_use": "sale"}
)
mill = Partner.create({"name": "Ledger Mill", "is_company": True})
flour = env["product.product"].create(
    {"name": "Ledger Flour", "type": "consu", "taxes_id": [Command.set(vat.ids)]}
)
oats = env["product.product"].create({"name": "Ledger Oats", "type": "consu", "taxes_id": []})
for product, price, case in ((flour, 2.0, 6), (oats, 1.5, 10)):
    env["product.packaging"].create(
        {"name": f"Case of {case}", "product_id": product.id, "qty": case}
    )
    env["product.supplierinfo"].create(
        {"partner_id": mill.id, "product_id": product.id, "price": price}
    )


def line(partner, amount, kind, date, note=False, round_=None):
    return Ledger.create(
        {
            "partner_id": partner.id,
            "company_id": company.id,
            "amount": amount,
            "kind": kind,
            "date": date,
            "note": note,
            "round_id": round_.id if round_ else False,
        }
    )


def new_round(name, baskets):
    now = fields.Datetime.now()
    round_ = Round.create(
        {
            "name": name,
            "supplier_ids": [Command.set(mill.ids)],
            "date_open": now - timedelta(hours=1),
            "date_close": now + timedelta(days=2),
            "participant_category_id": tag.id,
            "allocation_policy": "first_come",
            "settlement_mode": "prepaid",
            "markup_percent": 10,
            "transport_cost": 6.0,
        }
    )
    round_.action_load_catalogue()
    round_.action_open()
    for person, product, quantity in baskets:
        round_line = round_.line_ids.filtered(lambda l, p=product: l.product_id == p)
        MemberLine._set_order(round_, person, round_line, quantity, 0)
    return round_


line(ann, 40.0, "topup", START, "Cash at the pickup")
line(bea, 10.0, "topup", START + timedelta(days=1), "Bank transfer")
line(cal, 25.0, "topup", START + timedelta(days=2))
settled = new_round(
    "Ledger Round 1", [(ann, flour, 6), (bea, flour, 3), (bea, oats, 10), (dot, flour, 3)]
)
settled.action_close()
for po in settled.purchase_ids:
    po.button_confirm()
    for move in po.picking_ids.move_ids:
        move.quantity = move.product_uom_qty
    po.picking_ids.button_validate()
settled.action_receive()
with freeze_time(SETTLED_ON):
    settled.action_settle()
assert settled.state == "settled"
corrections = {
    "ann_correction": line(
        ann, 1.25, "correction", START + timedelta(days=12), "Charged a jar too many", settled
    ),
    "bea_refund": line(bea, 2.0, "refund", START + timedelta(days=12), "Oats bag torn"),
    "cal_charge": line(cal, -3.5, "charge", START + timedelta(days=13), "Honey from the shop"),
    "cal_correction": line(
        cal, -5.0, "correction", START + timedelta(days=14), "Top-up typed twice"
    ),
}
still_open = new_round("Ledger Round 2", [(ann, oats, 10)])
env.cr.commit()

charges = Ledger.search([("round_id", "=", settled.id), ("kind", "=", "charge")])
facts = {
    "settled_on": str(SETTLED_ON),
    "start": str(START),
    "balances": {name: Ledger._balance(p, company) for name, p in people.items()},
    "charges": {
        c.partner_id.name: {"amount": c.amount, "date": str(c.date), "order": c.member_order_id.id}
        for c in charges
    },
    "lines": Ledger.search_count([]),
    "others": {
        key: {"id": r.id, "amount": r.amount, "date": str(r.date)} for key, r in corrections.items()
    },
    "rounds": {r.name: [r.id, r.state] for r in (settled, still_open)},
}
print("LEDGER_FACTS " + json.dumps(facts))
