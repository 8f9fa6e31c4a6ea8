from . import balance, invoice, join, portal, statutes
