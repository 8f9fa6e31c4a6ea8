"""Names shared across the addon's models and controllers."""

# The members' office of the shifts app runs the groups and confirms their hours; the
# shifts managers set the cap. Both are checked in Python, not only in the views.
OFFICE = "coop_shifts.group_coop_shift_user"
MANAGER = "coop_shifts.group_coop_shift_manager"
