from . import (
    account_chart_template,
    res_company,
    res_config_settings,
    coop_consignment_statement,
    coop_consignment_statement_line,
)
