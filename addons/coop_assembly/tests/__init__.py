from . import (
    test_access_inventory,
    test_data_export,
    test_door,
    test_kernel,
    test_notice_and_minutes,
    test_portal,
    test_proxies,
    test_roll,
    test_runners,
    test_votes,
)
