from . import test_access_inventory, test_books
from . import test_runners
