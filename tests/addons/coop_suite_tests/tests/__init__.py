from . import test_access_inventory, test_books, test_faults
from . import test_member_pages, test_runners
