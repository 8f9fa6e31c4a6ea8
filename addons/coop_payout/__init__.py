from odoo.tools import SQL

from . import controllers, models

# What coop_culture defined before the statement became generic (18.0.0.1.0): the model,
# its fields and records, and the company's payout settings.
_MOVED_XMLIDS = (
    "model_coop_consignment_statement",
    "model_coop_consignment_statement_line",
    "field_res_company__coop_commission_account_id",
    "field_res_company__coop_consignment_journal_id",
    "field_res_company__coop_commission_tax_id",
    "field_res_config_settings__coop_commission_account_id",
    "field_res_config_settings__coop_consignment_journal_id",
    "field_res_config_settings__coop_commission_tax_id",
    "access_coop_consignment_statement_user",
    "access_coop_consignment_statement_manager",
    "access_coop_consignment_statement_account",
    "access_coop_consignment_statement_portal",
    "access_coop_consignment_statement_line_user",
    "access_coop_consignment_statement_line_manager",
    "access_coop_consignment_statement_line_account",
    "access_coop_consignment_statement_line_portal",
    "rule_coop_consignment_statement_company",
    "rule_coop_consignment_statement_line_company",
    "rule_coop_consignment_statement_portal",
    "rule_coop_consignment_statement_line_portal",
    "seq_coop_consignment_statement",
    "report_coop_consignment_statement_document",
    "report_coop_consignment_statement",
    "action_report_coop_consignment_statement",
    "mail_template_coop_consignment_statement",
    "ir_cron_coop_consignment_statements",
    "ir_cron_coop_consignment_statements_ir_actions_server",
    "view_coop_consignment_statement_list",
    "view_coop_consignment_statement_form",
    "view_coop_consignment_statement_search",
    "action_coop_consignment_statement",
    "menu_coop_consignment_statement",
    "portal_my_consignment_statement",
)


# Records coop_culture loaded with noupdate: installing this module writes its data over
# them (install mode ignores noupdate), so what a database made of them is put back after.
_KEPT_TABLES = {
    "seq_coop_consignment_statement": "ir_sequence",
    "ir_cron_coop_consignment_statements": "ir_cron",
    "ir_cron_coop_consignment_statements_ir_actions_server": "ir_act_server",
    "mail_template_coop_consignment_statement": "mail_template",
}
_kept_rows = {}


def _coop_payout_pre_init(env):
    """On a database where coop_culture held the statement, hand its records to this
    module before this module's data is loaded: the same rows (the table, the statements'
    numbering, the cron, the mail template) are then updated, not created twice.

    It runs here and not in a migration of coop_culture: upgrading coop_culture installs
    this module first, as a new dependency, before coop_culture's migrations run."""
    cr = env.cr
    cr.execute(
        SQL(
            """
            UPDATE ir_model_data
               SET module = 'coop_payout'
             WHERE module = 'coop_culture'
               AND (name IN %s OR name LIKE %s OR name LIKE %s OR name LIKE %s)
               -- coop_culture names its own extension of the model alike: never twice
               AND NOT EXISTS (
                   SELECT 1 FROM ir_model_data mine
                    WHERE mine.module = 'coop_payout' AND mine.name = ir_model_data.name
               )
            """,
            _MOVED_XMLIDS,
            r"field\_coop\_consignment\_statement%",
            r"selection\_\_coop\_consignment\_statement\_\_state\_\_%",
            r"model\_inherit\_\_coop\_consignment\_statement\_\_%",
        )
    )
    _kept_rows.clear()
    for name, table in _KEPT_TABLES.items():
        cr.execute(
            SQL(
                """
                SELECT row_to_json(t)::text FROM %s t
                  JOIN ir_model_data d ON d.res_id = t.id
                 WHERE d.module = 'coop_payout' AND d.name = %s
                """,
                SQL.identifier(table),
                name,
            )
        )
        row = cr.fetchone()
        if row:
            _kept_rows[table] = row[0]


def _coop_payout_post_init(env):
    cr = env.cr
    env.flush_all()  # the data just loaded, written before the kept rows go back over it
    for table, row in _kept_rows.items():
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            [table],
        )
        columns = [SQL.identifier(column) for (column,) in cr.fetchall() if column != "id"]
        cr.execute(
            SQL(
                """
                UPDATE %s t SET %s
                  FROM json_populate_record(NULL::%s, %s::json) kept
                 WHERE t.id = kept.id
                """,
                SQL.identifier(table),
                SQL(", ").join(SQL("%s = kept.%s", column, column) for column in columns),
                SQL.identifier(table),
                row,
            )
        )
    _kept_rows.clear()
    env.invalidate_all()
    env["res.company"].search([])._coop_ensure_payout_setup()
