from . import (
    test_access_inventory,
    test_books,
    test_faults,
    test_member_pages,
    test_portal_accessibility,
    test_screenshots,
)
from . import test_runners
