"""Names shared across the addon's models, wizards and controllers."""

PURCHASE_USER = "coop_purchase.group_coop_purchase_user"
PURCHASE_MANAGER = "coop_purchase.group_coop_purchase_manager"
