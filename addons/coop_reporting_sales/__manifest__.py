{
    "name": "Co-op Sales Reporting and Board",
    "summary": "Sales per member and household, average basket and the share of sales to "
    "members, from the tills and the group-order rounds; a member's own purchases in the "
    "portal; the board's dashboard (members, capital, shifts, sales) on Odoo's spreadsheet",
    "version": "18.0.1.0.0",
    "category": "Sales/Membership",
    "website": "https://github.com/coop-suite/coop-suite",
    "author": "Co-op Suite contributors",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "auto_install": True,
    "depends": [
        "coop_reporting",
        "coop_purchase",
        "coop_membership_pos",
        "spreadsheet_dashboard",
    ],
    "data": [
        "security/coop_reporting_sales_security.xml",
        "security/ir.model.access.csv",
        "views/coop_sales_report_views.xml",
        "views/coop_reporting_sales_menus.xml",
        "views/portal_templates.xml",
        "data/spreadsheet_dashboard_data.xml",
    ],
    "demo": ["demo/coop_reporting_sales_demo.xml"],
    "assets": {
        "web.assets_tests": ["coop_reporting_sales/static/tests/tours/*.js"],
    },
}
