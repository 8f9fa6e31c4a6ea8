{
    "name": "Co-op Event Tickets",
    "summary": "A partner venue's tickets sold at the till and in the portal, with a member "
    "price for members who may shop",
    "version": "18.0.0.1.0",
    "category": "Marketing/Events",
    "website": "https://github.com/coop-suite/coop-suite",
    "author": "Co-op Suite contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["coop_membership_pos", "coop_payout", "event", "pos_event"],
    "demo": ["demo/coop_event_demo.xml"],
    "data": [
        "report/coop_event_reports.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/event_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": ["coop_event/static/src/pos/**/*"],
        "web.assets_tests": ["coop_event/static/src/tours/**/*"],
    },
}
