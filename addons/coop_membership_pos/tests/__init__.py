from . import test_pos
from . import test_pos_account
from . import test_balance_page
from . import test_cards
from . import test_module_boundaries
from . import test_runners
