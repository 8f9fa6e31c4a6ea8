"""Names shared across the addon's models, wizards and controllers."""

# Groups that decide who may change standing, numbers, capital and money.
COOP_USER = "coop_membership.group_coop_user"
COOP_MANAGER = "coop_membership.group_coop_manager"
ACCOUNTANT = "account.group_account_invoice"
POS_USER = "point_of_sale.group_pos_user"
POS_MANAGER = "point_of_sale.group_pos_manager"
