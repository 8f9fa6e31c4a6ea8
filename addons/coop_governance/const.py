"""Names shared across the addon's models and controllers."""

# The members' office of the shifts app runs the groups and confirms their hours; the
# shifts managers set the cap. Both are checked in Python, not only in the views.
OFFICE = "coop_shifts.group_coop_shift_user"
MANAGER = "coop_shifts.group_coop_shift_manager"

# The onboarding plan's steps, in the order a new member takes them (activity types).
ONBOARDING_PLAN = "coop_governance.mail_activity_plan_coop_onboarding"
STEP_CARD = "coop_governance.mail_activity_type_coop_onboarding_card"
STEP_FIRST_SHIFT = "coop_governance.mail_activity_type_coop_onboarding_first_shift"
STEP_TRAINING = "coop_governance.mail_activity_type_coop_onboarding_training"
ONBOARDING_STEPS = (STEP_CARD, STEP_FIRST_SHIFT, STEP_TRAINING)
