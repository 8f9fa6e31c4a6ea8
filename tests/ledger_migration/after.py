# Run inside `odoo shell` after the upgrade (tests/test_prepaid_ledger_migration.py): what the
# books say of the members and rounds the old ledger knew. Prints one LEDGER_FACTS line.
import json

from odoo.tools import sql

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (odoo shell)
company = env.company
Partner = env["res.partner"]
Round = env["coop.purchase.round"]
PEOPLE = ["Ann Prepaid", "Bea Prepaid", "Cal Prepaid", "Dot Prepaid"]
people = {name: Partner.search([("name", "=", name)], limit=1) for name in PEOPLE}
member_account = company._coop_member_account()


def move_facts(move):
    receivable = move.line_ids.filtered(lambda li: li.display_type == "payment_term")
    return {
        "type": move.move_type,
        "state": move.state,
        "journal": move.journal_id.type,
        "goods_journal": move.journal_id == company._coop_goods_sale_journal(),
        "date": str(move.invoice_date or move.date),
        "total": move.amount_total,
        "tax": move.amount_tax,
        "residual": move.amount_residual,
        "payment_state": move.payment_state,
        "on_member_account": receivable.account_id == member_account,
        "lines": len(move.invoice_line_ids),
    }


cr = env.cr
cr.execute("SELECT id, kind, migrated_to FROM coop_purchase_ledger_archive ORDER BY id")
archive = cr.dictfetchall()
migrated = {}
for row in archive:
    model, res_id = (row["migrated_to"] or ",0").split(",")
    migrated[row["id"]] = env[model].browse(int(res_id)) if model else None

top_ups = env["account.payment"].search(
    [("partner_id", "in", [p.id for p in people.values()]), ("coop_is_top_up", "=", True)],
    order="date, id",
)
journal = top_ups.journal_id
outstanding = journal.inbound_payment_method_line_ids.payment_account_id
settled = Round.search([("name", "=", "Ledger Round 1")])
still_open = Round.search([("name", "=", "Ledger Round 2")])

# Settling again, or paying again from the balances, changes nothing.
moves_before = env["account.move"].search_count([])
settled.action_settle()
settled._pay_invoices_from_balances()
settles_again = env["account.move"].search_count([]) - moves_before

facts = {
    "model_gone": "coop.purchase.account.move" not in env,
    "table_gone": not sql.table_exists(cr, "coop_purchase_account_move"),
    "archive": {str(row["id"]): [row["kind"], bool(migrated[row["id"]])] for row in archive},
    "balances": {name: p._coop_account_balance(company) for name, p in people.items()},
    "top_ups": [
        {
            "member": p.partner_id.name,
            "amount": p.amount,
            "date": str(p.date),
            "memo": p.memo,
            "posted": p.move_id.state == "posted",
            "journal": p.journal_id.type,
        }
        for p in top_ups
    ],
    "outstanding_receipts": sum(
        env["account.move.line"]
        .search([("account_id", "in", outstanding.ids), ("parent_state", "=", "posted")])
        .mapped("balance")
    ),
    "invoices": {
        o.partner_id.name: move_facts(o.invoice_id) for o in settled.order_ids if o.invoice_id
    },
    "flour_vat": {
        o.partner_id.name: sum(
            o.invoice_id.invoice_line_ids.filtered(
                lambda li: li.product_id.name == "Ledger Flour"
            ).tax_ids.mapped("amount")
        )
        for o in settled.order_ids
        if o.invoice_id
    },
    "paid_by": {
        o.partner_id.name: sorted(
            o.invoice_id.line_ids.matched_credit_ids.credit_move_id.move_id.mapped("move_type")
        )
        for o in settled.order_ids
        if o.invoice_id
    },
    "documents": {
        str(line_id): move_facts(document)
        for line_id, document in migrated.items()
        if document is not None
        and document._name == "account.move"
        and document not in settled.order_ids.invoice_id
    },
    "round_note": any(
        "Prepaid ledger moved into accounting" in (m.body or "") for m in settled.message_ids
    ),
    "rounds": {r.name: [r.state, len(r.order_ids.invoice_id)] for r in (settled, still_open)},
    "settles_again": settles_again,
}
cr.rollback()
print("LEDGER_FACTS " + json.dumps(facts, default=str))
