from . import coop_sales_report, pos_config
