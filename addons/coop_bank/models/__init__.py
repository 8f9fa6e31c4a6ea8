from . import account_bank_statement_line
from . import account_chart_template
from . import account_move
from . import account_reconcile_model
from . import account_statement_import
from . import res_company
from . import res_partner
