from . import test_board, test_portal_purchases, test_runners, test_sales_report
