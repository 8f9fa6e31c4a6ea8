from . import (
    account_move,
    account_payment,
    coop_consignment_statement,
    event_event,
    event_event_ticket,
    event_registration,
    pos_order,
    pos_order_line,
    res_company,
    res_config_settings,
    res_partner,
)
