"""Names shared across the bridge's models."""

POS_USER = "point_of_sale.group_pos_user"
POS_MANAGER = "point_of_sale.group_pos_manager"
