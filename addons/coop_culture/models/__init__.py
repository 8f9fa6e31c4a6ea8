from . import (
    account_chart_template,
    res_company,
    res_config_settings,
    res_partner,
    product_template,
    product_product,
    stock_move,
    stock_picking,
    pos_order_line,
    pos_order,
    coop_consignment_statement,
)
