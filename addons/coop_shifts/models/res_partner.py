import base64
import math

from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.coop_membership.cron import in_batches
from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import OFFICE
from ..kernels import rules as shift_rules

SHIFT_STATUSES = [
    ("up_to_date", "Up to Date"),
    ("alert", "Alert"),
    ("delay", "Extension"),
    ("suspended", "Suspended"),
    ("exempted", "Exempted"),
    ("on_leave", "On Leave"),
    ("unsubscribed", "Unsubscribed"),
]

# Set by hand, by the members' office only: they decide what a member owes.
OFFICE_FIELDS = frozenset(
    {
        "coop_shift_mode",
        "coop_shift_unsubscribed",
        "coop_shift_membership_ids",
        "coop_shift_registration_ids",
        "coop_shift_leave_ids",
        "coop_shift_extension_ids",
    }
)
# Kept by the shifts themselves (the points ledger, leaves, extensions, the status mails):
# nobody writes them by hand, a correction goes through the ledger.
SYSTEM_FIELDS = frozenset(
    {
        "coop_shift_event_ids",
        "coop_shift_standard_points",
        "coop_shift_flying_points",
        "coop_shift_alert_since",
        "coop_shift_extension_until",
        "coop_shift_notified_status",
        "coop_shift_team_id",
        "coop_shift_leave_id",
        "coop_shift_status",
        "coop_shift_alert_end",
        # The co-op status itself, which the shifts extend: computed whenever it is read.
        "coop_status",
    }
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_status = fields.Selection(selection_add=SHIFT_STATUSES)
    coop_shift_mode = fields.Selection(
        [("team", "Team"), ("flying", "Flying"), ("exempt", "Exempt")],
        string="Worker Mode",
        default="team",
        copy=False,
        tracking=True,
        help="Team members work their team's slot; flying members one shift per cycle "
        "wherever there is room; exempt members owe nothing.",
    )
    coop_shift_event_ids = fields.One2many("coop.shift.counter.event", "partner_id", readonly=True)
    coop_shift_membership_ids = fields.One2many("coop.shift.team.membership", "partner_id")
    coop_shift_registration_ids = fields.One2many("coop.shift.registration", "partner_id")
    # Leaves say when a member is sick: only the members' office reads them.
    coop_shift_leave_ids = fields.One2many("coop.shift.leave", "partner_id", groups=OFFICE)
    coop_shift_extension_ids = fields.One2many("coop.shift.extension", "partner_id")
    coop_shift_standard_points = fields.Integer(
        string="Standard Counter",
        compute="_compute_coop_shift_counters",
        store=True,
        compute_sudo=True,
    )
    coop_shift_flying_points = fields.Integer(
        string="Flying Counter",
        compute="_compute_coop_shift_counters",
        store=True,
        compute_sudo=True,
    )
    coop_shift_alert_since = fields.Date(
        string="Negative Since",
        compute="_compute_coop_shift_counters",
        store=True,
        compute_sudo=True,
    )
    coop_shift_extension_until = fields.Date(
        string="Extension Until",
        compute="_compute_coop_shift_extension",
        store=True,
        compute_sudo=True,
    )
    coop_shift_notified_status = fields.Char(
        string="Status Last Mailed",
        copy=False,
        help="The last status the member was told about by mail.",
    )
    coop_shift_unsubscribed = fields.Boolean(
        string="Unsubscribed from Shifts", copy=False, tracking=True
    )
    coop_shift_team_id = fields.Many2one(
        "coop.shift.template", string="Team", compute="_compute_coop_shift_now", compute_sudo=True
    )
    coop_shift_leave_id = fields.Many2one(
        "coop.shift.leave",
        string="Current Leave",
        compute="_compute_coop_shift_now",
        compute_sudo=True,
        groups=OFFICE,
    )
    coop_shift_status = fields.Selection(
        SHIFT_STATUSES, string="Shift Status", compute="_compute_coop_shift_now", compute_sudo=True
    )
    coop_shift_alert_end = fields.Date(
        string="Alert Ends", compute="_compute_coop_shift_now", compute_sudo=True
    )

    # ------------------------------------------------------------ stored facts

    @api.depends("coop_shift_event_ids.points", "coop_shift_event_ids.date", "coop_shift_mode")
    def _compute_coop_shift_counters(self):
        rows = self.env["coop.shift.counter.event"].search_read(
            [("partner_id", "in", self.ids)],
            ["partner_id", "counter", "points", "date"],
            order="date, id",
        )
        per_partner = {}
        for row in rows:
            per_partner.setdefault(row["partner_id"][0], []).append(row)
        for partner in self:
            events = per_partner.get(partner.id, [])
            standard = [(r["date"], r["points"]) for r in events if r["counter"] == "standard"]
            flying = [(r["date"], r["points"]) for r in events if r["counter"] == "flying"]
            partner.coop_shift_standard_points = sum(points for _day, points in standard)
            partner.coop_shift_flying_points = sum(points for _day, points in flying)
            judged = flying if partner.coop_shift_mode == "flying" else standard
            partner.coop_shift_alert_since = shift_rules.alert_start(judged)

    @api.depends("coop_shift_extension_ids.date_end")
    def _compute_coop_shift_extension(self):
        for partner in self:
            partner.coop_shift_extension_until = max(
                partner.coop_shift_extension_ids.mapped("date_end"), default=False
            )

    # ------------------------------------------------------------ read-time status

    @api.depends(
        "coop_is_working",
        "coop_shift_mode",
        "coop_shift_standard_points",
        "coop_shift_flying_points",
        "coop_shift_alert_since",
        "coop_shift_extension_until",
        "coop_shift_unsubscribed",
        # Approving a leave or joining a team shows at once, in the same transaction.
        "coop_shift_leave_ids.state",
        "coop_shift_leave_ids.date_start",
        "coop_shift_leave_ids.date_end",
        "coop_shift_leave_ids.leave_type",
        "coop_shift_membership_ids.template_id",
        "coop_shift_membership_ids.date_start",
        "coop_shift_membership_ids.date_end",
    )
    @api.depends_context("company")
    def _compute_coop_shift_now(self):
        """Team, leave and status as of today, in three queries for the whole batch.

        Nothing here is stored: the status is right whenever it is read, even on the
        day an alert ends with no job having run.
        """
        today = shop_today(self)
        leaves = self.env["coop.shift.leave"].search(
            [
                ("partner_id", "in", self.ids),
                ("state", "=", "approved"),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ]
        )
        memberships = self.env["coop.shift.team.membership"].search(
            [
                ("partner_id", "in", self.ids),
                ("date_start", "<=", today),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ]
        )
        leave_of = {leave.partner_id.id: leave for leave in leaves}
        team_of = {m.partner_id.id: m.template_id for m in memberships}
        for partner in self:
            leave = leave_of.get(partner.id, self.env["coop.shift.leave"])
            partner.coop_shift_team_id = team_of.get(partner.id, False)
            partner.coop_shift_leave_id = leave
            if not partner.coop_is_working:
                partner.coop_shift_status = False
                partner.coop_shift_alert_end = False
                continue
            company = partner.company_id or self.env.company
            status, alert_end = shift_rules.shift_status(
                today,
                mode=partner.coop_shift_mode or "team",
                counter=partner._coop_shift_judged_points(),
                alert_since=partner.coop_shift_alert_since,
                extension_until=partner.coop_shift_extension_until,
                on_leave=bool(leave),
                leave_exempts=leave.exempts,
                unsubscribed=partner.coop_shift_unsubscribed,
                alert_days=company.coop_shift_alert_days,
            )
            partner.coop_shift_status = status
            partner.coop_shift_alert_end = alert_end

    def _coop_shift_judged_points(self):
        self.ensure_one()
        if self.coop_shift_mode == "flying":
            return self.coop_shift_flying_points
        return self.coop_shift_standard_points

    # ------------------------------------------------------------ the one rule, extended

    @api.depends(
        "coop_shift_status",
        "coop_shift_alert_end",
        "coop_shift_leave_id",
        "coop_shift_standard_points",
        "coop_shift_flying_points",
    )
    def _compute_coop_status(self):
        # The membership's status, may-shop and reason read the shift facts: they are
        # computed again when those change, not only on the next request.
        return super()._compute_coop_status()

    def _coop_compute_status(self):
        status = super()._coop_compute_status()
        if status == "member" and self.coop_is_working:
            return self.coop_shift_status
        return status

    def _coop_can_shop(self):
        if not super()._coop_can_shop():
            return False
        # The till and the portal ask too: the shift facts are read as the system.
        member = self.sudo()
        if member._coop_shops_on_household():
            return True  # the head's standing, shifts included, was judged by super()
        if not member.coop_is_working:
            return True
        company = member.company_id or self.env.company
        return member.coop_shift_status in company._coop_shift_may_shop_statuses()

    def _coop_status_reason(self):
        # The till and the portal ask too: counters and leaves are read as the system, and
        # only the sentence leaves this method.
        member = self.sudo()
        if not (member.coop_is_working and member.coop_shift_status) or member.coop_blocked:
            return super()._coop_status_reason()
        if member._coop_shops_on_household():
            return super()._coop_status_reason()
        return member._coop_shift_status_reason()

    def _coop_shift_status_reason(self):
        self.ensure_one()
        status = self.coop_shift_status
        owed = self._coop_shift_makeups_owed()
        date = (self.company_id or self.env.company)._coop_format_day
        if status == "up_to_date":
            return self.env._("Up to date with shifts.")
        if status == "alert":
            return self.env._(
                "You owe %(count)s make-up(s); alert ends on %(date)s.",
                count=owed,
                date=date(self.coop_shift_alert_end),
            )
        if status == "delay":
            return self.env._(
                "You owe %(count)s make-up(s); your extension runs until %(date)s.",
                count=owed,
                date=date(self.coop_shift_extension_until),
            )
        if status == "suspended":
            return self.env._(
                "Suspended: you owe %(count)s make-up(s). Do them to shop again.", count=owed
            )
        if status == "on_leave":
            return self.env._("On leave until %s.", date(self.coop_shift_leave_id.date_end))
        if status == "exempted":
            if self.coop_shift_leave_id:
                return self.env._(
                    "Exempted from shifts until %s.", date(self.coop_shift_leave_id.date_end)
                )
            return self.env._("Exempted from shifts.")
        return self.env._(
            "Unsubscribed from shifts after missed shifts: see the members' office to join a team."
        )

    def _coop_shift_makeups_owed(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        per_shift = (
            company.coop_shift_points_flying_attended
            if self.coop_shift_mode == "flying"
            else company.coop_shift_points_makeup
        ) or 1
        return max(0, math.ceil(-self._coop_shift_judged_points() / per_shift))

    # ------------------------------------------------------------ rules after marks

    def _coop_shift_apply_unsubscribe_rules(self):
        """Two team absences in a row, or a counter at the threshold, end team membership."""
        if not self:
            return
        marks = self.env["coop.shift.registration"].search_read(
            [
                ("partner_id", "in", self.ids),
                ("state", "in", ("attended", "absent", "excused")),
            ],
            ["partner_id", "kind", "state"],
            order="date_start, id",
        )
        per_partner = {}
        for mark in marks:
            per_partner.setdefault(mark["partner_id"][0], []).append((mark["kind"], mark["state"]))
        today = shop_today(self)
        for partner in self.filtered(lambda p: not p.coop_shift_unsubscribed):
            company = partner.company_id or self.env.company
            absences = shift_rules.consecutive_team_absences(per_partner.get(partner.id, []))
            if not shift_rules.should_unsubscribe(
                partner._coop_shift_judged_points(), absences, company._coop_point_rules()
            ):
                continue
            current = partner.coop_shift_membership_ids.filtered(
                lambda m: not m.date_end or m.date_end >= today
            )
            current.filtered(lambda m: m.date_start > today).unlink()
            current.filtered(lambda m: m.date_start <= today).write({"date_end": today})
            partner.coop_shift_unsubscribed = True
            partner.message_post(
                body=self.env._("Unsubscribed from shifts after missed shifts."),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _cron_coop_shift_status_mails(self, batch_size=1000):
        """Tell members when they go into alert, are suspended, or are up to date again."""
        template = self.env.ref("coop_shifts.mail_template_shift_status", raise_if_not_found=False)
        members = self.search(
            [("coop_is_working", "=", True), ("coop_membership_state", "=", "member")]
        )
        worth_a_mail = {"alert", "suspended"}
        # The status told is written in the batch that queues the mail: a rerun after an
        # interruption mails nobody twice.
        for batch in in_batches(members, batch_size):
            for partner in batch:
                status = partner.coop_shift_status
                told = partner.coop_shift_notified_status
                if status == told:
                    continue
                back_to_normal = status == "up_to_date" and told in worth_a_mail
                if template and partner.email and (status in worth_a_mail or back_to_normal):
                    template.send_mail(
                        partner.id, email_layout_xmlid="mail.mail_notification_light"
                    )
                partner.sudo().coop_shift_notified_status = status

    # ------------------------------------------------------------ who changes what

    @api.model
    def _coop_guarded_fields(self):
        # What a member owes is for the members' office; what follows from the shifts
        # (the points ledger, leaves, extensions, the status mails) for nobody by hand.
        return {
            **super()._coop_guarded_fields(),
            **dict.fromkeys(OFFICE_FIELDS, OFFICE),
            **dict.fromkeys(SYSTEM_FIELDS),
        }

    # ------------------------------------------------------------ self-service

    def action_coop_shift_take_grace(self):
        """The member's own one-off grace; the members' office may give it to anyone."""
        self.ensure_one()
        self._coop_shift_check_own(
            self.env._("A member takes their own grace only: see the members' office.")
        )
        self.env["coop.shift.extension"]._take_grace(self.sudo())
        return True

    def _coop_shift_check_own(self, message):
        """Refuse a self-service action on someone else, unless the members' office acts."""
        if self.env["res.users"]._coop_acts_as(OFFICE):
            return
        me = self.env.user.partner_id.commercial_partner_id
        if self != me:
            raise AccessError(message)

    # ------------------------------------------------------------ data rights

    def _coop_erase_hook(self):
        # Leave notes and certificates are health data: they go. The leaves themselves,
        # the registrations and the points ledger stay, as the history of the work done.
        erased = super()._coop_erase_hook()
        leaves = self.env["coop.shift.leave"].search([("partner_id", "=", self.id)])
        if leaves:
            leaves.write({"note": False, "proof": False, "proof_filename": False})
            self.env["mail.message"].search(
                [("model", "=", "coop.shift.leave"), ("res_id", "in", leaves.ids)]
            ).unlink()
            self.env["ir.attachment"].search(
                [("res_model", "=", "coop.shift.leave"), ("res_id", "in", leaves.ids)]
            ).unlink()
            erased.append("leave notes and certificates")
        return erased

    def _coop_personal_data_export(self):
        data = super()._coop_personal_data_export()
        partner = self.sudo()
        registrations = (
            self.env["coop.shift.registration"]
            .sudo()
            .search([("partner_id", "=", partner.id)], order="date_start, id")
        )
        events = (
            self.env["coop.shift.counter.event"]
            .sudo()
            .search([("partner_id", "=", partner.id)], order="date, id")
        )
        leaves = (
            self.env["coop.shift.leave"]
            .sudo()
            .search([("partner_id", "=", partner.id)], order="date_start, id")
        )
        data["shifts"] = {
            "mode": partner.coop_shift_mode or "",
            "registrations": [
                {
                    "shift": registration.shift_id.display_name,
                    "start": registration.date_start,
                    "kind": registration.kind,
                    "state": registration.state,
                    "task": registration.shift_type_id.name or "",
                }
                for registration in registrations
            ],
            "points": [
                {
                    "date": event.date,
                    "counter": event.counter,
                    "points": event.points,
                    "reason": event.reason,
                    "note": event.note or "",
                }
                for event in events
            ],
            "leaves": [
                {
                    "type": leave.leave_type,
                    "start": leave.date_start,
                    "end": leave.date_end,
                    "state": leave.state,
                    "note": leave.note or "",
                    "certificate": leave.proof_filename or "",
                }
                for leave in leaves
            ],
        }
        return data

    def _coop_personal_data_files(self):
        files = super()._coop_personal_data_files()
        leaves = (
            self.env["coop.shift.leave"]
            .sudo()
            .search([("partner_id", "=", self.id), ("proof", "!=", False)], order="date_start, id")
        )
        for leave in leaves:
            name = (leave.proof_filename or "certificate").replace("/", "_").replace("\\", "_")
            files.append(
                (
                    f"certificates/{leave.date_start}-{leave.id}-{name}",
                    base64.b64decode(leave.proof),
                )
            )
        return files
