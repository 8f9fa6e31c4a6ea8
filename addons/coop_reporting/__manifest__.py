{
    "name": "Co-op Reporting",
    "summary": "The members over time: a daily snapshot of every member's standing, shares, "
    "capital, worker mode, counters and team, with graphs and pivots (members by status, "
    "capital, flows between statuses, make-ups owed) and the shifts' health (fill rate, "
    "attendance and make-ups per team and week)",
    "version": "18.0.1.0.0",
    "category": "Sales/Membership",
    "website": "https://github.com/coop-suite/coop-suite",
    "author": "Co-op Suite contributors",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": ["coop_shifts"],
    "data": [
        "security/coop_reporting_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/coop_member_snapshot_views.xml",
        "views/coop_member_count_views.xml",
        "views/coop_member_status_flow_views.xml",
        "views/coop_shift_health_views.xml",
        "views/coop_reporting_menus.xml",
    ],
    "demo": ["demo/coop_reporting_demo.xml"],
}
