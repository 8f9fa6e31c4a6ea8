from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..const import OFFICE


class CoopAssemblyProxy(models.Model):
    """A member gives their vote to another member on the roll (pouvoir). The members'
    office records paper proxies; members give and revoke theirs in the portal."""

    _name = "coop.assembly.proxy"
    _description = "Proxy"
    _order = "assembly_id, id"
    _rec_name = "grantor_id"

    assembly_id = fields.Many2one("coop.assembly", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="assembly_id.company_id", store=True)
    grantor_id = fields.Many2one(
        "res.partner", string="Given by", required=True, ondelete="restrict", index=True
    )
    holder_id = fields.Many2one(
        "res.partner", string="Given to", required=True, ondelete="restrict", index=True
    )
    grantor_voter_id = fields.Many2one(
        "coop.assembly.voter", compute="_compute_voters", store=True, index=True
    )
    holder_voter_id = fields.Many2one(
        "coop.assembly.voter", compute="_compute_voters", store=True, index=True
    )
    state = fields.Selection(
        [("valid", "Valid"), ("revoked", "Revoked")],
        default="valid",
        required=True,
        readonly=True,
    )
    source = fields.Selection(
        [("paper", "On Paper"), ("portal", "In the Portal")], default="paper", required=True
    )

    @api.depends("assembly_id", "grantor_id", "holder_id")
    def _compute_voters(self):
        Voter = self.env["coop.assembly.voter"].sudo()
        for proxy in self:
            roll = Voter.search(
                [
                    ("assembly_id", "=", proxy.assembly_id.id),
                    ("partner_id", "in", (proxy.grantor_id | proxy.holder_id).ids),
                ]
            )
            by_partner = {voter.partner_id: voter for voter in roll}
            proxy.grantor_voter_id = by_partner.get(proxy.grantor_id, Voter)
            proxy.holder_voter_id = by_partner.get(proxy.holder_id, Voter)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["res.users"]._coop_require(
            OFFICE, message=self.env._("Only the members' office records paper proxies.")
        )
        proxies = super().create(vals_list)
        proxies._coop_check()
        return proxies

    def write(self, vals):
        self.check_access("write")  # who may not write at all is told so first
        if "state" in vals and not self.env.su:
            raise UserError(self.env._("A proxy is taken back with its Revoke button only."))
        if set(vals) & {"assembly_id", "grantor_id", "holder_id"}:
            raise UserError(
                self.env._("A proxy is not edited: revoke it and record the right one.")
            )
        return super().write(vals)

    def _coop_used(self):
        """Whether the holder has already voted with it."""
        self.ensure_one()
        return bool(
            self.env["coop.assembly.ballot"]
            .sudo()
            .search_count(
                [
                    ("assembly_id", "=", self.assembly_id.id),
                    ("voter_id", "=", self.grantor_voter_id.id),
                ],
                limit=1,
            )
        )

    def _coop_check(self):
        """The statutes' rules for a proxy, checked as it is given."""
        for proxy in self:
            assembly = proxy.assembly_id
            company = assembly.company_id
            grantor, holder = proxy.grantor_id, proxy.holder_id
            if company.coop_assembly_max_proxies <= 0:
                raise ValidationError(self.env._("The statutes of this co-op allow no proxies."))
            if assembly.state not in ("convened", "in_session"):
                raise ValidationError(
                    self.env._("Proxies are given for an assembly that is called and not over.")
                )
            if grantor == holder:
                raise ValidationError(self.env._("A member cannot give their proxy to themselves."))
            for partner, voter in (
                (grantor, proxy.grantor_voter_id),
                (holder, proxy.holder_voter_id),
            ):
                if not voter:
                    raise ValidationError(
                        self.env._(
                            "%(name)s is not on the roll of this assembly (not a member on "
                            "%(record)s): a proxy is given by a member to a member.",
                            name=partner.name,
                            record=assembly.record_date,
                        )
                    )
            grantor_voter, holder_voter = proxy.grantor_voter_id, proxy.holder_voter_id
            if grantor_voter.proxy_given_ids.filtered(lambda p: p.state == "valid") - proxy:
                raise ValidationError(self.env._("%s has already given their proxy.", grantor.name))
            if grantor_voter.attended:
                raise ValidationError(
                    self.env._("%s is present and votes in person.", grantor.name)
                )
            if holder_voter._coop_valid_proxy_given():
                raise ValidationError(
                    self.env._(
                        "%s has given their own proxy and cannot hold another's.", holder.name
                    )
                )
            if grantor_voter.proxy_held_ids.filtered(lambda p: p.state == "valid"):
                raise ValidationError(
                    self.env._(
                        "%s holds proxies of other members and cannot hand them on.",
                        grantor.name,
                    )
                )
            if proxy._coop_used() or self.env["coop.assembly.ballot"].sudo().search_count(
                [("assembly_id", "=", assembly.id), ("voter_id", "=", grantor_voter.id)],
                limit=1,
            ):
                raise ValidationError(
                    self.env._("%s has already voted in this assembly.", grantor.name)
                )
            holder_voter.invalidate_recordset(["proxy_held_ids", "proxy_held_count"])
            if holder_voter.proxy_held_count > company.coop_assembly_max_proxies:
                raise ValidationError(
                    self.env._(
                        "%(name)s already holds %(max)s proxies, the most the statutes allow.",
                        name=holder.name,
                        max=company.coop_assembly_max_proxies,
                    )
                )

    def action_revoke(self):
        """Take the proxy back, as long as nobody voted with it."""
        self.env["res.users"]._coop_require(
            OFFICE, message=self.env._("Only the members' office revokes a paper proxy.")
        )
        for proxy in self:
            if proxy.state != "valid":
                continue
            if proxy._coop_used():
                raise UserError(
                    self.env._(
                        "%(holder)s has already voted with the proxy of %(grantor)s: it can "
                        "no longer be taken back.",
                        holder=proxy.holder_id.name,
                        grantor=proxy.grantor_id.name,
                    )
                )
            proxy.sudo().state = "revoked"
        return True
