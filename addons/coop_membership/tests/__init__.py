from . import test_share_type
from . import test_subscription
