from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_assembly_quorum_ordinary = fields.Float(
        string="Quorum of an Ordinary Assembly (%)",
        default=20.0,
        help="Share of the members on the roll who must take part (present, represented or "
        "voting online) for an ordinary assembly to decide.",
    )
    coop_assembly_quorum_extraordinary = fields.Float(
        string="Quorum of an Extraordinary Assembly (%)",
        default=25.0,
        help="The same for an extraordinary assembly (changes to the statutes).",
    )
    coop_assembly_quorum_min_members = fields.Integer(
        string="Quorum: at Least this Many Members",
        help="Whatever the share, at least this many members must take part.",
    )
    coop_assembly_max_proxies = fields.Integer(
        string="Proxies per Holder",
        default=2,
        help="How many other members' votes one member may hold. 0: the statutes allow no proxies.",
    )
    coop_assembly_notice_days = fields.Integer(
        string="Notice (days)",
        default=15,
        help="The notice goes out at least this many days before the assembly.",
    )
    coop_assembly_vote_weight = fields.Selection(
        [("member", "One member, one vote"), ("shares", "One vote per share held")],
        string="Votes",
        default="member",
        required=True,
        help="The co-operative principle is one member, one vote, whatever the shares held; "
        "some statutes weight votes by shares.",
    )

    @api.constrains(
        "coop_assembly_quorum_ordinary",
        "coop_assembly_quorum_extraordinary",
        "coop_assembly_quorum_min_members",
        "coop_assembly_max_proxies",
        "coop_assembly_notice_days",
    )
    def _check_coop_assembly_settings(self):
        for company in self:
            quorums = (
                company.coop_assembly_quorum_ordinary,
                company.coop_assembly_quorum_extraordinary,
            )
            if any(q < 0 or q > 100 for q in quorums):
                raise ValidationError(self.env._("A quorum is a share between 0 and 100 %."))
            if (
                min(
                    company.coop_assembly_quorum_min_members,
                    company.coop_assembly_max_proxies,
                    company.coop_assembly_notice_days,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The quorum's minimum, the proxies per holder and the days of notice "
                        "may not be negative."
                    )
                )
