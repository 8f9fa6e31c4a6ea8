from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.coop_payout import _coop_payout_post_init, _coop_payout_pre_init


@tagged("post_install", "-at_install")
class TestMovedRecords(TransactionCase):
    """Installing this module on a database where coop_culture held the statement."""

    def _xmlid(self, module, name, record):
        return self.env["ir.model.data"].create(
            {"module": module, "name": name, "model": record._name, "res_id": record.id}
        )

    def test_the_statements_records_change_hands_and_no_others(self):
        field = self.env["ir.model.fields"]._get("coop.consignment.statement", "name")
        state = self.env["ir.model.fields.selection"].search(
            [("field_id.model", "=", "coop.consignment.statement"), ("value", "=", "draft")]
        )
        moved = self._xmlid("coop_culture", "field_coop_consignment_statement__zz_old", field)
        moved_value = self._xmlid(
            "coop_culture", "selection__coop_consignment_statement__state__zz_old", state
        )
        # A source's own selection value and another model's field stay with their module.
        kept_value = self._xmlid(
            "coop_culture", "selection__coop_consignment_statement__settlement_type__zz", state
        )
        kept = self._xmlid("coop_culture", "field_coop_consignment_return_wizard__zz_old", field)
        _coop_payout_pre_init(self.env)
        self.env.invalidate_all()
        self.assertEqual(moved.module, "coop_payout")
        self.assertEqual(moved_value.module, "coop_payout")
        self.assertEqual(kept_value.module, "coop_culture")
        self.assertEqual(kept.module, "coop_culture")

    def test_what_a_database_made_of_the_no_update_records_is_kept(self):
        """Install mode writes the module's data over its noupdate records: the mail
        template a co-op rewrote and the job it switched off come back as they were."""
        template = self.env.ref("coop_payout.mail_template_coop_consignment_statement")
        cron = self.env.ref("coop_payout.ir_cron_coop_consignment_statements")
        template.body_html = "<p>Our own words</p>"
        cron.active = False
        self.env.flush_all()
        _coop_payout_pre_init(self.env)
        # What loading the data does to them.
        template.body_html = "<p>The module's words</p>"
        cron.active = True
        _coop_payout_post_init(self.env)
        self.assertEqual(str(template.body_html), "<p>Our own words</p>")
        self.assertFalse(cron.active)
