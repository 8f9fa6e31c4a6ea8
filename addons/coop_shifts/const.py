"""Names shared across the addon's models, wizards and controllers."""

# The groups of the shifts app, as every public method checks them in Python
# (res.users._coop_acts_as / _coop_require): the views hide buttons, RPC does not.
LEADER = "coop_shifts.group_coop_shift_leader"
OFFICE = "coop_shifts.group_coop_shift_user"
MANAGER = "coop_shifts.group_coop_shift_manager"

# Registrations that no longer put their person on the shift: they hold no seat, are never
# marked, and do not count as "already on this shift".
OFF_SHEET_STATES = ("cancelled", "swapped")
