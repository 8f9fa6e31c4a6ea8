from . import (
    test_access_inventory,
    test_group_meetings,
    test_hours,
    test_info_door,
    test_info_sessions,
    test_onboarding,
    test_portal_groups,
    test_runners,
    test_working_group,
)
