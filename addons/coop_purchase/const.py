"""Names shared across the addon's models, wizards and controllers."""

PURCHASE_USER = "coop_purchase.group_coop_purchase_user"
PURCHASE_MANAGER = "coop_purchase.group_coop_purchase_manager"
# Who sees and moves members' money in group orders: the group's manager or an accountant.
MONEY_GROUPS = "coop_purchase.group_coop_purchase_manager,account.group_account_invoice"
# A supplier's price per member unit: a case's price divided among its units, kept to six
# decimals so that it multiplies back to the case's price (10.00 a case of 12 is 0.833333 a
# jar; to the cent, 0.83, the order would say 9.96).
UNIT_COST_DIGITS = (16, 6)
