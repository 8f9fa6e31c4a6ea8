import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.coop_membership.models.res_company import shop_today
from odoo.addons.coop_shifts.kernels import rules as shift_rules

# Written by confirmation only, never by hand: they are what the member is credited.
CONFIRMATION_FIELDS = ("state", "hours_credited", "points", "counter_event_id")


class CoopWorkingGroupHours(models.Model):
    """Hours a member worked for a working group whose hours count as shift work.

    Confirming them credits the member's shift counter through coop_shifts' own ledger,
    within the co-op's cap of hours per cycle; the part over the cap is kept, not credited.
    """

    _name = "coop.working.group.hours"
    _description = "Working Group Hours"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    group_id = fields.Many2one(
        "coop.working.group",
        string="Working Group",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('hours_count_as_work', '=', True)]",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, index=True, ondelete="restrict"
    )
    date = fields.Date(required=True, default=shop_today, index=True)
    hours = fields.Float(required=True)
    note = fields.Char()
    state = fields.Selection(
        [("draft", "To Confirm"), ("confirmed", "Confirmed")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    hours_credited = fields.Float(readonly=True, copy=False, groups="base.group_user")
    points = fields.Integer(
        string="Shifts Credited", readonly=True, copy=False, groups="base.group_user"
    )
    counter_event_id = fields.Many2one(
        "coop.shift.counter.event",
        string="Points Movement",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    company_id = fields.Many2one(related="group_id.company_id", store=True, index=True)

    @api.constrains("hours")
    def _check_hours(self):
        for entry in self:
            if entry.hours <= 0 or entry.hours > 24:
                raise ValidationError(self.env._("Hours worked on a day are between 0 and 24."))

    @api.constrains("group_id", "partner_id", "date")
    def _check_member_of_group(self):
        for entry in self:
            if not entry.group_id.sudo().hours_count_as_work:
                raise ValidationError(
                    self.env._(
                        "Hours in %s do not count as shift work.", entry.group_id.sudo().name
                    )
                )
            stays = (
                self.env["coop.working.group.membership"]
                .sudo()
                .search_count(
                    [
                        ("group_id", "=", entry.group_id.id),
                        ("partner_id", "=", entry.partner_id.id),
                        ("date_start", "<=", entry.date),
                        "|",
                        ("date_end", "=", False),
                        ("date_end", ">=", entry.date),
                    ]
                )
            )
            if not stays:
                raise ValidationError(
                    self.env._(
                        "%(name)s was not in %(group)s on that day.",
                        name=entry.partner_id.sudo().name,
                        group=entry.group_id.sudo().name,
                    )
                )

    # ------------------------------------------------------------ who records, who confirms

    def _coop_check_may_record(self):
        """Who may record and confirm these entries: the group's rule, asked in the caller's
        own environment (the entries are read as the system: a portal lead may not read
        other members' hours)."""
        Group = self.env["coop.working.group"]
        for entry in self.sudo():
            Group.browse(entry.group_id.id)._coop_check_may_record_hours(entry.partner_id)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if set(CONFIRMATION_FIELDS) & set(vals):
                    raise AccessError(self.env._("Hours are credited by confirming them."))
        entries = super().create(vals_list)
        if not self.env.su:
            entries._coop_check_may_record()
        return entries

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            if set(CONFIRMATION_FIELDS) & set(vals):
                raise AccessError(self.env._("Hours are credited by confirming them."))
            if self.filtered(lambda e: e.sudo().state == "confirmed") and set(vals) - {"note"}:
                raise UserError(self.env._("Confirmed hours are credited: they are not changed."))
            self._coop_check_may_record()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_draft_only(self):
        if self.filtered(lambda e: e.sudo().state == "confirmed"):
            raise UserError(self.env._("Confirmed hours are credited: they are not deleted."))

    # ------------------------------------------------------------ crediting

    def _coop_credited_in_cycle(self, start, end):
        """Hours already credited to this entry's member in the cycle [start, end]."""
        self.ensure_one()
        done = self.sudo().search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("state", "=", "confirmed"),
                ("date", ">=", start),
                ("date", "<=", end),
                ("company_id", "=", self.company_id.id),
            ]
        )
        return sum(done.mapped("hours_credited"))

    def _coop_credit(self):
        """(hours credited, points) this entry is worth, given what the cycle already holds.

        Counters count shifts: credited hours are turned into whole shifts of the company's
        length, counted on the cycle's running total so that 2 h + 1 h make one 3 h shift.
        """
        self.ensure_one()
        company = self.company_id.sudo()
        start, end = company._coop_group_cycle(self.date)
        before = self._coop_credited_in_cycle(start, end)
        credited = max(0.0, min(self.hours, company.coop_group_hours_cap - before))
        per_shift = company.coop_group_hours_per_shift
        # Rounded first: 0.1 + 0.2 hours must not fall short of 0.3 by a float's error.
        shifts_before = math.floor(round(before / per_shift, 6))
        shifts_after = math.floor(round((before + credited) / per_shift, 6))
        return credited, shifts_after - shifts_before

    def action_confirm(self):
        """Credit the hours: a points movement in coop_shifts' ledger, in this transaction,
        so the member's shift status (and whether they may shop) follows at once."""
        self._coop_check_may_record()
        Event = self.env["coop.shift.counter.event"]
        for entry in self.sudo().sorted(lambda e: (e.date, e.id)):
            if entry.state != "draft":
                raise UserError(self.env._("These hours are already confirmed."))
            credited, shifts = entry._coop_credit()
            if credited <= 0:
                raise ValidationError(
                    self.env._(
                        "%(name)s already has the %(cap)s hours that count as shift work in "
                        "this cycle: these hours are not credited.",
                        name=entry.partner_id.name,
                        cap=entry.company_id.coop_group_hours_cap,
                    )
                )
            partner = entry.partner_id
            counter = "flying" if partner.coop_shift_mode == "flying" else "standard"
            if counter == "standard":
                # As for a make-up shift: the standard counter is never brought above zero.
                shifts = shift_rules.capped_standard_delta(
                    partner.coop_shift_standard_points, shifts
                )
            event = Event
            if shifts:
                event = Event._create_from_shifts(
                    [
                        {
                            "partner_id": partner.id,
                            "counter": counter,
                            "points": shifts,
                            "date": entry.date,
                            "reason": "working_group",
                            "coop_working_group_hours_id": entry.id,
                            "company_id": entry.company_id.id,
                            "note": entry.group_id.name,
                        }
                    ]
                )
            entry.write(
                {
                    "state": "confirmed",
                    "hours_credited": credited,
                    "points": shifts,
                    "counter_event_id": event.id,
                }
            )
            entry._coop_tell_member()
        return True

    def _coop_tell_member(self):
        """A note to the member (and whoever follows the entry) of what was credited."""
        self.ensure_one()
        if self.hours_credited < self.hours:
            body = self.env._(
                "%(credited)s of %(hours)s hours in %(group)s count as shift work: the cap of "
                "%(cap)s hours per cycle is reached, the rest is not credited.",
                credited=self.hours_credited,
                hours=self.hours,
                group=self.group_id.name,
                cap=self.company_id.coop_group_hours_cap,
            )
        else:
            body = self.env._(
                "%(hours)s hours in %(group)s count as shift work.",
                hours=self.hours,
                group=self.group_id.name,
            )
        self.message_post(body=body, partner_ids=self.partner_id.ids)
