from odoo import api, fields, models

from ..const import CHOICES


class CoopAssemblyTally(models.Model):
    """The count of one choice on one resolution: the only place a vote's choice lives when
    the resolution is secret. It keeps no dates nor authors (no log access), so no ballot's
    time can be matched to a change of the count."""

    _name = "coop.assembly.tally"
    _description = "Vote Count"
    _log_access = False

    resolution_id = fields.Many2one(
        "coop.assembly.resolution", required=True, ondelete="cascade", index=True
    )
    choice = fields.Selection(CHOICES, required=True)
    votes = fields.Integer(readonly=True, default=0)

    _sql_constraints = [
        ("choice_unique", "unique(resolution_id, choice)", "One count per choice."),
    ]

    @api.model
    def _coop_add(self, resolution, choice, votes):
        """Add `votes` to the count of `choice`. One UPDATE, so two votes at once queue on
        the rows instead of one overwriting the other; it rewrites all three counts of the
        resolution, so the rows' own transaction stamps (which the ballot shares) do not
        tell which choice the last voter made."""
        self.env.cr.execute(
            "UPDATE coop_assembly_tally "
            "SET votes = COALESCE(votes, 0) + CASE WHEN choice = %s THEN %s ELSE 0 END "
            "WHERE resolution_id = %s",
            (choice, votes, resolution.id),
        )
        if self.env.cr.rowcount != len(CHOICES):
            raise ValueError(f"no counts for resolution {resolution.id}")
        self.invalidate_model(["votes"])
        resolution.invalidate_recordset(
            ["votes_for", "votes_against", "votes_abstain", "votes_cast"]
        )
