import base64

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from ..const import OFFICE

LEAVE_TYPES = [
    ("holiday", "Holiday"),
    ("sickness", "Sickness or Incapacity"),
    ("parental", "Parental"),
    ("anticipated", "Anticipated (paid in advance)"),
]
# Which leaves exempt the member (status "exempted") rather than "on leave".
EXEMPTING = {"sickness", "parental"}
# What a member may send as a certificate from the portal.
CERTIFICATE_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
CERTIFICATE_MAX_MB = 10
# A request the members' office has not decided yet: the member may still withdraw it or
# send its certificate, and the office approve or refuse it.
UNDECIDED_STATES = ("draft", "submitted")


class CoopShiftLeave(models.Model):
    """Time off from shifts. Team shifts inside an approved leave carry no penalty."""

    _name = "coop.shift.leave"
    _description = "Shift Leave"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, tracking=True)
    leave_type = fields.Selection(LEAVE_TYPES, required=True, default="holiday", tracking=True)
    date_start = fields.Date(required=True, tracking=True)
    date_end = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Requested"),
            ("approved", "Approved"),
            ("refused", "Refused"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    # Health data: only the members' office reads it; the member sees their own through the
    # portal, which checks the leave is theirs.
    note = fields.Text(groups=OFFICE)
    proof = fields.Binary(string="Certificate", attachment=True, groups=OFFICE)
    proof_filename = fields.Char(groups=OFFICE)
    exempts = fields.Boolean(compute="_compute_exempts")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.depends("leave_type")
    def _compute_exempts(self):
        for leave in self:
            leave.exempts = leave.leave_type in EXEMPTING

    @api.constrains("date_start", "date_end", "state", "leave_type")
    def _check_leave(self):
        for leave in self:
            if leave.date_end < leave.date_start:
                raise ValidationError(self.env._("A leave cannot end before it starts."))
            if leave.leave_type == "parental" and leave.date_end > leave.date_start + relativedelta(
                months=24
            ):
                raise ValidationError(self.env._("A parental leave lasts 24 months at most."))
            if leave.state in ("cancelled", "refused"):
                continue
            clash = self.search(
                [
                    ("id", "!=", leave.id),
                    ("partner_id", "=", leave.partner_id.id),
                    ("state", "not in", ("cancelled", "refused")),
                    ("date_start", "<=", leave.date_end),
                    ("date_end", ">=", leave.date_start),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "This leave overlaps another one, from %(start)s to %(end)s.",
                        start=clash.date_start,
                        end=clash.date_end,
                    )
                )

    def _covering(self, partner, day):
        """The leave among these that covers `day` for `partner`, if any."""
        return self.filtered(
            lambda leave: leave.partner_id == partner and leave.date_start <= day <= leave.date_end
        )[:1]

    def _coop_attach_certificate(self, content, filename=None):
        """The member sends the certificate of their own leave request (the portal has
        checked the leave is theirs); it replaces any earlier one until the leave is decided.
        """
        self.ensure_one()
        if not self._is_undecided():
            raise UserError(
                self.env._(
                    "The leave is already decided: bring any new certificate to the "
                    "members' office."
                )
            )
        if not content:
            raise UserError(self.env._("Choose the certificate file to send."))
        if len(content) > CERTIFICATE_MAX_MB * 1024 * 1024:
            raise UserError(self.env._("A certificate is %s MB at most.", CERTIFICATE_MAX_MB))
        extension = CERTIFICATE_TYPES.get(guess_mimetype(content))
        if not extension:
            raise UserError(self.env._("Send the certificate as a PDF, JPEG or PNG file."))
        name = (filename or "").strip().replace("/", "_").replace("\\", "_")
        self.write(
            {
                "proof": base64.b64encode(content),
                "proof_filename": name or f"certificate.{extension}",
            }
        )
        return True

    def _check_office(self):
        if not self.env["res.users"]._coop_acts_as(OFFICE):
            raise AccessError(
                self.env._("Only the members' office handles leaves; members ask in the portal.")
            )

    def action_submit(self):
        self._check_office()
        if self.filtered(lambda leave: leave.state != "draft"):
            raise UserError(self.env._("Only a draft leave can be requested."))
        self.write({"state": "submitted"})
        return True

    def action_approve(self):
        self._check_office()
        for leave in self:
            if not leave._is_undecided():
                raise UserError(self.env._("Only a requested leave can be approved."))
            if (
                leave.leave_type == "sickness"
                and (leave.date_end - leave.date_start).days >= 15
                and not leave.proof
            ):
                raise UserError(
                    self.env._("A sickness leave of 15 days or more needs a medical certificate.")
                )
        self.write({"state": "approved"})
        self._apply_to_registrations()
        self._send_decision()
        return True

    def _send_decision(self):
        template = self.env.ref(
            "coop_shifts.mail_template_leave_decision", raise_if_not_found=False
        )
        for leave in self.filtered("partner_id.email"):
            if template:
                template.sudo().send_mail(
                    leave.id, email_layout_xmlid="mail.mail_notification_light"
                )

    def action_refuse(self):
        self._check_office()
        if self.filtered(lambda leave: not leave._is_undecided()):
            raise UserError(self.env._("Only a requested leave can be refused."))
        self.write({"state": "refused"})
        self._send_decision()
        return True

    def _cancel_refusal(self):
        """Why the members' office may not cancel this leave; None if it may.

        A request not yet decided may be dropped, and an approved leave until it is over
        (the member comes back early: their shifts from now on are theirs again). A refused
        or cancelled leave, or one that is over, is what happened: it stays as it is.
        """
        self.ensure_one()
        if self._is_undecided():
            return None
        if self.state != "approved":
            return self.env._(
                "Only a leave not yet decided, or approved and not over, can be cancelled."
            )
        if self.date_end < self.company_id._coop_shift_today():
            return self.env._(
                "The leave of %(name)s is over (it ended on %(date)s): it stays on record.",
                name=self.partner_id.name,
                date=self.company_id._coop_format_day(self.date_end),
            )
        return None

    def action_cancel(self):
        self._check_office()
        for leave in self:
            refusal = leave._cancel_refusal()
            if refusal:
                raise UserError(refusal)
        self._cancel()
        return True

    def _cancel(self):
        approved = self.filtered(lambda leave: leave.state == "approved")
        self.write({"state": "cancelled"})
        approved._release_registrations()

    # ------------------------------------------------------------ the member's own requests

    @api.model
    def _coop_request(self, partner, leave_type, date_start, date_end, note=None, certificate=None):
        """`partner` asks for a leave (the portal's form): checked, created and sent to the
        members' office, or refused as a whole. `certificate` is (content, filename).

        A member asks ahead: a leave may not end before the shop's today. The members'
        office may still record a past leave itself.
        """
        if leave_type not in dict(LEAVE_TYPES):
            raise UserError(self.env._("Choose the kind of leave."))
        try:
            first = fields.Date.to_date(date_start or None)
            last = fields.Date.to_date(date_end or None)
        except ValueError:
            first = last = None
        if not first or not last:
            raise UserError(self.env._("Give the first and the last day of the leave."))
        company = partner.company_id or self.env.company
        if last < company._coop_shift_today():
            raise UserError(self.env._("A leave cannot end in the past."))
        # All or nothing: a refused certificate or an overlap leaves no request behind.
        with self.env.cr.savepoint():
            leave = self.create(
                {
                    "partner_id": partner.id,
                    "leave_type": leave_type,
                    "date_start": first,
                    "date_end": last,
                    "note": (note or "").strip() or False,
                    "company_id": company.id,
                }
            )
            if certificate:
                leave._coop_attach_certificate(*certificate)
            leave.action_submit()
        return leave

    def _is_undecided(self):
        """Whether the members' office has not decided this request yet: until then its
        member may withdraw it and send (or replace) its certificate."""
        self.ensure_one()
        return self.state in UNDECIDED_STATES

    def _coop_withdraw(self):
        """The member withdraws their own request (the portal has checked it is theirs)."""
        for leave in self:
            if not leave._is_undecided():
                raise UserError(
                    self.env._(
                        "Only a leave request not yet decided can be withdrawn: for an "
                        "approved leave, see the members' office."
                    )
                )
        self._cancel()
        return True

    def _team_registrations(self):
        now = fields.Datetime.now()
        return self.env["coop.shift.registration"].search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("kind", "=", "team"),
                ("date_start", ">", now),
                ("state", "in", ("planned", "offered", "waived")),
            ]
        )

    def _apply_to_registrations(self):
        """Waive the team shifts the leave covers; an anticipated leave pays for them now."""
        registrations = self._team_registrations()
        Event = self.env["coop.shift.counter.event"]
        for leave in self:
            covered = registrations.filtered(
                lambda r, leave=leave: (
                    r.partner_id == leave.partner_id
                    and leave.date_start <= r.shift_id._coop_local_day() <= leave.date_end
                    and r.state != "waived"
                )
            )
            covered.write({"state": "waived", "leave_id": leave.id})
            if leave.leave_type == "anticipated" and covered:
                Event._create_from_shifts(
                    {
                        "partner_id": leave.partner_id.id,
                        "counter": "standard",
                        "points": -len(covered),
                        "reason": "leave",
                        "note": self.env._("%s team shift(s) paid in advance", len(covered)),
                        "company_id": leave.company_id.id,
                    }
                )

    def _release_registrations(self):
        """Future shifts of cancelled leaves are planned again; what an anticipated leave
        paid for them in advance is given back, since they are to be worked after all."""
        registrations = self.env["coop.shift.registration"].search(
            [
                ("leave_id", "in", self.ids),
                ("state", "=", "waived"),
                ("date_start", ">", fields.Datetime.now()),
            ]
        )
        Event = self.env["coop.shift.counter.event"]
        for leave in self.filtered(lambda leave: leave.leave_type == "anticipated"):
            released = registrations.filtered(lambda r, leave=leave: r.leave_id == leave)
            if released:
                Event._create_from_shifts(
                    {
                        "partner_id": leave.partner_id.id,
                        "counter": "standard",
                        "points": len(released),
                        "reason": "leave",
                        "note": self.env._(
                            "%s team shift(s) paid in advance, given back", len(released)
                        ),
                        "company_id": leave.company_id.id,
                    }
                )
        registrations.write({"state": "planned", "leave_id": False})
