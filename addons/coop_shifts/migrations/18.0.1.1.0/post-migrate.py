"""The shift mails now write days and times as people do, in the reader's language, and
name shifts by their display name: the templates are kept from updates (noupdate), so an
existing database gets them reset from the module's file once. A co-op that reworded a
template rewords it again after this upgrade."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    templates = env["mail.template"].search([("template_fs", "=like", "coop_shifts/%")])
    templates.reset_template()
