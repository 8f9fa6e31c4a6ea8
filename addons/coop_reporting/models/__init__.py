from . import coop_member_count, coop_member_snapshot, coop_member_status_flow, coop_shift_health
