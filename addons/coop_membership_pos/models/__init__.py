from . import (
    res_company,
    res_config_settings,
    res_partner,
    coop_share_type,
    pos_config,
    pos_payment_method,
    pos_order,
    pos_order_line,
    pos_session,
    product_template,
    product_product,
)
