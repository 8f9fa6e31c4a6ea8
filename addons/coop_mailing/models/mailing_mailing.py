from odoo import models


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def action_put_in_queue(self):
        """The co-op's lists are brought up to date when a mailing is sent off..."""
        self.contact_list_ids._coop_sync()
        return super().action_put_in_queue()

    def _action_send_mail(self, res_ids=None):
        """...and again when it really goes out: a member suspended or gone since is not
        mailed as if they were not."""
        if not res_ids:
            self.contact_list_ids._coop_sync()
        return super()._action_send_mail(res_ids=res_ids)
