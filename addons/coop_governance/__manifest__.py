{
    "name": "Co-op Governance",
    "summary": "Working groups: members join and leave from the portal, each group has its "
    "own chat, and its hours may count as shift work within a cap per cycle",
    "version": "18.0.1.0.0",
    "category": "Sales/Membership",
    "website": "https://github.com/coop-suite/coop-suite",
    "author": "Co-op Suite contributors",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": ["coop_shifts", "mail"],
    "data": [
        "security/coop_governance_security.xml",
        "security/ir.model.access.csv",
        "views/coop_working_group_views.xml",
        "views/coop_working_group_membership_views.xml",
        "views/coop_working_group_hours_views.xml",
        "views/res_config_settings_views.xml",
        "views/coop_governance_menus.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/coop_governance_demo.xml"],
}
