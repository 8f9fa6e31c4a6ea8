"""Names shared across the addon's models, wizards and controllers."""

PURCHASE_USER = "coop_purchase.group_coop_purchase_user"
PURCHASE_MANAGER = "coop_purchase.group_coop_purchase_manager"
# Who sees and moves members' money in group orders: the group's manager or an accountant.
MONEY_GROUPS = "coop_purchase.group_coop_purchase_manager,account.group_account_invoice"
