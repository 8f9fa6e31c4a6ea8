from . import (
    res_company,
    res_config_settings,
    coop_shift_type,
    coop_shift_template,
    coop_shift_template_seat,
    coop_shift_team_membership,
    coop_shift,
    coop_shift_registration,
    coop_shift_counter_event,
    coop_shift_leave,
    coop_shift_extension,
    coop_shift_closure,
    coop_shift_swap,
    res_partner,
)
from . import coop_shift_attendance, coop_shift_portal
