{
    "name": "Co-op Culture Corner",
    "summary": "Consignment for local artists, bands and producers: their goods in the shop's "
    "stock but still theirs, sold at the till for a commission, settled monthly",
    "version": "18.0.0.2.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/coop-suite/coop-suite",
    "author": "Co-op Suite contributors",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "coop_membership_pos",
        "coop_payout",
        "stock",
        "account",
        "portal",
        "mail",
    ],
    "data": [
        "security/ir.model.access.csv",
        "wizards/coop_consignment_return_wizard_views.xml",
        "views/res_partner_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/coop_culture_menus.xml",
        "views/portal_templates.xml",
    ],
    "demo": [
        "demo/coop_culture_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "coop_culture/static/src/pos/**/*",
        ],
        "web.assets_tests": ["coop_culture/static/src/tours/**/*"],
    },
    "post_init_hook": "_coop_culture_post_init",
}
