from . import (
    test_access_inventory,
    test_books,
    test_faults,
    test_member_pages,
    test_online_payment,
    test_portal_accessibility,
    test_round_paid_online,
    test_screenshots,
)
from . import test_runners
