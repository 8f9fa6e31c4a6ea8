from . import balance
