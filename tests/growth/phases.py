# Run inside `odoo shell` (which provides `env`) by tests/test_growth_path.py, one phase at a
# time, against one database that grows from a buying group into a shop:
#   phase 1: a buying group runs rounds; nobody holds shares, no share class exists.
#   phase 2: share classes are configured and most participants subscribe.
#   phase 3: run after coop_shifts and the till (point_of_sale) were installed into the same
#            database; the till brings coop_membership_pos by itself.
# Each phase prints one JSON line of facts, prefixed with GROWTH_FACTS, for the test to check.
import json
import os
from datetime import timedelta

from odoo import Command, fields

PHASE = os.environ["COOP_GROWTH_PHASE"]
PEOPLE = ["Ada Baker", "Ben Barista", "Cleo Pastry", "Dev Porter", "Eve Cashier", "Finn Driver"]
TILL_BRIDGE = "coop_membership_pos"
SUBSCRIBERS = PEOPLE[:4]  # Eve and Finn stay customers of the group, without shares
env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (given by odoo shell)
company = env.company
Partner = env["res.partner"]
Round = env["coop.purchase.round"]
MemberLine = env["coop.purchase.member.line"]


def person(name):
    return Partner.search([("name", "=", name)], limit=1)


def people():
    return Partner.browse([person(name).id for name in PEOPLE])


def facts():
    """Everything that must survive the growth untouched, by person."""
    result = {}
    for partner in people():
        lines = MemberLine.search([("order_id.partner_id", "=", partner.id)], order="id")
        invoices = env["account.move"].search(
            [("partner_id", "=", partner.id), ("move_type", "=", "out_invoice")], order="id"
        )
        goods = invoices.filtered(lambda m: not m.journal_id.coop_is_share_capital)
        result[partner.name] = {
            "order_lines": [
                [
                    line.round_line_id.round_id.name,
                    line.quantity,
                    line.tolerance,
                    line.allocated_qty,
                    line.explanation or "",
                ]
                for line in lines
            ],
            "goods_invoices": [[m.name, m.state, m.amount_total, m.payment_state] for m in goods],
            "prepaid_balance": partner._coop_account_balance(company),
            "top_ups": env["account.payment"].search_count(
                [("partner_id", "=", partner.id), ("coop_is_top_up", "=", True)]
            ),
            "messages": env["mail.message"].search_count(
                [("model", "=", "res.partner"), ("res_id", "=", partner.id)]
            ),
        }
    result["rounds"] = [[r.name, r.state] for r in Round.search([], order="id")]
    return result


def standing():
    """Per person: may shop, status, and may order in the open round."""
    open_round = Round.search([("state", "=", "open")], limit=1)
    return {
        partner.name: {
            "can_shop": partner._coop_can_shop(),
            "status": partner.coop_status,
            "may_order": open_round._may_order(partner),
            "member_number": partner.coop_member_number or "",
        }
        for partner in people()
    }


def deliver_everything(round_):
    for po in round_.purchase_ids:
        po.button_confirm()
        for move in po.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
        po.picking_ids.button_validate()


