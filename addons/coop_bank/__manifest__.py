{
    "name": "Co-op Bank Statements",
    "summary": "Import the bank's statements (CSV, OFX, CAMT.053) and match members' transfers "
    "to their invoices and accounts by a structured payment reference",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/coop-suite/coop-suite",
    "author": "Co-op Suite contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": [
        "coop_membership",
        "account_statement_import_sheet_file",
        "account_statement_import_ofx",
        "account_statement_import_camt",
        "account_reconcile_oca",
    ],
    "data": [
        "data/account_statement_import_sheet_mapping_data.xml",
        "views/account_bank_statement_line_views.xml",
        "views/account_reconcile_model_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": [
        "demo/coop_bank_demo.xml",
    ],
    "post_init_hook": "_coop_bank_post_init",
}
