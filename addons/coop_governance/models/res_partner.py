from odoo import api, models

from odoo.addons.coop_shifts.const import OFF_SHEET_STATES

from ..const import ONBOARDING_PLAN, ONBOARDING_STEPS, STEP_CARD, STEP_FIRST_SHIFT, STEP_TRAINING


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_after_share_movement(self):
        """Working groups are for members: whoever no longer holds shares leaves theirs
        (and their chats) on the day, their past stays kept."""
        res = super()._coop_after_share_movement()
        gone = self.filtered(lambda p: p.coop_membership_state != "member")
        if gone:
            stays = (
                self.env["coop.working.group.membership"]
                .sudo()
                .search([("partner_id", "in", gone.ids), ("date_end", "=", False)])
            )
            stays._coop_close()
        return res

    # ---------------------------------------------------------------- information meetings

    def _coop_info_session_attended(self):
        """Whether this person has attended an information meeting (see the registration's
        rule); read as the system, as it decides only whether a request may go ahead."""
        self.ensure_one()
        Registration = self.env["event.registration"].sudo()
        return bool(
            Registration.search_count(Registration._coop_info_attended_domain(self), limit=1)
        )

    # ---------------------------------------------------------------- onboarding

    def _coop_welcome_new_members(self):
        res = super()._coop_welcome_new_members()
        self._coop_onboarding_launch()
        return res

    def _coop_onboarding_steps(self):
        """{step xmlid: its activity type}, in the plan's order, for the steps still
        installed; from the cached xmlids, without a query per step."""
        IrModelData = self.env["ir.model.data"]
        steps = {}
        for xmlid in ONBOARDING_STEPS:
            type_id = IrModelData._xmlid_to_res_id(xmlid, raise_if_not_found=False)
            if type_id:
                steps[xmlid] = self.env["mail.activity.type"].browse(type_id)
        return steps

    def _coop_onboarding_step_types(self):
        """The onboarding steps' activity types."""
        return self.env["mail.activity.type"].union(*self._coop_onboarding_steps().values())

    def _coop_onboarding_activities(self, open_only=True):
        types = self._coop_onboarding_step_types()
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(active_test=open_only)
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "in", types.ids),
                ]
            )
        )

    def _coop_onboarding_launch(self):
        """Start the "Member onboarding" plan (Odoo's activity plan, which the co-op may
        change or archive) for these new members, once per person: whoever already has
        its steps, open or done, is left alone."""
        # Read as the system: whoever registered the payment (or the online payment's
        # public user) started the plan, not its maintainer.
        plan = (self.env.ref(ONBOARDING_PLAN, raise_if_not_found=False) or self.browse()).sudo()
        if not self or not plan or not plan.active or not plan.template_ids:
            return
        started = set(self._coop_onboarding_activities(open_only=False).mapped("res_id"))
        partners = self.filtered(lambda p: p.id not in started)
        if not partners:
            return
        # The plan's steps as Odoo's "Launch plan" schedules them, without its wizard; the
        # office is told by its activity list, not by a mail per new member.
        on_demand = self.env.ref("base.user_admin", raise_if_not_found=False)
        for partner in partners.sudo().with_context(mail_activity_quick_update=True):
            for template in plan.template_ids.sorted("sequence"):
                responsible = template._determine_responsible(on_demand, partner)["responsible"]
                partner.activity_schedule(
                    activity_type_id=template.activity_type_id.id,
                    summary=template.summary,
                    note=template.note,
                    user_id=responsible.id,
                    date_deadline=template._get_date_deadline(),
                )

    def _coop_onboarding_sync(self, activities=None):
        """Mark done the steps these people have taken by themselves: a first shift booked
        (any live shift registration of theirs). Checked when the member reads their page,
        and daily for everyone. Returns the onboarding activities still open."""
        if activities is None:
            activities = self._coop_onboarding_activities()
        first_shift = self.env.ref(STEP_FIRST_SHIFT, raise_if_not_found=False)
        steps = activities.filtered(lambda a: a.activity_type_id == first_shift)
        if not steps:
            return activities
        booked = set(
            self.env["coop.shift.registration"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", steps.mapped("res_id")),
                    ("state", "not in", OFF_SHEET_STATES),
                ]
            )
            .mapped("partner_id")
            .ids
        )
        done = steps.filtered(lambda a: a.res_id in booked)
        if done:
            done.action_feedback(feedback=self.env._("A first shift was booked."))
        return activities - done

    @api.model
    def _cron_coop_onboarding_sync(self):
        """Cron: the office's activity list shows who is really stuck at the first shift."""
        first_shift = self.env.ref(STEP_FIRST_SHIFT, raise_if_not_found=False)
        if not first_shift:
            return
        steps = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", "res.partner"), ("activity_type_id", "=", first_shift.id)])
        )
        self.browse(list(set(steps.mapped("res_id"))))._coop_onboarding_sync(steps)

    def _coop_onboarding_next_step(self):
        """The member's next onboarding step, as they read it in the portal ("" once every
        step is done, or for someone the plan never started for). A first shift booked
        since is marked done first. Read in a query or two: it is on every member's page."""
        self.ensure_one()
        steps = self._coop_onboarding_steps()
        types = self.env["mail.activity.type"].union(*steps.values())
        groups = (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.id),
                    ("activity_type_id", "in", types.ids),
                ],
                ["activity_type_id"],
            )
        )
        open_types = self.env["mail.activity.type"].union(*(group[0] for group in groups))
        first_shift = steps.get(STEP_FIRST_SHIFT)
        if first_shift and first_shift in open_types and self._coop_first_shift_booked():
            self._coop_onboarding_sync()
            open_types -= first_shift
        labels = {
            STEP_CARD: self.env._("collect your member card at the members' office"),
            STEP_FIRST_SHIFT: self.env._("book your first shift"),
            STEP_TRAINING: self.env._("come to your training shift"),
        }
        for xmlid, step_type in steps.items():
            if step_type in open_types:
                return labels[xmlid]
        return ""

    def _coop_first_shift_booked(self):
        self.ensure_one()
        return bool(
            self.env["coop.shift.registration"]
            .sudo()
            .search_count(
                [("partner_id", "=", self.id), ("state", "not in", OFF_SHEET_STATES)], limit=1
            )
        )
