from . import test_runners, test_snapshot
