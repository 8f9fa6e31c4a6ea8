from . import test_moved_records, test_payout_setup
from . import test_runners
