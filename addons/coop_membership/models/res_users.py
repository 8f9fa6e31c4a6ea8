from odoo import models
from odoo.exceptions import AccessError


class ResUsers(models.Model):
    _inherit = "res.users"

    def _coop_require(self, *group_xmlids, message):
        """Refuse, with `message`, a user in none of these groups.

        Every action that moves capital, points, money or standing asks this in Python:
        a button hidden in the view is still a public method over RPC.
        """
        self.ensure_one()
        if self.env.su or any(self.has_group(xmlid) for xmlid in group_xmlids):
            return
        raise AccessError(message)
