from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..const import OFFICE


class CoopShiftSwap(models.Model):
    """A member hands one of their future shifts to another member.

    Two forms:

    * an **open offer** (``kind='offer'``): the giver offers a planned registration, which
      becomes *offered*; any eligible member may take it until the deadline;
    * a **direct exchange** (``kind='exchange'``): the giver's registration against the
      taker's; it happens only once both have accepted (proposing counts as the giver's
      acceptance).

    What is fair, and how points follow:

    * One shift of work discharges exactly one obligation. The giver's registration ends
      *swapped*: it is never marked, so it carries no penalty and no credit. The taker gets
      a new registration on the same shift.
    * A **team** shift is a duty. Whoever takes it takes the duty with it: the taker's new
      registration is of kind *team*, so attending is worth what a team shift is worth (0)
      and missing it costs what missing a team shift costs. The taker gains no make-up
      credit: the work covers the giver's duty, not a debt of the taker's. Only team
      members, whose standard counter carries team duties, can take one.
    * A **make-up** or **flying** booking is not a duty but a voluntary shift. Handing it
      over is the giver cancelling it and the taker booking it: the taker gets their own
      kind of booking (make-up for a team member, flying for a flying member), earns the
      credit by working it, and the usual booking limits apply.
    * In an **exchange**, each person keeps their own kind: the giver's duty (or booking)
      moves to the taker's shift and the other way round, so both counters are exactly as
      if each had worked their own shift.

    Deadline: the company's ``coop_shift_cancel_hours`` before the shift (before each of the
    two shifts for an exchange). Swaps are never deleted: they stay as history with their
    final state (open, taken, cancelled, expired).
    """

    _name = "coop.shift.swap"
    _description = "Shift Swap"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    kind = fields.Selection(
        [("offer", "Open Offer"), ("exchange", "Direct Exchange")],
        required=True,
        default="offer",
        readonly=True,
    )
    state = fields.Selection(
        [
            ("open", "Open"),
            ("taken", "Taken"),
            ("cancelled", "Cancelled"),
            ("expired", "Expired"),
        ],
        default="open",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Offered By", required=True, index=True, ondelete="restrict"
    )
    registration_id = fields.Many2one(
        "coop.shift.registration",
        string="Offered Shift",
        required=True,
        index=True,
        ondelete="restrict",
    )
    shift_id = fields.Many2one(related="registration_id.shift_id", store=True, index=True)
    date_start = fields.Datetime(related="registration_id.date_start", store=True)
    company_id = fields.Many2one(related="registration_id.company_id", store=True)
    taker_id = fields.Many2one(
        "res.partner",
        string="Taken By",
        index="btree_not_null",
        ondelete="restrict",
        help="Who took the offer; for an exchange, the member it is proposed to.",
    )
    target_registration_id = fields.Many2one(
        "coop.shift.registration",
        string="Shift Given in Return",
        index="btree_not_null",
        ondelete="restrict",
        help="For an exchange: the taker's shift, which the giver works instead.",
    )
    target_shift_id = fields.Many2one(
        related="target_registration_id.shift_id", string="Shift in Return"
    )
    taker_registration_id = fields.Many2one(
        "coop.shift.registration", string="Taker's New Registration", readonly=True
    )
    giver_registration_id = fields.Many2one(
        "coop.shift.registration", string="Giver's New Registration", readonly=True
    )
    giver_accepted = fields.Boolean(readonly=True)
    taker_accepted = fields.Boolean(readonly=True)
    date_done = fields.Datetime(string="Closed On", readonly=True)
    note = fields.Char()

    def init(self):
        # A registration is in at most one open swap at a time.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS coop_shift_swap_one_open_per_registration
                ON coop_shift_swap (registration_id)
             WHERE state = 'open'
            """
        )

    @api.depends("kind", "shift_id.display_name", "target_shift_id.display_name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for swap in self:
            if swap.kind == "exchange" and swap.target_shift_id:
                swap.display_name = (
                    f"{swap.shift_id.display_name} ⇄ {swap.target_shift_id.display_name}"
                )
            else:
                swap.display_name = swap.shift_id.display_name or ""

    @api.constrains("partner_id", "registration_id", "kind", "target_registration_id", "taker_id")
    def _check_swap(self):
        for swap in self:
            if swap.registration_id.partner_id != swap.partner_id:
                raise ValidationError(self.env._("Only the person on a shift can offer it."))
            if swap.taker_id and swap.taker_id == swap.partner_id:
                raise ValidationError(self.env._("You cannot take your own offer."))
            if swap.kind == "exchange":
                target = swap.target_registration_id
                if not target or target.partner_id != swap.taker_id:
                    raise ValidationError(
                        self.env._("An exchange is between two people's own shifts.")
                    )
                if target.shift_id == swap.shift_id:
                    raise ValidationError(self.env._("An exchange needs two different shifts."))
            elif swap.target_registration_id:
                raise ValidationError(self.env._("An open offer asks for nothing in return."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if self:
            raise UserError(self.env._("A swap is kept as history: cancel it instead."))

    # ------------------------------------------------------------ rules

    def _deadline(self):
        self.ensure_one()
        return min(
            (self.registration_id | self.target_registration_id).mapped(
                lambda registration: registration._cancel_deadline()
            )
        )

    @api.model
    def _check_in_time(self, registration):
        refusal = registration._in_time_refusal()
        if refusal:
            raise UserError(refusal)

    @api.model
    def _check_swappable(self, registration, partner, states=("planned",)):
        """`registration` is `partner`'s, still to come, and free to be swapped."""
        if registration.partner_id != partner:
            raise UserError(self.env._("This shift is not yours."))
        refusal = registration._swap_refusal(states)
        if refusal:
            raise UserError(refusal)

    @api.model
    def _check_taker_eligible(self, partner):
        """Whether `partner` may take over somebody's shift at all."""
        if not partner.coop_is_working:
            raise UserError(self.env._("Only working members can take over a shift."))
        if partner.coop_shift_unsubscribed:
            raise UserError(
                self.env._("You are unsubscribed from shifts: see the members' office first.")
            )
        if partner.coop_shift_mode == "exempt":
            raise UserError(self.env._("Exempt members owe no shifts and cannot take one over."))

    @api.model
    def _kind_for_taker(self, registration, partner):
        """The kind of the taker's new registration (see the class docstring)."""
        if registration.kind == "team":
            if partner.coop_shift_mode != "team":
                raise UserError(
                    self.env._(
                        "A team shift stays a team duty when it changes hands: only a team "
                        "member can take it."
                    )
                )
            return "team"
        return self.env["coop.shift.registration"]._coop_booking_kind(partner)

    @api.model
    def _coop_takeable_domain(self, partner):
        """Open offers of other members that `partner` could take now: in time, and on a
        shift they are not on already. Whether they may take one at all is asked on taking."""
        company = partner.company_id or self.env.company
        Registration = self.env["coop.shift.registration"]
        return [
            ("company_id", "=", company.id),
            ("kind", "=", "offer"),
            ("state", "=", "open"),
            ("partner_id", "!=", partner.id),
            *Registration._coop_in_time_domain(company),
            ("shift_id.registration_ids", "not any", Registration._coop_on_shift_domain(partner)),
        ]

    def _lock(self):
        """Serialise takers: the second of two people taking one offer sees it taken."""
        self.flush_recordset()
        self.env.cr.execute(
            "SELECT id FROM coop_shift_swap WHERE id IN %s FOR UPDATE", [tuple(self.ids)]
        )
        self.invalidate_recordset()

    # ------------------------------------------------------------ member actions

    @api.model
    def _offer(self, registration, note=None):
        """The giver offers one of their planned shifts to anyone eligible."""
        partner = registration.partner_id
        self._check_swappable(registration, partner)
        registration.state = "offered"
        return self.create(
            {
                "kind": "offer",
                "partner_id": partner.id,
                "registration_id": registration.id,
                "giver_accepted": True,
                "note": note,
            }
        )

    @api.model
    def _propose_exchange(self, registration, target_registration, note=None):
        """The giver proposes their shift against the taker's; the taker must accept."""
        partner = registration.partner_id
        taker = target_registration.partner_id
        if taker == partner:
            raise UserError(self.env._("You cannot take your own offer."))
        # Each of them takes over the other's shift.
        self._check_taker_eligible(partner)
        self._check_swappable(registration, partner)
        self._check_swappable(target_registration, taker, states=("planned", "offered"))
        Registration = self.env["coop.shift.registration"]
        Registration._check_not_on_shift(target_registration.shift_id, partner)
        Registration._check_not_on_shift(registration.shift_id, taker, anonymous=True)
        self._check_taker_eligible(taker)
        registration.state = "offered"
        swap = self.create(
            {
                "kind": "exchange",
                "partner_id": partner.id,
                "registration_id": registration.id,
                "taker_id": taker.id,
                "target_registration_id": target_registration.id,
                "giver_accepted": True,
                "note": note,
            }
        )
        swap._send("coop_shifts.mail_template_swap_proposed", swap.taker_id)
        return swap

    def _take(self, partner):
        """`partner` takes this open offer: the giver is released, the taker is on the shift."""
        self.ensure_one()
        self._lock()
        if self.kind != "offer" or self.state != "open":
            raise UserError(self.env._("This offer is no longer open."))
        if partner == self.partner_id:
            raise UserError(self.env._("You cannot take your own offer."))
        registration = self.registration_id
        if registration.state != "offered":
            raise UserError(self.env._("This offer is no longer open."))
        self._check_in_time(registration)
        self._check_taker_eligible(partner)
        kind = self._kind_for_taker(registration, partner)
        shift = registration.shift_id
        shift._lock_for_booking()
        Registration = self.env["coop.shift.registration"]
        Registration._check_not_on_shift(shift, partner)
        if kind != "team":
            Registration._check_booking_limits(shift, partner)
        registration.state = "swapped"
        new = Registration.create({"shift_id": shift.id, "partner_id": partner.id, "kind": kind})
        self.write(
            {
                "state": "taken",
                "taker_id": partner.id,
                "taker_accepted": True,
                "taker_registration_id": new.id,
                "date_done": fields.Datetime.now(),
            }
        )
        self._close_others(registration)
        self._notify_done()
        return new

    def _accept(self, partner):
        """One side of an exchange accepts; once both have, the shifts change hands."""
        self.ensure_one()
        self._lock()
        if self.kind != "exchange" or self.state != "open":
            raise UserError(self.env._("This exchange is no longer open."))
        if partner == self.partner_id:
            self.giver_accepted = True
        elif partner == self.taker_id:
            self.taker_accepted = True
        else:
            raise UserError(self.env._("This exchange is not addressed to you."))
        if self.giver_accepted and self.taker_accepted:
            self._execute_exchange()
        return True

    def _execute_exchange(self):
        self.ensure_one()
        giver, taker = self.partner_id, self.taker_id
        given, received = self.registration_id, self.target_registration_id
        if given.state != "offered" or received.state not in ("planned", "offered"):
            raise UserError(self.env._("This exchange is no longer possible."))
        self._check_in_time(given)
        self._check_in_time(received)
        self._check_taker_eligible(taker)
        (given.shift_id | received.shift_id)._lock_for_booking()
        Registration = self.env["coop.shift.registration"]
        Registration._check_not_on_shift(received.shift_id, giver, anonymous=True)
        Registration._check_not_on_shift(given.shift_id, taker, anonymous=True)
        (given | received).write({"state": "swapped"})
        if given.kind != "team":
            Registration._check_booking_limits(received.shift_id, giver)
        if received.kind != "team":
            Registration._check_booking_limits(given.shift_id, taker)
        giver_new = Registration.create(
            {"shift_id": received.shift_id.id, "partner_id": giver.id, "kind": given.kind}
        )
        taker_new = Registration.create(
            {"shift_id": given.shift_id.id, "partner_id": taker.id, "kind": received.kind}
        )
        self.write(
            {
                "state": "taken",
                "giver_registration_id": giver_new.id,
                "taker_registration_id": taker_new.id,
                "date_done": fields.Datetime.now(),
            }
        )
        self._close_others(given | received)
        self._notify_done()

    def _cancel_by(self, partner):
        """The giver withdraws, or the person an exchange is proposed to declines."""
        for swap in self:
            allowed = swap.partner_id
            if swap.kind == "exchange":
                allowed |= swap.taker_id
            if partner not in allowed:
                raise UserError(self.env._("This swap is not yours."))
        return self._cancel()

    def action_cancel(self):
        """The members' office cancels swaps; members withdraw or decline their own in the
        portal, through `_cancel_by`."""
        if not self.env["res.users"]._coop_acts_as(OFFICE):
            raise AccessError(self.env._("Only the members' office cancels swaps."))
        return self._cancel()

    def _cancel(self):
        if self.filtered(lambda swap: swap.state != "open"):
            raise UserError(self.env._("Only an open swap can be cancelled."))
        self._close("cancelled")
        return True

    # ------------------------------------------------------------ closing

    def _close(self, state):
        """Close open swaps; their offered registrations go back to planned."""
        self.write({"state": state, "date_done": fields.Datetime.now()})
        still_open = self.search(
            [("state", "=", "open"), ("registration_id", "in", self.registration_id.ids)]
        ).registration_id
        (self.registration_id - still_open).filtered(lambda r: r.state == "offered").write(
            {"state": "planned"}
        )

    def _close_others(self, registrations):
        """Other open swaps about registrations that have just changed hands are moot."""
        others = self.search(
            [
                ("id", "not in", self.ids),
                ("state", "=", "open"),
                "|",
                ("registration_id", "in", registrations.ids),
                ("target_registration_id", "in", registrations.ids),
            ]
        )
        others._close("cancelled")

    @api.model
    def _cron_expire_swaps(self):
        """Open swaps past their deadline expire; the giver keeps the shift as planned.

        Swaps whose shift moved on without them (a leave waived it, a closure cancelled it,
        the sheet was marked) are cancelled. Safe to run any number of times.
        """
        now = fields.Datetime.now()
        swaps = self.search([("state", "=", "open")])
        moot = swaps.filtered(
            lambda s: (
                s.registration_id.state != "offered"
                or (
                    s.target_registration_id
                    and s.target_registration_id.state not in ("planned", "offered")
                )
            )
        )
        moot._close("cancelled")
        (swaps - moot).filtered(lambda s: now > s._deadline())._close("expired")
        return True

    # ------------------------------------------------------------ mails

    def _notify_done(self):
        for swap in self:
            swap._send("coop_shifts.mail_template_swap_released", swap.partner_id)
            swap._send("coop_shifts.mail_template_swap_assigned", swap.taker_id)

    def _send(self, xmlid, partner):
        self.ensure_one()
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if template and partner.email:
            template.sudo().send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")
