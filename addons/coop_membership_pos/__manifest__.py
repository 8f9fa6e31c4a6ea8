{
    "name": "Co-op Membership: Point of Sale",
    "summary": "The till side of membership: members' cards and status at the till, the "
    "'may this person shop?' rule on every sale, sales on account and their review",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/coop-suite/coop-suite",
    "author": "Co-op Suite contributors",
    "license": "AGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["coop_membership", "point_of_sale"],
    "data": [
        "security/ir.model.access.csv",
        "views/res_config_settings_views.xml",
        "views/pos_order_views.xml",
        "views/product_template_views.xml",
        "views/portal_balance_templates.xml",
    ],
    "demo": [
        "demo/coop_membership_pos_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "coop_membership_pos/static/src/pos/**/*",
        ],
        "web.assets_tests": [
            "coop_membership_pos/static/src/tours/**/*",
        ],
    },
}
