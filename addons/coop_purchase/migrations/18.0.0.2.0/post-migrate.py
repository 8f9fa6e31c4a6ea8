"""Prepaid accounts move into accounting: the old ledger's lines become documents.

Before, ``coop.purchase.account.move`` kept members' prepaid money outside accounting. Each
of its lines becomes what an accountant would have posted on the day, on the members'
account (``company._coop_member_account()``), so that every member's balance read from the
books equals what the ledger said:

- a top-up is a posted top-up payment (``res.partner._coop_top_up``) at its date, into the
  company's first bank journal. The ledger does not say whether the money came in cash or
  by transfer, so the payment's other side is that journal's *outstanding receipts*
  account (one is created and set on the journal's incoming method if it has none): the
  money waits there to be matched with the bank statement, or moved to cash by the
  accountant, and never counts twice in the bank account;
- the charges of a settled prepaid round become the invoices of those member orders, built
  by the round's own invoicing code (goods with their taxes, transport), dated at the
  settlement (the charges' date). Should an invoice not come to what the ledger charged
  (a tax changed since), a line without tax makes up the difference, so members pay what
  they were told;
- a charge of no round is an invoice with one line without tax, a "refund" line (money put
  back on the account, e.g. for goods that never came) a credit note, and a correction a
  credit note (positive) or an invoice (negative): a correction changed what a member had
  to spend without money changing hands, which in the books is a price adjustment. These
  carry "Prepaid ledger" in their reference for the accountant to review;
- then each member's invoices are paid from their credits, the oldest first, with Odoo's
  outstanding-credit reconciliation; an invoice the credit does not cover stays open.

The old lines are kept, read-only, in the table ``coop_purchase_ledger_archive`` with the
document each became; the ledger's table is dropped. Nothing is written when a company
with ledger lines cannot book them (no chart of accounts, sales journal or bank journal):
the upgrade stops with the reason.
"""

import logging
from collections import defaultdict

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

LEDGER = "coop_purchase_account_move"
ARCHIVE = "coop_purchase_ledger_archive"


def migrate(cr, version):
    _forget_ledger_selection(cr)
    if not sql.table_exists(cr, LEDGER):
        return
    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
    cr.execute(
        SQL(
            """SELECT id, partner_id, company_id, date, amount, kind, round_id, member_order_id,
                      note
                 FROM %s
                ORDER BY company_id, date, id""",
            SQL.identifier(LEDGER),
        )
    )
    by_company = defaultdict(list)
    for row in cr.dictfetchall():
        by_company[row["company_id"]].append(row)
    migrations = [
        LedgerMigration(env, env["res.company"].browse(company_id), rows)
        for company_id, rows in by_company.items()
    ]
    for migration in migrations:
        migration.check()
    cr.execute(
        SQL(
            "CREATE TABLE %s AS SELECT *, NULL::varchar AS migrated_to FROM %s",
            SQL.identifier(ARCHIVE),
            SQL.identifier(LEDGER),
        )
    )
    for migration in migrations:
        for line_id, document in migration.run().items():
            cr.execute(
                SQL(
                    "UPDATE %s SET migrated_to = %s WHERE id = %s",
                    SQL.identifier(ARCHIVE),
                    f"{document._name},{document.id}",
                    line_id,
                )
            )
    cr.execute(SQL("DROP TABLE %s CASCADE", SQL.identifier(LEDGER)))
    _logger.info(
        "Prepaid ledger: %s lines migrated into accounting, kept in %s",
        sum(len(m.rows) for m in migrations),
        ARCHIVE,
    )


def _forget_ledger_selection(cr):
    """The ledger's model is gone from the code; Odoo removes what it knew of it at the end
    of the upgrade, but not the values of its selection field, which it cannot do without
    the model (it would stop the upgrade)."""
    cr.execute(
        """DELETE FROM ir_model_data
            WHERE model = 'ir.model.fields.selection'
              AND res_id IN (SELECT s.id FROM ir_model_fields_selection s
                               JOIN ir_model_fields f ON f.id = s.field_id
                              WHERE f.model = %(model)s);
           DELETE FROM ir_model_fields_selection
            WHERE field_id IN (SELECT id FROM ir_model_fields WHERE model = %(model)s)""",
        {"model": "coop.purchase.account.move"},
    )


