from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.coop_membership.models.res_company import shop_today


class CoopWorkingGroupMembership(models.Model):
    """One stay of a member in a working group: the day they joined, the day they left."""

    _name = "coop.working.group.membership"
    _description = "Working Group Membership"
    _order = "date_end desc, role, date_start desc, id desc"
    _rec_name = "partner_id"

    group_id = fields.Many2one(
        "coop.working.group", string="Working Group", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('coop_membership_state', '=', 'member')]",
    )
    role = fields.Selection(
        [("lead", "Lead"), ("member", "Member")], required=True, default="member"
    )
    date_start = fields.Date(string="Joined", required=True, default=shop_today)
    date_end = fields.Date(string="Left", readonly=True, copy=False)
    is_current = fields.Boolean(string="Current", compute="_compute_is_current", store=True)
    company_id = fields.Many2one(related="group_id.company_id", store=True, index=True)

    @api.depends("date_end")
    def _compute_is_current(self):
        for membership in self:
            membership.is_current = not membership.date_end

    @api.constrains("partner_id", "group_id", "date_end")
    def _check_one_current_stay(self):
        for membership in self.filtered("is_current"):
            others = self.search_count(
                [
                    ("group_id", "=", membership.group_id.id),
                    ("partner_id", "=", membership.partner_id.id),
                    ("id", "!=", membership.id),
                    ("date_end", "=", False),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(name)s is already in %(group)s.",
                        name=membership.partner_id.name,
                        group=membership.group_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        memberships = super().create(vals_list)
        for membership in memberships:
            # The co-op's own rule, as when joining from the portal.
            if membership.partner_id.sudo().coop_membership_state != "member":
                raise ValidationError(
                    self.env._(
                        "Only members of the co-op may join a working group: %s holds no shares.",
                        membership.partner_id.sudo().name,
                    )
                )
        memberships.group_id._coop_sync_channel()
        memberships.group_id._coop_sync_meetings()
        return memberships

    def write(self, vals):
        if {"group_id", "partner_id", "date_start"} & set(vals) and not self.env.su:
            self.check_access("write")
            raise UserError(
                self.env._("A stay in a working group is not moved: close it and add another.")
            )
        res = super().write(vals)
        if "date_end" in vals:
            self.group_id._coop_sync_channel()
            self.group_id._coop_sync_meetings()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_mistakes(self):
        if self.filtered("date_end") and not self.env.su:
            raise UserError(
                self.env._("A past stay in a working group is history: it is not deleted.")
            )

    def unlink(self):
        groups = self.group_id
        res = super().unlink()
        groups._coop_sync_channel()
        groups._coop_sync_meetings()
        return res

    def _coop_close(self):
        """The member leaves today; the line stays as the record of their stay."""
        self.sudo().write({"date_end": shop_today(self)})

    def action_coop_leave(self):
        """The back office's button: the same rule as the portal's, asked as the caller (the
        stays are read as the system: a lead may not read other members' stays)."""
        Group = self.env["coop.working.group"]
        for membership in self.sudo():
            Group.browse(membership.group_id.id)._coop_leave(membership.partner_id)
