from odoo.http import request

from odoo.addons.coop_membership.controllers.balance import CoopBalancePortal


class CoopBalancePortalTill(CoopBalancePortal):
    def _coop_balance_values(self, **extra):
        values = super()._coop_balance_values(**extra)
        # What the till sold on account that the books do not hold yet, shown apart.
        commercial = values["partner"]
        company = request.env.company
        values["till_unbooked"] = commercial._coop_till_unbooked_sales(company)[commercial.id]
        return values
