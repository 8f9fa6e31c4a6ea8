from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_personal_data_export(self):
        # The resolutions the member voted on; how they voted only where the vote was not
        # secret (a secret ballot keeps no choice at all).
        data = super()._coop_personal_data_export()
        ballots = (
            self.env["coop.assembly.ballot"]
            .sudo()
            .search([("partner_id", "=", self.id)], order="id")
        )
        data["assembly_votes"] = [
            {
                "assembly": ballot.assembly_id.name,
                "date": ballot.assembly_id.date_begin,
                "resolution": ballot.resolution_id.name,
                "channel": ballot.channel,
                "votes": ballot.weight,
                "by_proxy": ballot.cast_by_id != ballot.voter_id,
                **({} if ballot.resolution_id.secret else {"choice": ballot.choice}),
            }
            for ballot in ballots
        ]
        return data
