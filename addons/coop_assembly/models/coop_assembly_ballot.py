from odoo import fields, models

from ..const import CHOICES, OFFICE


class CoopAssemblyBallot(models.Model):
    """That a member on the roll has voted on a resolution, and how: in the room or online,
    themselves or through the holder of their proxy. Once per member and resolution (the
    database refuses a second). On a secret resolution the choice is not kept here at all:
    it only adds to the count (coop.assembly.tally)."""

    _name = "coop.assembly.ballot"
    _description = "Ballot"
    _order = "resolution_id, id"

    resolution_id = fields.Many2one(
        "coop.assembly.resolution", required=True, ondelete="restrict", index=True
    )
    assembly_id = fields.Many2one(related="resolution_id.assembly_id", store=True, index=True)
    company_id = fields.Many2one(related="resolution_id.assembly_id.company_id", store=True)
    voter_id = fields.Many2one(
        "coop.assembly.voter", required=True, ondelete="restrict", index=True
    )
    partner_id = fields.Many2one(related="voter_id.partner_id", store=True, string="Member")
    cast_by_id = fields.Many2one(
        "coop.assembly.voter",
        required=True,
        ondelete="restrict",
        help="The member who cast it: the voter, or the holder of their proxy.",
    )
    channel = fields.Selection([("room", "In the Room"), ("online", "Online")], required=True)
    weight = fields.Integer(string="Votes", required=True)
    choice = fields.Selection(CHOICES, groups=OFFICE)

    _sql_constraints = [
        (
            "one_ballot_per_member",
            "unique(resolution_id, voter_id)",
            "This member has already voted on this resolution.",
        ),
    ]
