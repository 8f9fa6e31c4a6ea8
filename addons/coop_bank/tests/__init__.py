from . import test_access_inventory
from . import test_bad_input
from . import test_payment_reference
from . import test_portal
from . import test_statement_import
from . import test_runners
