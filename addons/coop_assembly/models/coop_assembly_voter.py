from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import OFFICE


class CoopAssemblyVoter(models.Model):
    """One line of an assembly's roll: a member who held shares on the record date. Drawn
    once when the assembly is called and never edited by hand: sign-in and the notice go
    through the assembly's methods."""

    _name = "coop.assembly.voter"
    _description = "Roll of Voters"
    _order = "assembly_id, partner_id"
    _rec_name = "partner_id"

    assembly_id = fields.Many2one("coop.assembly", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="assembly_id.company_id", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, ondelete="restrict", index=True
    )
    member_number = fields.Char(related="partner_id.coop_member_number")
    weight = fields.Integer(string="Votes", default=1, readonly=True)
    notice_sent = fields.Boolean(readonly=True)
    notice_by_post = fields.Boolean(
        string="Notice to Post",
        readonly=True,
        help="No email address when the notice went out: the office posts it or hands it "
        "over, then marks it sent.",
    )
    attended = fields.Boolean(string="Present", readonly=True)
    signed_in_at = fields.Datetime(readonly=True)
    proxy_given_ids = fields.One2many("coop.assembly.proxy", "grantor_voter_id")
    proxy_held_ids = fields.One2many("coop.assembly.proxy", "holder_voter_id")
    proxy_held_count = fields.Integer(
        compute="_compute_proxy_held_count",
        store=True,
        help="Stored so that two proxies given to the same holder at once both write this "
        "row: the second waits for the first and counts it.",
    )

    _sql_constraints = [
        ("member_unique", "unique(assembly_id, partner_id)", "A member is on a roll once."),
    ]

    @api.depends("proxy_held_ids.state")
    def _compute_proxy_held_count(self):
        for voter in self:
            voter.proxy_held_count = len(
                voter.proxy_held_ids.filtered(lambda proxy: proxy.state == "valid")
            )

    def _coop_valid_proxy_given(self):
        return self.proxy_given_ids.filtered(lambda proxy: proxy.state == "valid")[:1]

    def _coop_sign_in(self):
        """Present in person: a proxy they gave and nobody used yet lapses (they vote
        themselves); one already used stays, with the votes cast under it."""
        for voter in self:
            voter.sudo().write({"attended": True, "signed_in_at": fields.Datetime.now()})
            proxy = voter._coop_valid_proxy_given()
            if proxy and not proxy._coop_used():
                proxy.sudo().state = "revoked"

    def action_mark_notice_posted(self):
        """The office posted (or handed over) the notice to members without email."""
        self.env["res.users"]._coop_require(
            OFFICE,
            message=self.env._("Only the members' office or the membership managers may do this."),
        )
        mailed = self.filtered(lambda voter: not voter.notice_by_post)
        if mailed:
            raise UserError(
                self.env._(
                    "%s had the notice by email: nothing to post.",
                    ", ".join(mailed.mapped("partner_id.name")),
                )
            )
        # The roll is never written by hand; this button is the one way to tick it.
        self.sudo().write({"notice_sent": True})
        return True
