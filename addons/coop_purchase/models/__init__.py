from . import (
    decimal_precision,
    res_company,
    res_partner,
    account_move,
    account_payment,
    coop_purchase_round,
    coop_purchase_round_line,
    coop_purchase_member_order,
    coop_purchase_member_line,
    purchase_order,
    product_supplierinfo,
)
