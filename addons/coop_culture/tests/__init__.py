from . import (
    test_consignment_month,
    test_new_company,
    test_portal,
    test_rules,
    test_statement,
    test_pos_tour,
)
from . import test_runners
