from . import coop_sales_report
