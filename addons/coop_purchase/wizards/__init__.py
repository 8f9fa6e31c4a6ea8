from . import coop_purchase_reorder, coop_purchase_reorder_line
