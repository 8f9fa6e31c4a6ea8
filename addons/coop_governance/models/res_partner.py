from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_after_share_movement(self):
        """Working groups are for members: whoever no longer holds shares leaves theirs
        (and their chats) on the day, their past stays kept."""
        res = super()._coop_after_share_movement()
        gone = self.filtered(lambda p: p.coop_membership_state != "member")
        if gone:
            stays = (
                self.env["coop.working.group.membership"]
                .sudo()
                .search([("partner_id", "in", gone.ids), ("date_end", "=", False)])
            )
            stays._coop_close()
        return res
