"""The café's story end to end in one company, then the accountant's closing checks.

A British co-op with VAT: capital paid by imported bank statements, an invoiced and a
prepaid group order, a day at the till (cash and members' accounts), a sell-back paid out,
a consignor's month and a partner venue's tickets. Every figure the checks compare is read
from the records the story made; none is written in the test.
"""

import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import Form, tagged
from odoo.tests.common import TransactionCase, new_test_user

from odoo.addons.coop_membership_pos.tests.common import pos_order_data

# VAT boxes of the café's return, as the UK's: VAT due on sales, and sales excluding VAT.
BOX_VAT_DUE = "CAFE1"
BOX_SALES = "CAFE6"


@tagged("post_install", "-at_install")
class TestBooks(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls._company()
        cls._people()
        cls._capital()
        cls._group_orders()
        cls._till_day()
        cls._sellback()
        cls._consignment_and_tickets()
        cls._last_statement()

    # ================================================================ the story

    @classmethod
    def _company(cls):
        """A co-op in Britain, in pounds, with standard and zero-rated VAT on a return."""
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.uk = cls.env.ref("base.uk")
        gbp = cls.env.ref("base.GBP")
        gbp.active = True
        cls.company = cls.env["res.company"].create(
            {"name": "Books Café Co-op", "currency_id": gbp.id, "country_id": cls.uk.id}
        )
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        cls.env.user.company_ids |= cls.company
        cls.env.user.company_id = cls.company
        cls.env["account.chart.template"].try_loading(
            "generic_coa", cls.company, install_demo=False
        )
        cls.currency = cls.company.currency_id
        cls.env["account.report"].create(
            {
                "name": "Café VAT return",
                "country_id": cls.uk.id,
                "availability_condition": "country",
                "root_report_id": cls.env.ref("account.generic_tax_report").id,
                "column_ids": [Command.create({"name": "Balance", "expression_label": "balance"})],
                "line_ids": [
                    Command.create(
                        {
                            "name": name,
                            "code": code,
                            "expression_ids": [
                                Command.create(
                                    {"label": "balance", "engine": "tax_tags", "formula": code}
                                )
                            ],
                        }
                    )
                    for name, code in (
                        ("Box 1: VAT due on sales", BOX_VAT_DUE),
                        ("Box 6: sales excluding VAT", BOX_SALES),
                    )
                ],
            }
        )
        vat_account = (
            cls.env["account.account"]
            .with_company(cls.company)
            .create(
                {
                    "name": "VAT Output",
                    "code": "220100",
                    "account_type": "liability_current",
                }
            )
        )
        cls.vat_standard = cls._sale_tax("20% S", 20.0, vat_account)
        cls.vat_zero = cls._sale_tax("0% Z", 0.0, vat_account)
        # Odoo's generic chart is American: the café declares its VAT in Britain.
        cls.company.write(
            {
                "account_fiscal_country_id": cls.uk.id,
                "account_sale_tax_id": cls.vat_standard.id,
                "account_purchase_tax_id": False,
                "coop_commission_tax_id": cls.vat_standard.id,
                "coop_sellback_delay_months": 0,
            }
        )
        cls.company.partner_id.bank_ids = [
            Command.create({"acc_number": "GB29 NWBK 6016 1331 9268 19"})
        ]
        cls.bank = cls.env["account.journal"].create(
            {
                "name": "Café Current Account",
                "code": "CAFE",
                "type": "bank",
                "bank_account_id": cls.company.partner_id.bank_ids[:1].id,
            }
        )
        cls.till_cash = cls.env["account.journal"].create(
            {"name": "Café Till Cash", "code": "TILL", "type": "cash"}
        )
        cls.share_class = cls.env["coop.share.type"].create(
            {
                "code": "A",
                "name": "Member share",
                "unit_price": 10.0,
                "min_quantity": 1,
                "may_shop": True,
            }
        )
        cls.treasurer = new_test_user(
            cls.env,
            login="books_treasurer",
            groups="account.group_account_manager,account.group_account_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def _sale_tax(cls, name, amount, account):
        def tags(sign, code):
            return [
                Command.set(cls._tags(code).filtered(lambda t: t.tax_negate == (sign == "-")).ids)
            ]

        def repartition(sign):
            return [
                Command.create({"repartition_type": "base", "tag_ids": tags(sign, BOX_SALES)}),
                Command.create(
                    {
                        "repartition_type": "tax",
                        "account_id": account.id,
                        "tag_ids": tags(sign, BOX_VAT_DUE),
                    }
                ),
            ]

        group = cls.env["account.tax.group"].create(
            {"name": f"VAT {name}", "country_id": cls.uk.id, "company_id": cls.company.id}
        )
        return cls.env["account.tax"].create(
            {
                "name": name,
                "tax_group_id": group.id,
                "amount": amount,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "country_id": cls.uk.id,
                "invoice_repartition_line_ids": repartition("+"),
                "refund_repartition_line_ids": repartition("-"),
            }
        )

    @classmethod
    def _tags(cls, code):
        return cls.env["account.account.tag"]._get_tax_tags(code, cls.uk.id)

    @classmethod
    def _people(cls):
        Partner = cls.env["res.partner"]
        cls.ada, cls.ben, cls.chloe, cls.dev, cls.eve = Partner.create(
            [
                {"name": name, "email": f"{name.split()[0].lower()}@example.org"}
                for name in (
                    "Ada Okafor",
                    "Ben Bennett",
                    "Chloe Martin",
                    "Dev Patel",
                    "Eve Harris",
                )
            ]
        )
        cls.artist = Partner.create(
            {
                "name": "Ida Vinyl",
                "email": "ida@example.org",
                "coop_is_consignor": True,
                "coop_commission_rate": 25.0,
            }
        )
        cls.venue = Partner.create({"name": "The Old Chapel", "email": "chapel@example.org"})
        cls.mill = Partner.create({"name": "Mill Ltd"})

    @classmethod
    def _capital(cls):
        """Five people subscribe; the bank's statement brings four payments, one of them
        half of what is due. Eve has not paid at all."""
        with freeze_time(cls.today - timedelta(days=50)):
            cls.requests = {
                partner: cls._subscribe(partner, quantity)
                for partner, quantity in (
                    (cls.ada, 10),
                    (cls.ben, 5),
                    (cls.chloe, 20),
                    (cls.dev, 1),
                    (cls.eve, 3),
                )
            }

        def pays(partner, days_ago, amount=None):
            invoice = cls.requests[partner].move_id
            amount = invoice.amount_total if amount is None else amount
            text = f"{partner.name.upper()} {invoice.payment_reference}"
            return (cls.today - timedelta(days=days_ago), text, amount)

        chloe_due = cls.requests[cls.chloe].move_id.amount_total
        with freeze_time(cls.today - timedelta(days=44)):
            cls._import_statement(
                "capital-1.csv",
                [
                    pays(cls.ada, 48),
                    pays(cls.ben, 47),
                    pays(cls.chloe, 46, chloe_due / 2),
                    pays(cls.dev, 46),
                ],
            )

    @classmethod
    def _subscribe(cls, partner, quantity):
        request = cls.env["coop.subscription.request"].create(
            {"partner_id": partner.id, "share_type_id": cls.share_class.id, "quantity": quantity}
        )
        request.action_validate()
        return request

    @classmethod
    def _group_orders(cls):
        """Ada and Ben top up by transfer and buy in a prepaid round; Chloe and Dev buy in an
        invoiced round and pay its invoices by transfer (in the last statement)."""
        chloe_rest = cls.requests[cls.chloe].move_id.amount_residual
        cls._import_statement(
            "top-ups.csv",
            [
                (
                    cls.today - timedelta(days=10),
                    f"A OKAFOR {cls.ada._coop_payment_reference()}",
                    40.0,
                ),
                (
                    cls.today - timedelta(days=9),
                    f"B BENNETT {cls.ben._coop_payment_reference()}",
                    30.0,
                ),
                (
                    cls.today - timedelta(days=8),
                    f"C MARTIN {cls.requests[cls.chloe].move_id.payment_reference}",
                    chloe_rest,
                ),
            ],
        )
        cls.flour = cls.env["product.product"].create(
            {"name": "Flour 1.5kg", "type": "consu", "taxes_id": [Command.set(cls.vat_zero.ids)]}
        )
        cls.kombucha = cls.env["product.product"].create(
            {
                "name": "Kombucha 1l",
                "type": "consu",
                "taxes_id": [Command.set(cls.vat_standard.ids)],
            }
        )
        cls.env["product.supplierinfo"].create(
            [
                {"partner_id": cls.mill.id, "product_id": cls.flour.id, "price": 2.0},
                {"partner_id": cls.mill.id, "product_id": cls.kombucha.id, "price": 3.0},
            ]
        )
        cls.prepaid_round = cls._round(
            "Prepaid round", "prepaid", {cls.ada: (3, 2), cls.ben: (2, 1)}
        )
        cls.invoiced_round = cls._round(
            "Invoiced round", "invoice", {cls.chloe: (4, 1), cls.dev: (1, 2)}
        )

    @classmethod
    def _round(cls, name, mode, baskets):
        """A round on the mill's flour and kombucha, ordered, received in full and settled."""
        now = fields.Datetime.now()
        round_ = cls.env["coop.purchase.round"].create(
            {
                "name": name,
                "supplier_ids": [Command.set(cls.mill.ids)],
                "date_open": now - timedelta(days=1),
                "date_close": now + timedelta(days=1),
                "markup_percent": 10,
                "allocation_policy": "first_come",
                "settlement_mode": mode,
            }
        )
        round_.action_load_catalogue()
        round_.action_open()
        Line = cls.env["coop.purchase.member.line"]
        for partner, (flour, kombucha) in baskets.items():
            for product, quantity in ((cls.flour, flour), (cls.kombucha, kombucha)):
                line = round_.line_ids.filtered(lambda li, p=product: li.product_id == p)
                Line._set_order(round_, partner, line, quantity)
        round_.action_close()
        purchase = round_.purchase_ids
        purchase.button_confirm()
        for move in purchase.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
        purchase.picking_ids.with_context(skip_backorder=True).button_validate()
        round_.action_receive()
        round_.action_settle()
        return round_

    @classmethod
    def _till_day(cls):
        """One session: members pay cash, Ada from her account; a consignor's records and a
        venue's ticket are sold too. The session is closed."""
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.cash_method = cls.env["pos.payment.method"].create(
            {"name": "Café Cash", "journal_id": cls.till_cash.id}
        )
        cls.account_method = cls.env["pos.payment.method"].create(
            {"name": "Member Account", "split_transactions": True}
        )
        cls.till = cls.env["pos.config"].create(
            {
                "name": "Café Till",
                "payment_method_ids": [Command.set((cls.cash_method | cls.account_method).ids)],
                "picking_type_id": warehouse.pos_type_id.id,
            }
        )
        cls.bread = cls.env["product.product"].create(
            {
                "name": "Sourdough",
                "type": "consu",
                "available_in_pos": True,
                "list_price": 2.5,
                "taxes_id": [Command.set(cls.vat_zero.ids)],
            }
        )
        cls.coffee = cls.env["product.product"].create(
            {
                "name": "Flat white",
                "type": "consu",
                "available_in_pos": True,
                "list_price": 2.0,
                "taxes_id": [Command.set(cls.vat_standard.ids)],
            }
        )
        cls.record = cls.env["product.product"].create(
            {
                "name": "Ida – Canal Songs (LP)",
                "type": "consu",
                "is_storable": True,
                "available_in_pos": True,
                "list_price": 20.0,
                "taxes_id": [Command.clear()],
                "coop_consignor_id": cls.artist.id,
            }
        )
        cls._receive_consigned(warehouse, cls.record, 5)
        ticket_product = cls.env["product.product"].create(
            {
                "name": "Concert Ticket",
                "type": "service",
                "service_tracking": "event",
                "available_in_pos": True,
                "list_price": 12.0,
                "taxes_id": [Command.clear()],
            }
        )
        now = fields.Datetime.now()
        concert = cls.env["event.event"].create(
            {
                "name": "Folk Night",
                "date_begin": now + timedelta(days=10),
                "date_end": now + timedelta(days=10, hours=3),
                "coop_venue_id": cls.venue.id,
                "coop_venue_share_percent": 70,
                "question_ids": [Command.clear()],
                "event_ticket_ids": [
                    Command.create(
                        {"name": "Standard", "product_id": ticket_product.id, "price": 12.0}
                    )
                ],
            }
        )
        ticket = concert.event_ticket_ids
        registration = {
            "event_id": concert.id,
            "event_ticket_id": ticket.id,
            "partner_id": cls.dev.id,
            "name": cls.dev.name,
        }

        cls.till.open_ui()
        cls.session = cls.till.current_session_id
        cls.session.set_opening_control(0, None)
        cls._sell(cls.ada, cls.cash_method, [(cls.bread, 2), (cls.coffee, 1)])
        cls._sell(cls.ada, cls.account_method, [(cls.bread, 2), (cls.coffee, 2)])
        cls.early_record_sale = cls._sell(cls.chloe, cls.cash_method, [(cls.record, 2)])
        cls._sell(cls.ben, cls.cash_method, [(cls.record, 1), (cls.coffee, 1)])
        cls._sell(
            cls.dev,
            cls.cash_method,
            [
                (
                    ticket_product,
                    1,
                    {
                        "price_unit": ticket.price,
                        "event_ticket_id": ticket.id,
                        "event_registration_ids": [Command.create(registration)],
                    },
                )
            ],
        )
        cash = sum(
            cls.session.order_ids.payment_ids.filtered(
                lambda p: p.payment_method_id == cls.cash_method
            ).mapped("amount")
        )
        cls.session.post_closing_cash_details(cash)
        result = cls.session.close_session_from_ui()
        assert result.get("successful"), result
        # Chloe's records were sold last month: her month is settled, Ben's is not yet.
        cls.early_record_sale.date_order = now - timedelta(days=5)

    @classmethod
    def _receive_consigned(cls, warehouse, product, quantity):
        supplier = cls.env.ref("stock.stock_location_suppliers")
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "partner_id": cls.artist.id,
                "owner_id": cls.artist.id,
                "location_id": supplier.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom": product.uom_id.id,
                            "product_uom_qty": quantity,
                            "location_id": supplier.id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.picked = True
        picking.button_validate()

    @classmethod
    def _sell(cls, partner, method, lines):
        """What the till sends for a paid order of (product, quantity[, line values])."""
        till_lines, tax = [], 0.0
        for product, quantity, *more in lines:
            values = more[0] if more else {}
            price = values.get("price_unit", product.lst_price)
            taxes = product.taxes_id.filtered(lambda t: t.company_id == cls.company)
            amounts = taxes.compute_all(price, cls.currency, quantity, product, partner)
            tax += amounts["total_included"] - amounts["total_excluded"]
            values = {
                "price_subtotal": amounts["total_excluded"],
                "price_subtotal_incl": amounts["total_included"],
                "tax_ids": [Command.set(taxes.ids)],
                **values,
            }
            till_lines.append((product, quantity, price, values))
        data = pos_order_data(
            cls.session,
            method,
            till_lines,
            partner,
            user_id=cls.env.uid,
            state="paid",
            amount_tax=tax,
        )
        result = cls.env["pos.order"].sync_from_ui([data])
        return cls.env["pos.order"].browse(result["pos.order"][0]["id"])

    @classmethod
    def _sellback(cls):
        """Ben sells two shares back; the treasurer pays him from the current account, which
        Odoo 18 records without a journal entry until the bank statement shows it."""
        cls.sellback = cls.env["coop.sellback.request"].create(
            {"partner_id": cls.ben.id, "share_type_id": cls.share_class.id, "quantity": 2}
        )
        cls.sellback.action_submit()
        cls.sellback.action_approve()
        cls.sellback.action_issue_refund()
        cls.sellback_payment = cls.sellback._pay_refund(journal=cls.bank)

    @classmethod
    def _consignment_and_tickets(cls):
        """Last month's statement for the consignor, paid out; this month's for the venue,
        not paid yet. Both invoice the co-op's commission with VAT."""
        Statement = cls.env["coop.consignment.statement"]
        cls.consignment = Statement._coop_monthly_statement(
            cls.company,
            cls.artist,
            cls.today - timedelta(days=30),
            cls.today - timedelta(days=1),
            "consignment",
        )
        cls.tickets = Statement._coop_monthly_statement(
            cls.company, cls.venue, cls.today - timedelta(days=30), cls.today, "tickets"
        )
        assert cls.consignment and cls.tickets, "both statements are made"
        cls.consignor_payment = cls.consignment.move_id._coop_register_payment(journal=cls.bank)

    @classmethod
    def _last_statement(cls):
        """The bank pays the invoiced round's invoices, shows the money paid out, and the
        treasurer matches the lines going out by hand in the reconciliation screen."""
        invoices = cls.invoiced_round.order_ids.invoice_id
        refund = cls.sellback.move_id
        bill = cls.consignment.move_id
        statement = cls._import_statement(
            "december.csv",
            [
                (cls.today, f"{i.partner_id.name.upper()} {i.payment_reference}", i.amount_total)
                for i in invoices
            ]
            + [
                (cls.today, f"SHARE REFUND {refund.name}", -cls.sellback_payment.amount),
                (cls.today, f"PAYOUT {bill.ref}", -cls.consignor_payment.amount),
            ],
        )
        for st_line, document in (
            (statement.line_ids.filtered(lambda li: "SHARE REFUND" in li.payment_ref), refund),
            (statement.line_ids.filtered(lambda li: "PAYOUT" in li.payment_ref), bill),
        ):
            assert not st_line.is_reconciled, "money going out is matched by a person"
            with Form(
                st_line.with_user(cls.treasurer),
                view="account_reconcile_oca.bank_statement_line_form_reconcile_view",
            ) as form:
                form.add_account_move_line_id = document.line_ids.filtered(
                    lambda li: (
                        li.account_id.account_type in ("asset_receivable", "liability_payable")
                        and not li.reconciled
                    )
                )
            st_line.with_user(cls.treasurer).reconcile_bank_line()

    @classmethod
    def _import_statement(cls, filename, rows):
        """The bank's CSV of these (date, text, amount) rows, imported by the treasurer."""
        balance = sum(
            cls.env["account.bank.statement.line"]
            .search([("journal_id", "=", cls.bank.id)])
            .mapped("amount")
        )
        header = (
            "Transaction Date,Transaction Type,Sort Code,Account Number,"
            "Transaction Description,Debit Amount,Credit Amount,Balance"
        )
        csv = [header]
        for day, text, amount in sorted(rows, key=lambda row: row[0]):
            balance += amount
            money_out = f"{-amount:.2f}" if amount < 0 else ""
            money_in = f"{amount:.2f}" if amount > 0 else ""
            csv.append(
                f"{day:%d/%m/%Y},FPI,60-16-13,31926819,{text},{money_out},{money_in},{balance:.2f}"
            )
        wizard = (
            cls.env["account.statement.import"]
            .with_user(cls.treasurer)
            .with_context(journal_id=cls.bank.id)
            .create(
                {
                    "statement_filename": filename,
                    "statement_file": base64.b64encode("\n".join(csv).encode()),
                    "sheet_mapping_id": cls.env.ref("coop_bank.sheet_mapping_uk_bank_csv").id,
                }
            )
        )
        wizard.import_file_button()
        return cls.env["account.bank.statement"].search(
            [("journal_id", "=", cls.bank.id)], order="id desc", limit=1
        )

    # ================================================================ reading the books

    def _lines(self, *domain):
        return self.env["account.move.line"].search(
            [("company_id", "=", self.company.id), ("parent_state", "=", "posted"), *domain]
        )

    def _balance(self, accounts, on=None):
        domain = [("account_id", "in", accounts.ids)]
        if on:
            domain.append(("date", "<=", on))
        return self.currency.round(sum(self._lines(*domain).mapped("balance")))

    def _vat_box(self, code, moves=None):
        """A box of the VAT return as Odoo's tax report computes a tax-tag line."""
        tags = self._tags(code)
        domain = [("tax_tag_ids", "in", tags.ids)]
        if moves is not None:
            domain.append(("move_id", "in", moves.ids))
        total = 0.0
        for line in self._lines(*domain):
            for tag in line.tax_tag_ids & tags:
                sign = (-1 if line.tax_tag_invert else 1) * (-1 if tag.tax_negate else 1)
                total += sign * line.balance
        return self.currency.round(total)

    def _register_total(self, on):
        lines = self.env["coop.share.line"].search(
            [("company_id", "=", self.company.id), ("date", "<=", on)]
        )
        return self.currency.round(sum(lines.mapped("amount")))

    # ================================================================ the checks

    def test_the_story_happened(self):
        """The checks below read a real story: each part left its documents."""
        self.assertEqual(self.prepaid_round.state, "settled")
        self.assertEqual(self.invoiced_round.state, "settled")
        self.assertEqual(self.session.state, "closed")
        self.assertEqual(self.sellback.state, "paid")
        self.assertEqual(self.consignment.state, "paid")
        self.assertEqual(self.tickets.state, "posted")
        self.assertEqual(
            set(self.invoiced_round.order_ids.invoice_id.mapped("payment_state")), {"paid"}
        )
        self.assertEqual(
            set(self.prepaid_round.order_ids.invoice_id.mapped("payment_state")), {"paid"}
        )
        self.assertFalse(
            self.env["account.move"].search_count(
                [("company_id", "=", self.company.id), ("state", "=", "draft")]
            ),
            "nothing is left half-written",
        )

    def test_trial_balance_balances(self):
        lines = self._lines()
        self.assertTrue(lines)
        debit = self.currency.round(sum(lines.mapped("debit")))
        credit = self.currency.round(sum(lines.mapped("credit")))
        self.assertEqual(self.currency.compare_amounts(debit, credit), 0, (debit, credit))
        for move in lines.move_id:
            self.assertTrue(self.currency.is_zero(sum(move.line_ids.mapped("balance"))), move.name)

    def test_paid_up_capital_is_the_register_at_every_date(self):
        company = self.company
        paid_up = self.share_class.capital_account_id
        unpaid = company.coop_capital_unpaid_account_id
        self.assertTrue(paid_up and unpaid)
        self.assertNotEqual(paid_up, unpaid, "subscribed-but-unpaid capital is kept apart")
        self.assertEqual(paid_up.account_type, "equity")
        share_lines = self.env["coop.share.line"].search([("company_id", "=", company.id)])
        self.assertTrue(share_lines.filtered(lambda li: li.kind == "sellback"))
        capital_invoices = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("journal_id", "=", company.coop_capital_journal_id.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        dates = sorted(set(share_lines.mapped("date")) | set(capital_invoices.mapped("date")))
        # Each date something happened, the day before it, and today.
        for on in sorted({d - timedelta(days=1) for d in dates} | set(dates) | {self.today}):
            register = self._register_total(on)
            self.assertEqual(-self._balance(paid_up, on), register, f"paid-up capital on {on}")
            invoiced = sum(
                capital_invoices.filtered(lambda m, d=on: m.date <= d).mapped("amount_total")
            )
            paid_in = sum(
                share_lines.filtered(
                    lambda li, d=on: li.date <= d and li.subscription_request_id
                ).mapped("amount")
            )
            self.assertEqual(
                -self._balance(unpaid, on),
                self.currency.round(invoiced - paid_in),
                f"subscribed capital not paid on {on}",
            )
        # A past date where the register held less than today: the check had something to see.
        past = self.today - timedelta(days=47)
        self.assertTrue(0 < self._register_total(past) < self._register_total(self.today))
        # Today the unpaid capital is what capital invoices still await: Eve's.
        awaited = sum(capital_invoices.mapped("amount_residual"))
        self.assertTrue(awaited)
        self.assertEqual(-self._balance(unpaid), self.currency.round(awaited))

    def test_due_to_consignors_is_consigned_sales_not_paid_out(self):
        clearing = self.company.coop_consignment_account_id
        self.assertTrue(clearing)
        Statement = self.env["coop.consignment.statement"]
        statements = Statement.search(
            [
                ("company_id", "=", self.company.id),
                ("settlement_type", "=", "consignment"),
                ("state", "in", ("posted", "paid")),
            ]
        )
        settled = statements.line_ids.pos_order_line_id
        consigned = self.env["pos.order.line"].search(
            [
                ("company_id", "=", self.company.id),
                ("coop_consignor_id", "!=", False),
                ("order_id.session_id.state", "=", "closed"),
            ]
        )
        not_on_a_statement = sum((consigned - settled).mapped("price_subtotal"))
        self.assertTrue(not_on_a_statement, "a sale after the statement waits for the next")
        self.assertEqual(-self._balance(clearing), self.currency.round(not_on_a_statement))
        # What consignors are still owed on statements: the bills' residual.
        bills = statements.move_id
        owed_on_bills = sum(statements.filtered(lambda s: s.state == "posted").mapped("amount_due"))
        payable = self._lines(
            ("move_id", "in", bills.ids),
            ("account_id.account_type", "=", "liability_payable"),
        )
        self.assertEqual(
            -self.currency.round(sum(payable.mapped("amount_residual"))),
            self.currency.round(owed_on_bills),
        )
        self.assertEqual(self.consignment.state, "paid")

    def test_members_account_is_minus_their_balances(self):
        account = self.company._coop_member_account()
        lines = self._lines(("account_id", "=", account.id))
        self.assertTrue(lines)
        self.assertFalse(lines.filtered(lambda li: not li.partner_id), "every line names a member")
        balances = lines.partner_id._coop_account_balances(self.company)
        self.assertEqual(self._balance(account), -self.currency.round(sum(balances.values())))
        # Ada paid in ahead, bought in the prepaid round and at the till from her account.
        self.assertTrue(balances[self.ada.id] > 0)
        self.assertEqual(
            self.ada._coop_account_balance(self.company),
            self.currency.round(
                40.0
                - self.prepaid_round.order_ids.filtered(
                    lambda o: o.partner_id == self.ada
                ).invoice_id.amount_total
                - sum(
                    self.session.order_ids.payment_ids.filtered(
                        lambda p: p.payment_method_id == self.account_method
                    ).mapped("amount")
                )
            ),
        )

    def test_vat_return_includes_round_sales(self):
        rounds = self.prepaid_round | self.invoiced_round
        invoices = rounds.order_ids.invoice_id
        vat = self.vat_standard | self.vat_zero
        tax_lines = self._lines(("tax_line_id", "in", vat.ids))
        self.assertEqual(
            self._vat_box(BOX_VAT_DUE), self.currency.round(-sum(tax_lines.mapped("balance")))
        )
        self.assertEqual(
            self._vat_box(BOX_VAT_DUE, invoices),
            self.currency.round(sum(invoices.mapped("amount_tax"))),
        )
        self.assertTrue(self._vat_box(BOX_VAT_DUE, invoices) > 0, "kombucha is standard-rated")
        taxed = invoices.invoice_line_ids.filtered(lambda li: li.tax_ids & vat)
        self.assertEqual(
            self._vat_box(BOX_SALES, invoices),
            self.currency.round(sum(taxed.mapped("price_subtotal"))),
        )
        for line in invoices.line_ids.filtered("tax_line_id"):
            self.assertIn(
                self._tags(BOX_VAT_DUE).filtered(lambda t: not t.tax_negate), line.tax_tag_ids
            )
        # The till's sales are on the return too.
        self.assertTrue(self._vat_box(BOX_VAT_DUE, self.session.move_id) > 0)

    def test_commission_carries_vat_on_the_return(self):
        for statement in self.consignment | self.tickets:
            self.assertEqual(statement.commission_tax_id, self.vat_standard)
            invoice = statement.commission_invoice_id
            self.assertEqual(invoice.state, "posted")
            expected = self.vat_standard.compute_all(statement.amount_commission, self.currency)
            tax = expected["total_included"] - expected["total_excluded"]
            self.assertTrue(tax > 0)
            self.assertEqual(invoice.amount_tax, self.currency.round(tax))
            self.assertEqual(statement.amount_commission_tax, self.currency.round(tax))
            self.assertEqual(self._vat_box(BOX_VAT_DUE, invoice), self.currency.round(tax))
            self.assertEqual(
                self._vat_box(BOX_SALES, invoice), self.currency.round(statement.amount_commission)
            )
            # Set off against the bill: what the partner is owed is net of commission and VAT.
            self.assertTrue(invoice.payment_state in ("paid", "in_payment"))
            self.assertEqual(
                self.currency.round(statement.amount_due),
                self.currency.round(statement.amount_sales - statement.amount_commission - tax),
            )

    def test_bank_and_cash_hold_what_members_paid(self):
        Payment = self.env["account.payment"]
        payments = Payment.search([("company_id", "=", self.company.id)])
        self.assertIn(self.sellback_payment, payments)
        for payment in payments.filtered(lambda p: not p.move_id):
            # Odoo 18 records these without an entry: the bank statement must have settled
            # what they paid, or their money is off the books.
            self.assertEqual(payment.state, "paid", payment.display_name)
            for document in payment.invoice_ids:
                open_items = document.line_ids.filtered(
                    lambda li: (
                        li.account_id.account_type in ("asset_receivable", "liability_payable")
                    )
                )
                counterparts = (
                    open_items.matched_debit_ids.debit_move_id
                    | open_items.matched_credit_ids.credit_move_id
                ).move_id
                self.assertTrue(counterparts.statement_line_id, document.display_name)
                self.assertTrue(all(open_items.mapped("reconciled")), document.display_name)
        self.assertFalse(payments.filtered(lambda p: p.state == "in_process" and not p.move_id))

        st_lines = self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.bank.id)]
        )
        self.assertTrue(all(st_lines.mapped("is_reconciled")), "every bank line is matched")
        self.assertFalse(self._balance(self.bank.suspense_account_id), "nothing in suspense")
        bank_account = self.bank.default_account_id
        self.assertEqual(
            self._balance(bank_account), self.currency.round(sum(st_lines.mapped("amount")))
        )
        # What came in is what members paid: capital on their capital invoices, and onto
        # their account with the co-op top-ups and group-order invoices alike.
        capital = (
            self.env["coop.subscription.request"]
            .search([("company_id", "=", self.company.id)])
            .move_id
        )
        onto_their_account = self._lines(
            ("move_id.statement_line_id", "in", st_lines.ids),
            ("account_id", "=", self.company._coop_member_account().id),
        )
        paid = (
            sum(capital.mapped("amount_total"))
            - sum(capital.mapped("amount_residual"))
            - sum(onto_their_account.mapped("balance"))
        )
        round_invoices = self.invoiced_round.order_ids.invoice_id
        for invoice in round_invoices:
            owed = invoice.line_ids.filtered(lambda li: li.display_type == "payment_term")
            self.assertTrue(owed.reconciled)
            self.assertEqual(
                owed.matched_credit_ids.credit_move_id.move_id.statement_line_id.journal_id,
                self.bank,
                "the invoiced round is paid by transfer",
            )
        money_in = sum(st_lines.filtered(lambda li: li.amount > 0).mapped("amount"))
        self.assertEqual(self.currency.round(money_in), self.currency.round(paid))
        money_out = -sum(st_lines.filtered(lambda li: li.amount < 0).mapped("amount"))
        self.assertEqual(
            self.currency.round(money_out),
            self.currency.round(self.sellback.move_id.amount_total + self.consignment.amount_due),
        )
        # The till's cash is in the cash account, as counted at closing.
        cash = sum(
            self.env["pos.payment"]
            .search(
                [
                    ("session_id", "=", self.session.id),
                    ("payment_method_id", "=", self.cash_method.id),
                ]
            )
            .mapped("amount")
        )
        self.assertTrue(cash > 0)
        self.assertEqual(
            self._balance(self.till_cash.default_account_id), self.currency.round(cash)
        )
