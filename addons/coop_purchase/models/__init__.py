from . import (
    res_company,
    res_partner,
    coop_purchase_round,
    coop_purchase_round_line,
    coop_purchase_member_order,
    coop_purchase_member_line,
    coop_purchase_account_move,
    purchase_order,
)
