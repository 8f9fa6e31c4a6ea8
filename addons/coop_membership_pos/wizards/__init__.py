from . import coop_pos_review_wizard
