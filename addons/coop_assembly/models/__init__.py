from . import (
    coop_assembly,
    coop_assembly_ballot,
    coop_assembly_proxy,
    coop_assembly_resolution,
    coop_assembly_tally,
    coop_assembly_voter,
    res_company,
    res_config_settings,
    res_partner,
)