def cash_desk():
    """The café's cash journal, its receipts booked at once (an outstanding account on its
    incoming method), so that a top-up is on the members' account when it is recorded."""
    journal = env["account.journal"].search(
        [("type", "=", "cash"), ("company_id", "=", company.id)], limit=1
    )
    methods = journal.inbound_payment_method_line_ids
    if not methods.filtered("payment_account_id"):
        account = env["account.account"].search(
            [("name", "=", "Cash Receipts to Count"), ("company_ids", "in", company.id)], limit=1
        ) or env["account.account"].create(
            {
                "name": "Cash Receipts to Count",
                "code": env["account.account"]._search_new_account_code("1090"),
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        methods.payment_account_id = account
    return journal


def run_round(name, mode, baskets, settle=True):
    now = fields.Datetime.now()
    round_ = Round.create(
        {
            "name": name,
            "supplier_ids": [Command.set(person("Marsh Lane Mill").ids)],
            "date_open": now - timedelta(hours=1),
            "date_close": now + timedelta(days=2),
            "participant_category_id": env.ref("__growth__.buying_group").id,
            "allocation_policy": "fair_tolerance",
            "settlement_mode": mode,
            "transport_cost": 6.0,
        }
    )
    round_.action_load_catalogue()
    round_.action_open()
    for who, product, quantity, tolerance in baskets:
        line = round_.line_ids.filtered(lambda l, p=product: l.product_id.name == p)
        MemberLine._set_order(round_, person(who), line, quantity, tolerance)
    if settle:
        round_.action_close()
        deliver_everything(round_)
        round_.action_receive()
        round_.action_settle()
    return round_


def phase_1():
    assert not env["coop.share.type"].search_count([]), "phase 1 starts without share classes"
    tag = env["res.partner.category"].create({"name": "Café buying group"})
    env["ir.model.data"].create(
        {"module": "__growth__", "name": "buying_group", "model": tag._name, "res_id": tag.id}
    )
    for name in PEOPLE:
        email = name.lower().replace(" ", ".") + "@example.org"
        Partner.create({"name": name, "email": email, "category_id": [Command.set(tag.ids)]})
    mill = Partner.create({"name": "Marsh Lane Mill", "is_company": True})
    for name, price, case in (("Wholemeal Flour 1.5kg", 1.6, 6), ("Porridge Oats 1kg", 1.2, 10)):
        product = env["product.product"].create({"name": name, "type": "consu", "taxes_id": []})
        env["product.packaging"].create(
            {"name": f"Case of {case}", "product_id": product.id, "qty": case}
        )
        env["product.supplierinfo"].create(
            {"partner_id": mill.id, "product_id": product.id, "price": price}
        )
    flour, oats = "Wholemeal Flour 1.5kg", "Porridge Oats 1kg"
    first = run_round(
        "Round 1, invoiced",
        "invoice",
        [("Ada Baker", flour, 4, 2), ("Ben Barista", flour, 3, 0), ("Eve Cashier", oats, 10, 0)],
    )
    # Ada pays her invoice; the others still owe theirs.
    ada_invoice = first.order_ids.filtered(lambda o: o.partner_id.name == "Ada Baker").invoice_id
    ada_invoice._coop_register_payment()
    for name in PEOPLE:
        person(name)._coop_top_up(30.0, cash_desk(), memo="Cash at the café")
    run_round(
        "Round 2, prepaid",
        "prepaid",
        [("Cleo Pastry", flour, 6, 0), ("Dev Porter", oats, 5, 5), ("Finn Driver", oats, 5, 0)],
    )
    run_round(
        "Round 3, still open",
        "invoice",
        [("Ada Baker", oats, 2, 0), ("Finn Driver", flour, 1, 5)],
        settle=False,
    )
    return {"facts": facts(), "standing": standing(), "till": till_modules()}


def phase_2():
    before = facts()
    share_a = env["coop.share.type"].create(
        {
            "code": "A",
            "name": "Working member",
            "unit_price": 10,
            "min_quantity": 2,
            "is_working": True,
            "may_shop": True,
        }
    )
    for name in SUBSCRIBERS:
        request = env["coop.subscription.request"].create(
            {"partner_id": person(name).id, "share_type_id": share_a.id, "quantity": 2}
        )
        request.action_validate()
        request.with_context(coop_skip_welcome_mail=True)._pay_capital()
    after = facts()
    return {"facts_before": before, "facts": after, "standing": standing()}


def phase_3():
    assert env["ir.module.module"].search([("name", "=", "coop_shifts")]).state == "installed"
    installed = {"facts": facts(), "standing": standing()}
    # Working members are placed in a team; generating its shifts suspends nobody.
    template = env["coop.shift.template"].create(
        {"weekday": "5", "start_hour": 9.0, "end_hour": 12.0, "seats": 6}
    )
    members = people().filtered(lambda p: p.coop_share_count)
    env["coop.shift.team.membership"].create(
        [{"partner_id": p.id, "template_id": template.id} for p in members]
    )
    template.action_generate_shifts()
    registrations = env["coop.shift.registration"].search_count([("partner_id", "in", members.ids)])
    installed["registrations"] = registrations
    installed["standing_in_teams"] = standing()
    installed["pos"] = pos_checks()
    installed["till"] = till_modules()
    return installed


def till_modules():
    """{module: state} of the till and the membership's bridge to it."""
    modules = env["ir.module.module"].search([("name", "in", ["point_of_sale", TILL_BRIDGE])])
    return {module.name: module.state for module in modules}


def pos_checks():
    """The shop opens its till; the server's rule refuses whoever may not shop."""
    # Importable once the bridge is installed (phase 3), not before.
    from odoo.addons.coop_membership_pos.tests.common import pos_order_data

    journal = env["account.journal"].create(
        {"name": "Shop Till Cash", "type": "cash", "code": "SHOP"}
    )
    cash = env["pos.payment.method"].create({"name": "Shop Cash", "journal_id": journal.id})
    config = env["pos.config"].create(
        {"name": "Shop Till", "payment_method_ids": [Command.set(cash.ids)]}
    )
    loaf = env["product.product"].create(
        {
            "name": "Sourdough Loaf",
            "type": "service",
            "available_in_pos": True,
            "list_price": 3.0,
            "taxes_id": [],
        }
    )
    config.open_ui()
    session = config.current_session_id
    session.set_opening_control(0, None)
    results = {}
    for partner in people():
        # The till asks before payment; a sale that still went through is flagged.
        verdict = env["pos.order"].coop_check_sale(config.id, partner.id, [[loaf.id, 1]])
        if verdict["problems"]:
            results[partner.name] = "refused: " + verdict["problems"][0]["message"]
            continue
        data = pos_order_data(session, cash, [(loaf, 1, 3.0)], partner, user_id=env.uid)
        env["pos.order"].sync_from_ui([data])
        order = env["pos.order"].search([("uuid", "=", data["uuid"])])
        results[partner.name] = "flagged" if order.coop_review_state else "sold"
    return results


output = {"1": phase_1, "2": phase_2, "3": phase_3}[PHASE]()
env.cr.commit()
print("GROWTH_FACTS " + json.dumps(output, default=str))
