from . import (
    res_company,
    res_partner,
    coop_purchase_round,
    coop_purchase_round_line,
    coop_purchase_member_order,
    coop_purchase_member_line,
)
from . import coop_purchase_round_receive
from . import coop_purchase_distribution
from . import coop_purchase_account
