from . import (
    coop_member_import,
    coop_shift_change_team_wizard,
    coop_shift_extension_wizard,
    coop_shift_template_bulk_wizard,
)
