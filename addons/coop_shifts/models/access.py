"""The groups of the shifts app, as every public method checks them in Python.

The views hide buttons from people without the right; RPC does not, so each action asks
here first. Code that runs as the system (crons, or a portal route after it has checked
that the record is the member's own) acts with superuser rights and passes.
"""

LEADER = "coop_shifts.group_coop_shift_leader"
OFFICE = "coop_shifts.group_coop_shift_user"
MANAGER = "coop_shifts.group_coop_shift_manager"


def acts_as(env, group):
    """Whether the current user may act as `group` (the system always may)."""
    return env.su or env.user.has_group(group)
