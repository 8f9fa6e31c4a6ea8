from . import test_kernel_orders, test_kernel_cases, test_kernel_allocation, test_kernel_apportion
from . import test_case_fill
from . import test_round
from . import test_receive_settle
from . import test_portal_orders
from . import test_distribution
from . import test_prepaid
from . import test_kernel_reorder, test_reorder
from . import test_staff_tour
from . import test_refund_race
from . import test_close_race
from . import test_runners
from . import test_data_export
from . import test_catalogue_import
