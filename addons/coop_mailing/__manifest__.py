{
    "name": "Co-op Mailing Lists",
    "summary": "Mailing lists kept in step with the co-op's own rules: members who may shop, "
    "each team, each working group, suspended members, former members who agreed to hear "
    "from the co-op; opt-outs and the blacklist always win",
    "version": "18.0.1.0.0",
    "category": "Marketing/Email Marketing",
    "website": "https://github.com/coop-suite/coop-suite",
    "author": "Co-op Suite contributors",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": ["coop_governance", "mass_mailing"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/mailing_list_views.xml",
        "views/res_partner_views.xml",
    ],
    "demo": ["demo/coop_mailing_demo.xml"],
}