class LedgerMigration:
    def __init__(self, env, company, rows):
        self.env = env(context=dict(env.context, allowed_company_ids=company.ids))
        self.company = company.with_env(self.env)
        self.rows = rows
        self.currency = company.currency_id

    # ------------------------------------------------------------ before writing

    def check(self):
        """Refuse, before anything is written, a company that cannot book its lines."""
        company = self.company
        if not company._coop_member_account():
            raise UserError(
                self.env._(
                    "%s has prepaid ledger lines but no receivable account for members: "
                    "install its chart of accounts, then upgrade again.",
                    company.name,
                )
            )
        self.sales = company._coop_goods_sale_journal()
        self.income = self.sales.default_account_id
        if not self.income:
            raise UserError(
                self.env._("Give the sales journal %s an income account first.", self.sales.name)
            )
        has_top_ups = any(row["kind"] == "topup" for row in self.rows)
        self.bank = self._top_up_journal() if has_top_ups else self.env["account.journal"]

    def _top_up_journal(self):
        Journal = self.env["account.journal"]
        domain = [("company_id", "=", self.company.id)]
        journals = Journal.search([*domain, ("type", "=", "bank")], order="sequence, id")
        if not journals:
            journals = Journal.search([*domain, ("type", "=", "cash")], order="sequence, id")
        if not journals:
            raise UserError(
                self.env._(
                    "%s has prepaid top-ups to book but no bank or cash journal: create one, "
                    "then upgrade again.",
                    self.company.name,
                )
            )
        for journal in journals:
            if journal._get_available_payment_method_lines("inbound")[:1].payment_account_id:
                return journal
        return journals[0]

    def _ensure_outstanding_receipts(self):
        """Top-ups are booked when recorded: the journal's incoming method gets an
        outstanding receipts account if it has none."""
        method = self.bank._get_available_payment_method_lines("inbound")[:1]
        if not method or method.payment_account_id:
            return
        Account = self.env["account.account"].with_company(self.company)
        account = Account.create(
            {
                "name": self.env._("Outstanding Receipts"),
                "code": Account._search_new_account_code(
                    self.bank.default_account_id.code or "1000"
                ),
                "account_type": "asset_current",
                "reconcile": True,
                "company_ids": [Command.set(self.company.ids)],
            }
        )
        method.payment_account_id = account

    # ------------------------------------------------------------ writing

    def run(self):
        """{ledger line id: the payment or journal entry it became}."""
        done = {}
        kinds = defaultdict(list)
        for row in self.rows:
            kinds[row["kind"]].append(row)
        if self.bank:
            self._ensure_outstanding_receipts()
        for row in kinds["topup"]:
            done[row["id"]] = self._top_up(row)
        done.update(self._round_charges(kinds["charge"]))
        for row in kinds["charge"] + kinds["refund"] + kinds["correction"]:
            if row["id"] not in done:
                done[row["id"]] = self._single_line_document(row)
        invoices = self.env["account.move"].browse(
            [d.id for d in done.values() if d._name == "account.move"]
        )
        invoices._coop_pay_from_member_credit()
        return done

    def _top_up(self, row):
        partner = self.env["res.partner"].browse(row["partner_id"])
        payment = partner._coop_top_up(
            row["amount"], self.bank, date=row["date"], memo=row["note"] or None
        )
        if not payment.move_id:
            raise UserError(
                self.env._(
                    "The top-up of %(member)s on %(date)s could not be booked in %(journal)s: "
                    "its incoming payment method has no outstanding account.",
                    member=partner.name,
                    date=row["date"],
                    journal=self.bank.name,
                )
            )
        return payment

    def _round_charges(self, rows):
        """The invoices of the member orders charged when their prepaid round was settled."""
        Order = self.env["coop.purchase.member.order"]
        charged = defaultdict(dict)
        for row in rows:
            order = Order.browse(row["member_order_id"]).exists()
            round_ = order.round_id
            if (
                not order
                or order.invoice_id
                or round_.id != row["round_id"]
                or round_.settlement_mode != "prepaid"
                or round_.state not in ("settled", "done")
                or order.partner_id.commercial_partner_id.id != row["partner_id"]
            ):
                continue
            charged[(round_, row["date"])][order] = row
        transport = self.env.ref("coop_purchase.product_transport_cost", raise_if_not_found=False)
        done = {}
        for (round_, date), rows_by_order in charged.items():
            orders = Order.concat(*rows_by_order)
            invoices = round_._create_member_invoices(
                self.sales, transport, orders=orders, date=date
            )
            for order in orders:
                self._make_up_difference(order.invoice_id, -rows_by_order[order]["amount"])
                done[rows_by_order[order]["id"]] = order.invoice_id
            invoices._coop_owe_on_member_account()
            invoices.action_post()
            round_.message_post(
                body=self.env._(
                    "Prepaid ledger moved into accounting: the charges of %(date)s are the "
                    "invoices %(invoices)s.",
                    date=date,
                    invoices=", ".join(invoices.mapped("name")),
                )
            )
        return done

    def _make_up_difference(self, invoice, charged):
        difference = self.currency.round(charged - invoice.amount_total)
        if self.currency.is_zero(difference):
            return
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": self.env._(
                                "Difference with the %s charged on the prepaid account",
                                self.currency.format(charged),
                            ),
                            "quantity": 1,
                            "price_unit": difference,
                            "account_id": self.income.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ]
            }
        )

    def _single_line_document(self, row):
        amount = row["amount"]
        labels = {
            "charge": self.env._("Prepaid ledger: charge"),
            "refund": self.env._("Prepaid ledger: money put back"),
            "correction": self.env._("Prepaid ledger: correction"),
        }
        round_ = self.env["coop.purchase.round"].browse(row["round_id"]).exists()
        move = self.env["account.move"].create(
            {
                # Money put back on the account is a credit note; money taken, an invoice.
                "move_type": "out_refund" if amount > 0 else "out_invoice",
                "partner_id": row["partner_id"],
                "journal_id": self.sales.id,
                "invoice_date": row["date"],
                "ref": labels[row["kind"]],
                "invoice_origin": round_.name or False,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": row["note"] or labels[row["kind"]],
                            "quantity": 1,
                            "price_unit": abs(amount),
                            "account_id": self.income.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move._coop_owe_on_member_account()
        move.action_post()
        return move
