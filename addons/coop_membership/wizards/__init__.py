from . import (
    account_payment_register,
    coop_join_attempt,
    coop_member_import,
    coop_member_register_wizard,
    coop_share_transfer_wizard,
)
