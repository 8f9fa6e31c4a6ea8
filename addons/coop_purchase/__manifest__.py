{
    "name": "Co-op Group Purchase",
    "summary": "Group-order rounds: quantity and tolerance, case rounding, fair allocation, "
    "one purchase order per supplier",
    "version": "18.0.0.2.0",
    "category": "Purchases",
    "website": "https://github.com/coop-suite/coop-suite",
    "author": "Co-op Suite contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["coop_membership", "purchase", "purchase_stock", "base_import"],
    "demo": ["demo/coop_purchase_demo.xml"],
    "data": [
        "security/coop_purchase_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/coop_purchase_settle_data.xml",
        "report/coop_purchase_reports.xml",
        "views/coop_purchase_round_views.xml",
        "views/coop_purchase_account_views.xml",
        "views/coop_purchase_reorder_views.xml",
        "views/coop_purchase_catalogue_import_views.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "web.assets_frontend": ["coop_purchase/static/src/portal/**/*"],
        "web.assets_tests": ["coop_purchase/static/src/tours/**/*"],
    },
}
