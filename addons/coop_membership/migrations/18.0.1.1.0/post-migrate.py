"""Share capital split into subscribed-not-paid and paid-up, as co-op accounting keeps it.

Before, a capital release invoice credited the share capital account in full when it was
posted, while the register counts shares only once paid. For every posted capital invoice
the credit moves to "subscribed capital not paid" on the invoice's own date, and every
share line already paid moves its value to paid-up capital on its own date, so that the
paid-up capital account equals the register at every past date too. Receivable lines of
those old invoices stay where they were (moving them would pay the invoices).
"""

from odoo import SUPERUSER_ID, Command, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies = env["res.company"].search([])
    companies._coop_ensure_capital_setup()
    for company in companies.filtered("coop_capital_unpaid_account_id"):
        capital_accounts = (
            env["coop.share.type"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
            .capital_account_id
            | company.coop_capital_account_id
        )
        invoices = env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("journal_id.coop_is_share_capital", "=", True),
            ]
        )
        for invoice in invoices:
            lines = invoice.line_ids.filtered_domain([("account_id", "in", capital_accounts.ids)])
            if not lines:
                continue
            amount = -sum(lines.mapped("balance"))
            if company.currency_id.is_zero(amount):
                continue
            label = env._("Capital subscribed by %s, not yet paid", invoice.name)
            move = (
                env["account.move"]
                .with_company(company)
                .create(
                    {
                        "move_type": "entry",
                        "journal_id": company.coop_capital_journal_id.id,
                        "date": invoice.date,
                        "ref": invoice.name,
                        "partner_id": invoice.partner_id.id,
                        "line_ids": [
                            Command.create(
                                {
                                    "account_id": lines[0].account_id.id,
                                    "debit": amount,
                                    "name": label,
                                    "partner_id": invoice.partner_id.id,
                                }
                            ),
                            Command.create(
                                {
                                    "account_id": company.coop_capital_unpaid_account_id.id,
                                    "credit": amount,
                                    "name": label,
                                    "partner_id": invoice.partner_id.id,
                                }
                            ),
                        ],
                    }
                )
            )
            move.action_post()
        paid = env["coop.share.line"].search(
            [
                ("company_id", "=", company.id),
                ("subscription_request_id", "!=", False),
                ("capital_move_id", "=", False),
            ],
            order="date, id",
        )
        paid._coop_post_paid_up_capital()
