from . import (
    coop_shift_counter_event,
    coop_working_group,
    coop_working_group_hours,
    coop_working_group_membership,
    res_company,
    res_config_settings,
    res_partner,
)
