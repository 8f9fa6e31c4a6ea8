"""Names shared across the addon's models, controllers and reports."""

# The members' office signs people in, records proxies on paper and ballots in the room;
# the membership managers call the assembly, open and close the votes.
OFFICE = "coop_membership.group_coop_user"
MANAGER = "coop_membership.group_coop_manager"

CHOICES = [("for", "For"), ("against", "Against"), ("abstain", "Abstain")]
