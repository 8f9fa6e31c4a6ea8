from . import test_mailing_lists, test_runners
