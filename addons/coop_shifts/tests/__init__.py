from . import test_kernel_cycle, test_kernel_rules
from . import (
    test_generation,
    test_marks,
    test_status,
    test_booking,
    test_leave,
    test_mails,
    test_concurrency,
)
from . import test_attendance, test_wizards
from . import test_swap, test_portal_shifts
from . import test_access, test_access_inventory
from . import test_local_day, test_names, test_runners
from . import test_data_rights
from . import test_member_import
