from odoo import fields, models

from ..const import CHOICES


class CoopAssemblyRoomVote(models.TransientModel):
    """What the members' office enters for the room: one member's ballot (by card or
    number), or the counts of a show of hands or of a ballot box."""

    _name = "coop.assembly.room.vote"
    _description = "Vote in the Room"

    resolution_id = fields.Many2one("coop.assembly.resolution", required=True, readonly=True)
    mode = fields.Selection(
        [("ballot", "One member's ballot"), ("count", "Show of hands or ballot box")],
        required=True,
        default="count",
    )
    code = fields.Char(string="Card or Member Number")
    choice = fields.Selection(CHOICES)
    votes_for = fields.Integer(string="For")
    votes_against = fields.Integer(string="Against")
    votes_abstain = fields.Integer(string="Abstentions")

    def action_apply(self):
        self.ensure_one()
        if self.mode == "ballot":
            self.resolution_id.action_record_ballot(self.code, self.choice)
        else:
            self.resolution_id.action_record_room_count(
                self.votes_for, self.votes_against, self.votes_abstain
            )
        return {"type": "ir.actions.act_window_close"}
