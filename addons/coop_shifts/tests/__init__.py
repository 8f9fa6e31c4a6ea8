from . import test_kernel_cycle, test_kernel_rules
from . import test_generation, test_marks, test_status, test_booking, test_leave
