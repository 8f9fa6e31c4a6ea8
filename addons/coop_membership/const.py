"""Names shared across the addon's models, wizards and controllers."""

# Groups that decide who may change standing, numbers, capital and money.
COOP_USER = "coop_membership.group_coop_user"
COOP_MANAGER = "coop_membership.group_coop_manager"
ACCOUNTANT = "account.group_account_invoice"
