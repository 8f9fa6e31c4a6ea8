import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.coop_membership.cron import in_batches

from .. import kernel
from ..const import MANAGER, OFFICE

# Once the roll is drawn, what decided it and what members were told may not move.
CONVENED_LOCK = (
    "company_id",
    "kind",
    "record_date",
    "date_begin",
    "quorum_percent",
    "quorum_min_members",
    "online_voting",
)


class CoopAssembly(models.Model):
    """A general assembly: who may vote is fixed on the record date (the roll, drawn when the
    assembly is called), members are told a number of days before, sign in at the door
    (or give their proxy, or vote online), and decide on resolutions."""

    _name = "coop.assembly"
    _description = "General Assembly"
    _inherit = ["mail.thread", "portal.mixin"]
    _order = "date_begin desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    kind = fields.Selection(
        [("ordinary", "Ordinary"), ("extraordinary", "Extraordinary")],
        required=True,
        default="ordinary",
        tracking=True,
        help="An extraordinary assembly changes the statutes: a higher quorum, and its "
        "resolutions pass by two thirds unless set otherwise.",
    )
    date_begin = fields.Datetime(string="Date", required=True, tracking=True)
    place = fields.Char()
    agenda = fields.Html(sanitize=True)
    document_ids = fields.Many2many(
        "ir.attachment",
        string="Documents",
        help="Sent with the notice and readable by the members on the roll in the portal "
        "(accounts, reports, the text of the resolutions).",
    )
    record_date = fields.Date(
        required=True,
        tracking=True,
        help="Who may vote: the members who hold shares at the end of this day. Those who "
        "joined after it or sold their shares back before it are not on the roll.",
    )
    notice_days = fields.Integer(
        compute="_compute_notice_days", store=True, readonly=False, precompute=True
    )
    notice_date = fields.Date(
        compute="_compute_notice_date",
        store=True,
        help="The last day the notice may go out (the shop's local day).",
    )
    quorum_percent = fields.Float(
        string="Quorum (%)",
        compute="_compute_quorum_settings",
        store=True,
        readonly=False,
        precompute=True,
    )
    quorum_min_members = fields.Integer(
        string="Quorum: at Least",
        compute="_compute_quorum_settings",
        store=True,
        readonly=False,
        precompute=True,
    )
    online_voting = fields.Boolean(
        help="Members on the roll may vote online in the portal while a resolution is open, "
        "before and during the assembly."
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("convened", "Called"),
            ("in_session", "In Session"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    proxy_form_id = fields.Many2one("ir.attachment", readonly=True, copy=False)
    voter_ids = fields.One2many("coop.assembly.voter", "assembly_id", string="Roll of Voters")
    proxy_ids = fields.One2many("coop.assembly.proxy", "assembly_id", string="Proxies")
    resolution_ids = fields.One2many(
        "coop.assembly.resolution", "assembly_id", string="Resolutions", copy=True
    )
    eligible_count = fields.Integer(string="On the Roll", compute="_compute_participation")
    present_count = fields.Integer(string="Present", compute="_compute_participation")
    represented_count = fields.Integer(string="Represented", compute="_compute_participation")
    online_count = fields.Integer(string="Voted Online", compute="_compute_participation")
    participant_count = fields.Integer(string="Taking Part", compute="_compute_participation")
    quorum_required = fields.Integer(compute="_compute_participation")
    quorum_reached = fields.Boolean(compute="_compute_participation")

    @api.depends("company_id")
    def _compute_notice_days(self):
        for assembly in self:
            assembly.notice_days = assembly.company_id.coop_assembly_notice_days

    @api.depends("kind", "company_id")
    def _compute_quorum_settings(self):
        for assembly in self:
            company = assembly.company_id
            assembly.quorum_percent = (
                company.coop_assembly_quorum_extraordinary
                if assembly.kind == "extraordinary"
                else company.coop_assembly_quorum_ordinary
            )
            assembly.quorum_min_members = company.coop_assembly_quorum_min_members

    @api.depends("date_begin", "notice_days", "company_id")
    def _compute_notice_date(self):
        for assembly in self:
            day = assembly._coop_local_day()
            assembly.notice_date = day and fields.Date.subtract(day, days=assembly.notice_days)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for assembly in self:
            assembly.access_url = f"/my/assemblies/{assembly.id}"
        return res

    def _compute_participation(self):
        for assembly in self:
            figures = assembly._coop_participation()
            assembly.eligible_count = figures["eligible"]
            assembly.present_count = figures["present"]
            assembly.represented_count = figures["represented"]
            assembly.online_count = figures["online"]
            assembly.participant_count = figures["participants"]
            assembly.quorum_required = figures["required"]
            assembly.quorum_reached = figures["reached"]

    # ------------------------------------------------------------------ rules

    def _coop_local_day(self, moment=None):
        """The shop's local day of `moment` (the assembly's date by default)."""
        moment = moment or self.date_begin
        if not moment:
            return False
        tz = pytz.timezone(self.company_id.partner_id.tz or self.env.user.tz or "UTC")
        return pytz.utc.localize(moment).astimezone(tz).date()

    def _coop_today(self):
        return self._coop_local_day(fields.Datetime.now())

    def _coop_roll_values(self):
        """Who is on the roll and with what weight: every holder of shares of this company
        at the end of the record date. Another addon narrows it through super() (a co-op
        whose rules tie the vote to shift standing)."""
        self.ensure_one()
        holdings = (
            self.env["coop.share.line"]
            .sudo()
            ._read_group(
                [("company_id", "=", self.company_id.id), ("date", "<=", self.record_date)],
                ["partner_id"],
                ["quantity:sum"],
            )
        )
        by_shares = self.company_id.coop_assembly_vote_weight == "shares"
        return [
            {"partner_id": partner.id, "weight": quantity if by_shares else 1}
            for partner, quantity in holdings
            if quantity > 0
        ]

    def _coop_participation(self):
        """Who takes part, for the quorum: members present, those represented by a proxy
        whose holder takes part, and those who voted online. Each member counts once.
        One query whatever the size of the roll: the door asks it every few seconds."""
        self.ensure_one()
        if not self.id:
            return dict.fromkeys(
                ("eligible", "present", "represented", "online", "participants", "required"), 0
            ) | {"reached": False}
        for model in ("coop.assembly.voter", "coop.assembly.ballot", "coop.assembly.proxy"):
            self.env[model].flush_model()
        self.env.cr.execute(
            """
            WITH present AS (
                SELECT id FROM coop_assembly_voter WHERE assembly_id = %(id)s AND attended
            ), voted AS (
                SELECT DISTINCT voter_id AS id, channel FROM coop_assembly_ballot
                 WHERE assembly_id = %(id)s
            ), taking_part AS (
                SELECT id FROM present UNION SELECT id FROM voted
            ), represented AS (
                SELECT grantor_voter_id AS id FROM coop_assembly_proxy
                 WHERE assembly_id = %(id)s AND state = 'valid'
                   AND holder_voter_id IN (SELECT id FROM taking_part)
                EXCEPT SELECT id FROM present
            )
            SELECT (SELECT count(*) FROM coop_assembly_voter WHERE assembly_id = %(id)s),
                   (SELECT count(*) FROM present),
                   (SELECT count(*) FROM represented),
                   (SELECT count(*) FROM (
                        SELECT id FROM voted WHERE channel = 'online'
                        EXCEPT SELECT id FROM present EXCEPT SELECT id FROM represented
                   ) AS online_only),
                   (SELECT count(*) FROM (
                        SELECT id FROM taking_part UNION SELECT id FROM represented
                   ) AS everyone)
            """,
            {"id": self.id},
        )
        eligible, present, represented, online, participants = self.env.cr.fetchone()
        required = kernel.quorum_required(eligible, self.quorum_percent, self.quorum_min_members)
        return {
            "eligible": eligible,
            "present": present,
            "represented": represented,
            "online": online,
            "participants": participants,
            "required": required,
            "reached": bool(eligible) and participants >= required,
        }

    def _coop_voter(self, partner):
        """The roll's line of `partner` in this assembly, empty when not on the roll."""
        self.ensure_one()
        return self.env["coop.assembly.voter"].search(
            [("assembly_id", "=", self.id), ("partner_id", "=", partner.id)], limit=1
        )

    def _coop_check_group(self, group):
        self.env["res.users"]._coop_require(
            group,
            message=self.env._("Only the members' office or the membership managers may do this."),
        )

    # --------------------------------------------------------------- actions

    def write(self, vals):
        self.check_access("write")  # who may not write at all is told so first
        if "state" in vals and not self.env.su:
            raise UserError(
                self.env._("An assembly moves from one stage to the next with its buttons only.")
            )
        locked = set(CONVENED_LOCK) & set(vals)
        if locked and any(assembly.state != "draft" for assembly in self):
            raise UserError(
                self.env._(
                    "The assembly is called: its date, kind, record date, quorum and online "
                    "voting were sent to the members and may no longer change. Call a new "
                    "assembly instead."
                )
            )
        return super().write(vals)

    def action_convene(self):
        """Draw the roll on the record date and send the notice to everyone on it."""
        self._coop_check_group(MANAGER)
        for assembly in self:
            if assembly.state != "draft":
                raise UserError(self.env._("%s is already called.", assembly.name))
            today = assembly._coop_today()
            day = assembly._coop_local_day()
            if assembly.record_date > today:
                raise UserError(
                    self.env._(
                        "The record date (%(record)s) has not passed yet: the roll of voters "
                        "can only be drawn once it has.",
                        record=assembly.record_date,
                    )
                )
            if assembly.record_date > day:
                raise UserError(self.env._("The record date must come before the assembly."))
            if (day - today).days < assembly.notice_days:
                raise UserError(
                    self.env._(
                        "The assembly is on %(day)s: notice sent today gives %(given)s days, "
                        "and the statutes ask for %(asked)s. Move the assembly or call it "
                        "earlier.",
                        day=day,
                        given=(day - today).days,
                        asked=assembly.notice_days,
                    )
                )
            assembly._coop_draw_roll()
            assembly.sudo().state = "convened"
        self.env.ref("coop_assembly.ir_cron_coop_assembly_notice")._trigger()
        return True

    def _coop_draw_roll(self):
        """Write down the roll of voters, once, from the register on the record date."""
        self.ensure_one()
        if self.voter_ids:
            raise UserError(self.env._("The roll of %s is already drawn.", self.name))
        roll = self._coop_roll_values()
        if not roll:
            raise UserError(
                self.env._("Nobody held shares on the record date: the roll would be empty.")
            )
        self.env["coop.assembly.voter"].sudo().create(
            [{**values, "assembly_id": self.id} for values in roll]
        )
        self.message_post(
            body=self.env._(
                "Roll drawn: %(count)s members on %(record)s.",
                count=len(roll),
                record=self.record_date,
            )
        )

    def action_open_session(self):
        """The assembly starts: the door signs members in."""
        self._coop_check_group(OFFICE)
        for assembly in self:
            if assembly.state != "convened":
                raise UserError(self.env._("Only a called assembly can open its session."))
            assembly.sudo().state = "in_session"
        return True

    def action_close(self):
        """The assembly ends: votes still open are closed and counted."""
        self._coop_check_group(MANAGER)
        for assembly in self:
            if assembly.state not in ("convened", "in_session"):
                raise UserError(self.env._("Only a called assembly can be closed."))
            assembly.resolution_ids.filtered(lambda r: r.state == "open").action_close_vote()
            assembly.sudo().state = "closed"
        return True

    def action_open_door(self):
        """The door tablet's sign-in screen for this assembly."""
        self.ensure_one()
        self._coop_check_group(OFFICE)
        return {
            "type": "ir.actions.client",
            "tag": "coop_assembly.sign_in",
            "name": self.env._("Sign-in: %s", self.name),
            "params": {"assembly_id": self.id},
        }

    def action_print_minutes(self):
        self._coop_check_group(OFFICE)
        return self.env.ref("coop_assembly.action_report_coop_assembly_minutes").report_action(self)

    def action_sign_in(self, code):
        """Sign in the member whose card or member number is `code`; what the door shows."""
        self.ensure_one()
        self._coop_check_group(OFFICE)
        if self.state != "in_session":
            raise UserError(self.env._("The session is not open: nobody can sign in yet."))
        code = (code or "").strip()
        partner = self.env["res.partner"]._coop_search_card(code)
        if not partner:
            raise UserError(self.env._("No member has the card or number %s.", code))
        partner = partner.commercial_partner_id
        voter = self.sudo()._coop_voter(partner)
        already = voter.attended
        voter = self._coop_sign_in_partner(partner)
        return {
            "name": partner.name,
            "already": already,
            "proxies": voter.proxy_held_ids.filtered(
                lambda p: p.state == "valid"
            ).grantor_id.mapped("name"),
            **self.coop_door_state(),
        }

    def _coop_sign_in_partner(self, partner):
        """`partner` is here in person (a record or an id); their roll line."""
        self.ensure_one()
        partner = self.env["res.partner"].browse(getattr(partner, "id", partner))
        voter = self.sudo()._coop_voter(partner)
        if not voter:
            raise UserError(
                self.env._(
                    "%(name)s is not on the roll: not a member on the record date "
                    "(%(record)s). They may attend, but not vote.",
                    name=partner.name,
                    record=self.record_date,
                )
            )
        if not voter.attended:
            voter._coop_sign_in()
        return voter

    def coop_door_state(self):
        """The live figures the door shows: who takes part, against the quorum."""
        self.ensure_one()
        self._coop_check_group(OFFICE)
        figures = self._coop_participation()
        return {**figures, "assembly": self.name, "state": self.state}

    # ------------------------------------------------------------------ notice

    def _coop_notice_attachments(self):
        """The documents and the proxy form (printed once per assembly, not per member)."""
        self.ensure_one()
        if not self.proxy_form_id:
            pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(
                "coop_assembly.action_report_coop_assembly_proxy_form", self.ids
            )
            self.proxy_form_id = self.env["ir.attachment"].create(
                {
                    "name": self.env._("Proxy form - %s.pdf", self.name),
                    "raw": pdf,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        return self.document_ids | self.proxy_form_id

    @api.model
    def _cron_send_notices(self, batch_size=200):
        """Send the notice to everyone on the roll of the called assemblies who has not had
        it yet, in batches that are committed one by one: a cut-off run resumes."""
        template = self.env.ref("coop_assembly.mail_template_coop_assembly_notice")
        for assembly in self.search([("state", "in", ("convened", "in_session"))]):
            voters = assembly.voter_ids.filtered(
                lambda v: not v.notice_sent and not v.notice_by_post
            )
            if not voters:
                continue
            attachments = assembly._coop_notice_attachments()
            to_post = 0
            for batch in in_batches(voters, batch_size):
                mailed = batch.filtered("partner_id.email")
                template.send_mail_batch(
                    mailed.ids,
                    email_values={"attachment_ids": [Command.set(attachments.ids)]},
                )
                mailed.write({"notice_sent": True})
                # No address to mail: the statutes still want them told, on paper.
                (batch - mailed).write({"notice_by_post": True})
                to_post += len(batch - mailed)
            if to_post:
                assembly.message_post(
                    body=self.env._(
                        "%s member(s) on the roll have no email address: post them the "
                        "notice and the proxy form, then tick them on the roll (filter "
                        "Notice to Post).",
                        to_post,
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    # ------------------------------------------------------------------ portal

    def _coop_portal_values(self, partner):
        """What `partner` sees of this assembly in the portal: called as the system, after
        the controller found the assembly with the member's own rights."""
        self.ensure_one()
        voter = self._coop_voter(partner)
        ballots = (
            self.env["coop.assembly.ballot"].search(
                [("assembly_id", "=", self.id), ("voter_id", "=", voter.id)]
            )
            if voter
            else self.env["coop.assembly.ballot"]
        )
        proxy_given = voter._coop_valid_proxy_given() if voter else voter.proxy_given_ids
        return {
            "assembly": self,
            "partner": partner,
            "voter": voter,
            "ballots": {ballot.resolution_id.id: ballot for ballot in ballots},
            "proxy_given": proxy_given,
            "proxies_held": voter.proxy_held_ids.filtered(lambda p: p.state == "valid"),
            "may_give_proxy": bool(
                voter
                and not proxy_given
                and not ballots
                and not voter.attended
                and not voter.proxy_held_ids.filtered(lambda p: p.state == "valid")
                and self.state in ("convened", "in_session")
                and self.company_id.coop_assembly_max_proxies > 0
            ),
            "documents": self.document_ids | self.proxy_form_id,
        }

    def _coop_portal_voter(self, partner):
        voter = self._coop_voter(partner)
        if not voter:
            raise UserError(
                self.env._(
                    "You are not on the roll of this assembly: only those who were members on "
                    "%s may vote.",
                    self.record_date,
                )
            )
        return voter

    def _coop_portal_vote(self, partner, resolution_id, choice):
        """`partner` votes online on one of this assembly's resolutions."""
        self.ensure_one()
        voter = self._coop_portal_voter(partner)
        resolution = self.resolution_ids.filtered(lambda r: str(r.id) == str(resolution_id or ""))
        if not resolution:
            raise UserError(self.env._("Choose a resolution of this assembly."))
        return resolution._coop_vote_online(voter, choice)

    def _coop_portal_give_proxy(self, partner, holder_number):
        """`partner` gives their proxy to the member whose number they type."""
        self.ensure_one()
        self._coop_portal_voter(partner)
        number = (holder_number or "").strip()
        holder = number and self.env["res.partner"].search(
            [("coop_member_number", "=", number)], limit=1
        )
        if not holder:
            raise UserError(self.env._("No member has the number %s.", number or "-"))
        return self.env["coop.assembly.proxy"].create(
            {
                "assembly_id": self.id,
                "grantor_id": partner.id,
                "holder_id": holder.id,
                "source": "portal",
            }
        )

    def _coop_portal_revoke_proxy(self, partner):
        self.ensure_one()
        voter = self._coop_portal_voter(partner)
        proxy = voter._coop_valid_proxy_given()
        if not proxy:
            raise UserError(self.env._("You have given no proxy."))
        return proxy.action_revoke()
