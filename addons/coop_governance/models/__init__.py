from . import (
    calendar_event,
    coop_shift_counter_event,
    coop_subscription_request,
    coop_working_group,
    coop_working_group_hours,
    coop_working_group_membership,
    event_event,
    event_registration,
    event_type,
    res_company,
    res_config_settings,
    res_partner,
)
