from odoo import fields, models

from ..const import OFFICE


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_news_consent = fields.Boolean(
        string="Hears from the Co-op after Leaving",
        tracking=True,
        groups=OFFICE,
        help="A former member who agreed to keep hearing from the co-op. Without it, nobody "
        "who left is mailed.",
    )

    def _coop_after_share_movement(self):
        """Joining or leaving moves a person between the lists at once, not at the next
        hourly run."""
        result = super()._coop_after_share_movement()
        lists = (
            self.env["mailing.list"]
            .sudo()
            .search([("coop_audience", "in", ("may_shop", "former_consenting"))])
        )
        lists._coop_sync(partners=self)
        return result
