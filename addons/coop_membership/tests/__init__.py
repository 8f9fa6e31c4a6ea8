from . import test_share_type
