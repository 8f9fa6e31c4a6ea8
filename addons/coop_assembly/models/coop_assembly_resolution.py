from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .. import kernel
from ..const import CHOICES, MANAGER, OFFICE

FROZEN_ONCE_OPEN = ("assembly_id", "name", "description", "majority", "secret")
# Written by the vote's own steps only: a result is counted, never typed in.
RESULT_FIELDS = (
    "state",
    "result",
    "quorum_reached",
    "participants_at_close",
    "closed_at",
    "room_count_recorded",
)


class CoopAssemblyResolution(models.Model):
    """A question the assembly decides: for, against or abstain, by the majority it needs.
    Its counts are kept in coop.assembly.tally; who voted in coop.assembly.ballot."""

    _name = "coop.assembly.resolution"
    _description = "Resolution"
    _order = "assembly_id, sequence, id"

    assembly_id = fields.Many2one("coop.assembly", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="assembly_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Resolution", required=True)
    description = fields.Html(sanitize=True)
    majority = fields.Selection(
        [(kernel.SIMPLE, "Simple majority"), (kernel.TWO_THIRDS, "Two thirds")],
        compute="_compute_majority",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Of the votes cast: abstentions are not counted either way.",
    )
    secret = fields.Boolean(
        string="Secret Ballot",
        help="The vote is counted, but who voted what is kept nowhere: not even staff can "
        "read it. Who took part is still known (once each).",
    )
    state = fields.Selection(
        [("draft", "Not Open"), ("open", "Voting"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
    )
    tally_ids = fields.One2many("coop.assembly.tally", "resolution_id", groups=MANAGER)
    ballot_ids = fields.One2many("coop.assembly.ballot", "resolution_id", groups=OFFICE)
    votes_for = fields.Integer(
        compute="_compute_votes", compute_sudo=True, groups="base.group_user"
    )
    votes_against = fields.Integer(
        compute="_compute_votes", compute_sudo=True, groups="base.group_user"
    )
    votes_abstain = fields.Integer(
        string="Abstentions", compute="_compute_votes", compute_sudo=True, groups="base.group_user"
    )
    votes_cast = fields.Integer(
        compute="_compute_votes",
        compute_sudo=True,
        groups="base.group_user",
        help="For and against: abstentions are not votes cast.",
    )
    room_count_recorded = fields.Boolean(readonly=True, copy=False)
    quorum_reached = fields.Boolean(readonly=True, copy=False)
    participants_at_close = fields.Integer(readonly=True, copy=False)
    result = fields.Selection(
        [("adopted", "Adopted"), ("rejected", "Rejected"), ("no_quorum", "No Quorum")],
        readonly=True,
        copy=False,
    )
    closed_at = fields.Datetime(readonly=True, copy=False)

    @api.depends("assembly_id.kind")
    def _compute_majority(self):
        for resolution in self:
            if not resolution.majority:
                resolution.majority = (
                    kernel.TWO_THIRDS
                    if resolution.assembly_id.kind == "extraordinary"
                    else kernel.SIMPLE
                )

    def _compute_votes(self):
        counts = {
            (resolution.id, choice): votes
            for resolution, choice, votes in self.env["coop.assembly.tally"]._read_group(
                [("resolution_id", "in", self.ids)], ["resolution_id", "choice"], ["votes:sum"]
            )
        }
        for resolution in self:
            resolution.votes_for = counts.get((resolution.id, "for"), 0)
            resolution.votes_against = counts.get((resolution.id, "against"), 0)
            resolution.votes_abstain = counts.get((resolution.id, "abstain"), 0)
            resolution.votes_cast = resolution.votes_for + resolution.votes_against

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")  # the counts below are created as the system
        for vals in vals_list:
            vals["tally_ids"] = [Command.create({"choice": c}) for c, _label in CHOICES]
        resolutions = super(CoopAssemblyResolution, self.sudo()).create(vals_list)
        return resolutions.with_env(self.env)

    def write(self, vals):
        self.check_access("write")  # who may not write at all is told so first
        if set(vals) & set(RESULT_FIELDS) and not self.env.su:
            raise UserError(
                self.env._("A vote is opened, counted and closed with its buttons only.")
            )
        if set(vals) & set(FROZEN_ONCE_OPEN) and any(r.state != "draft" for r in self):
            raise UserError(
                self.env._(
                    "Members are voting on this resolution (or have voted): its text, "
                    "majority and secrecy may no longer change."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_resolutions(self):
        if any(r.state != "draft" for r in self):
            raise UserError(self.env._("A resolution put to the vote stays in the record."))

    # --------------------------------------------------------------- actions

    def action_open_vote(self):
        self.assembly_id._coop_check_group(MANAGER)
        for resolution in self:
            assembly = resolution.assembly_id
            if resolution.state != "draft":
                raise UserError(self.env._("%s is already put to the vote.", resolution.name))
            if assembly.state == "in_session" or (
                assembly.state == "convened" and assembly.online_voting
            ):
                resolution.sudo().state = "open"
                continue
            raise UserError(
                self.env._(
                    "Votes open once the assembly is in session, or once it is called when "
                    "members vote online."
                )
            )
        return True

    def action_close_vote(self):
        """Close the vote and write down its result with the assembly's quorum now."""
        self.assembly_id._coop_check_group(MANAGER)
        for resolution in self:
            if resolution.state != "open":
                raise UserError(self.env._("%s is not being voted on.", resolution.name))
            figures = resolution.assembly_id._coop_participation()
            resolution.sudo().write(
                {
                    "state": "closed",
                    "closed_at": fields.Datetime.now(),
                    "quorum_reached": figures["reached"],
                    "participants_at_close": figures["participants"],
                    "result": kernel.outcome(
                        resolution.votes_for,
                        resolution.votes_against,
                        resolution.majority,
                        figures["reached"],
                    ),
                }
            )
        return True

    def action_record_ballot(self, code, choice):
        """The members' office enters the ballot of a member present in the room (and so
        of the members whose proxies they hold)."""
        self.ensure_one()
        self.assembly_id._coop_check_group(OFFICE)
        assembly = self.assembly_id
        partner = self.env["res.partner"]._coop_search_card((code or "").strip())
        voter = partner and assembly.sudo()._coop_voter(partner.commercial_partner_id)
        if not voter:
            raise UserError(self.env._("Nobody on the roll has the card or number %s.", code))
        if not voter.attended:
            raise UserError(
                self.env._(
                    "%s has not signed in: sign them in at the door first.", voter.partner_id.name
                )
            )
        if self.room_count_recorded:
            raise UserError(
                self.env._(
                    "The room's votes on this resolution were counted as a whole: a single "
                    "ballot can no longer be added."
                )
            )
        return self.sudo()._coop_cast(voter, choice, "room")

    def action_record_room_count(self, votes_for, votes_against, votes_abstain):
        """The room voted by show of hands, or a ballot box was counted: add the counts, at
        most the votes the room holds and has not used yet."""
        self.ensure_one()
        self.assembly_id._coop_check_group(OFFICE)
        counts = {"for": votes_for, "against": votes_against, "abstain": votes_abstain}
        if any(not isinstance(v, int) or v < 0 for v in counts.values()):
            raise UserError(self.env._("Counts are whole numbers, zero or more."))
        if self.state != "open" or self.assembly_id.state != "in_session":
            raise UserError(self.env._("The room votes while the resolution is open in session."))
        if self.room_count_recorded:
            raise UserError(self.env._("The room's votes on this resolution are already counted."))
        available = self._coop_room_votes_left()
        if sum(counts.values()) > available:
            raise UserError(
                self.env._(
                    "%(total)s votes counted, but the room holds %(left)s votes that have not "
                    "been used yet (members present and the proxies they hold, less those who "
                    "voted online or by ballot).",
                    total=sum(counts.values()),
                    left=available,
                )
            )
        for choice, votes in counts.items():
            if votes:
                self.env["coop.assembly.tally"].sudo()._coop_add(self, choice, votes)
        self.sudo().room_count_recorded = True
        return True

    def _coop_room_votes_left(self):
        """Votes held in the room and not yet used on this resolution."""
        self.ensure_one()
        present = self.assembly_id.voter_ids.filtered("attended")
        proxies = self.assembly_id.proxy_ids.filtered(
            lambda p: p.state == "valid" and p.holder_voter_id.attended
        )
        voted = (
            self.env["coop.assembly.ballot"]
            .sudo()
            .search([("resolution_id", "=", self.id)])
            .voter_id
        )
        return sum(((present | proxies.grantor_voter_id) - voted).mapped("weight"))

    def _coop_vote_online(self, voter, choice):
        """A member votes in the portal: for themselves and the proxies they hold."""
        self.ensure_one()
        if not self.assembly_id.online_voting:
            raise UserError(self.env._("This assembly votes in the room only."))
        return self._coop_cast(voter, choice, "online")

    def _coop_cast(self, voter, choice, channel):
        """Record `voter`'s vote, and the same for each member whose proxy they hold and who
        has not voted: one ballot each, the choice only in the count when secret."""
        self.ensure_one()
        if choice not in dict(CHOICES):
            raise UserError(self.env._("Choose for, against or abstain."))
        if self.state != "open" or self.assembly_id.state not in ("convened", "in_session"):
            raise UserError(self.env._("The vote on %s is not open.", self.name))
        if voter.assembly_id != self.assembly_id:
            raise UserError(self.env._("%s is not on this assembly's roll.", voter.partner_id.name))
        given = voter._coop_valid_proxy_given()
        if given:
            raise UserError(
                self.env._(
                    "%(name)s gave their proxy to %(holder)s, who votes for them. Take the "
                    "proxy back first to vote yourself.",
                    name=voter.partner_id.name,
                    holder=given.holder_id.name,
                )
            )
        Ballot = self.env["coop.assembly.ballot"]
        grantors = voter.proxy_held_ids.filtered(lambda p: p.state == "valid").grantor_voter_id
        # Only the ballots of the members concerned: a vote costs the same at the last voter.
        done = Ballot.search(
            [("resolution_id", "=", self.id), ("voter_id", "in", (voter | grantors).ids)]
        ).voter_id
        if voter in done:
            raise UserError(
                self.env._("%s has already voted on this resolution.", voter.partner_id.name)
            )
        voters = voter | (grantors - done)
        ballots = Ballot.create(
            [
                {
                    "resolution_id": self.id,
                    "voter_id": each.id,
                    "cast_by_id": voter.id,
                    "channel": channel,
                    "weight": each.weight,
                    "choice": False if self.secret else choice,
                }
                for each in voters
            ]
        )
        # Flushed now: a second vote for the same member meets the database's constraint
        # here, before the count moves.
        ballots.flush_recordset()
        self.env["coop.assembly.tally"]._coop_add(self, choice, sum(voters.mapped("weight")))
        return len(ballots)
