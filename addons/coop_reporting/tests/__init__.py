from . import test_runners, test_shift_health, test_snapshot
