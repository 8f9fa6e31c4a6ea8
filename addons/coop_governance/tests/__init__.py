from . import (
    test_access_inventory,
    test_hours,
    test_portal_groups,
    test_runners,
    test_working_group,
)
