"""Names shared across the addon's models."""

OFFICE = "coop_membership.group_coop_user"

AUDIENCES = [
    ("may_shop", "Members who may shop"),
    ("team", "A shift team"),
    ("working_group", "A working group"),
    ("suspended", "Suspended members"),
    ("former_consenting", "Former members who agreed to hear from the co-op"),
]
