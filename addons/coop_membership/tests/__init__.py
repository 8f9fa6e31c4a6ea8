from . import test_share_type
from . import test_subscription
from . import test_share_ledger, test_sellback, test_transfer, test_status
from . import test_portal
from . import test_reports
from . import test_member_account
from . import test_capital_accounts
from . import test_chart_template
from . import test_runners
from . import test_statutes
from . import test_data_rights
from . import test_member_import
