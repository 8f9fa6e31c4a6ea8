from odoo.http import request

from odoo.addons.account.controllers.portal import PortalAccount


class CoopPortalAccount(PortalAccount):
    def _get_overdue_invoices_domain(self, partner_id=None):
        """Odoo's "pay all overdue invoices" takes one payment on one receivable account:
        capital release invoices, owed on their own account and making shares effective
        each on its own, are paid one by one from My Membership instead."""
        capital_journals = (
            request.env["account.journal"].sudo().search([("coop_is_share_capital", "=", True)])
        )
        return [
            *super()._get_overdue_invoices_domain(partner_id=partner_id),
            ("journal_id", "not in", capital_journals.ids),
        ]
