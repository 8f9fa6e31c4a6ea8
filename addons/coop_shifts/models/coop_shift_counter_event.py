from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import MANAGER
from ..kernels import rules as shift_rules

# Set only by the shifts themselves (marks, cycles, reversals), never on a correction.
MACHINERY_ONLY = ("reversal_of_id", "cycle_start")


class CoopShiftCounterEvent(models.Model):
    """One dated change to a member's counter, and why.

    Never edited: a correction is a new line with a note, a changed mark is a reversal.
    """

    _name = "coop.shift.counter.event"
    _description = "Shift Points Movement"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="restrict")
    counter = fields.Selection(
        [("standard", "Standard"), ("flying", "Flying")], required=True, default="standard"
    )
    points = fields.Integer(required=True)
    date = fields.Date(required=True, default=shop_today, index=True)
    reason = fields.Selection(
        [
            ("attendance", "Attendance"),
            ("cycle", "Cycle Due"),
            ("correction", "Staff Correction"),
            ("leave", "Leave Paid in Advance"),
            ("closure", "Store Closure"),
            ("reversal", "Changed Mark"),
        ],
        required=True,
        default="correction",
    )
    registration_id = fields.Many2one(
        "coop.shift.registration", index="btree_not_null", ondelete="restrict"
    )
    reversal_of_id = fields.Many2one("coop.shift.counter.event", readonly=True)
    reversed_by_ids = fields.One2many("coop.shift.counter.event", "reversal_of_id")
    cycle_start = fields.Date(help="For cycle dues: the cycle they belong to.")
    note = fields.Char()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    _sql_constraints = [
        (
            "cycle_due_once",
            "unique(partner_id, counter, reason, cycle_start)",
            "A cycle is due once per member.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        """By hand, only a shifts manager writes corrections. Every other movement follows
        from a mark, a cycle, a leave or a closure and goes through `_create_from_shifts`."""
        if not self.env.su:
            self._check_may_correct(vals_list)
        for vals in vals_list:
            if (
                vals.get("reason", "correction") == "correction"
                and not (vals.get("note") or "").strip()
            ):
                raise UserError(self.env._("Say why the points are corrected."))
        return super().create(vals_list)

    @api.model
    def _check_may_correct(self, vals_list):
        for vals in vals_list:
            if vals.get("reason", "correction") != "correction" or any(
                vals.get(name) for name in MACHINERY_ONLY
            ):
                raise AccessError(
                    self.env._(
                        "Points for attendance, cycles, leaves and closures follow from the "
                        "shifts themselves: a movement written by hand is a correction."
                    )
                )
        if not self.env["res.users"]._coop_acts_as(MANAGER):
            raise AccessError(self.env._("Only a shifts manager corrects points."))

    @api.model
    def _create_from_shifts(self, vals_list):
        """The movements that follow from marks, cycles, leaves and closures.

        The caller has checked who acts (the leader of the shift, the members' office, a
        job); the ledger is then written as the system, with the user kept as its author.
        """
        return self.sudo().create(vals_list).sudo(False)

    def write(self, vals):
        if vals:
            raise UserError(
                self.env._("A points movement is never changed: add a correction instead.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A points movement is never deleted: add a correction instead."))

    @api.model
    def _record_marks(self, registrations):
        """Points for freshly marked registrations, batched per call."""
        balances = {}
        vals_list = []
        for registration in registrations:
            company = registration.company_id
            counter, points = shift_rules.points_for(
                registration.kind, registration.state, company._coop_point_rules()
            )
            if not counter:
                continue
            partner = registration.partner_id
            if counter == "standard":
                balance = balances.setdefault(partner.id, partner.coop_shift_standard_points)
                points = shift_rules.capped_standard_delta(balance, points)
                balances[partner.id] = balance + points
            if not points:
                continue
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "counter": counter,
                    "points": points,
                    "date": registration.shift_id._coop_local_day(),
                    "reason": "attendance",
                    "registration_id": registration.id,
                    "company_id": company.id,
                }
            )
        return self._create_from_shifts(vals_list)

    @api.model
    def _reverse_for(self, events):
        return self._create_from_shifts(
            [
                {
                    "partner_id": event.partner_id.id,
                    "counter": event.counter,
                    "points": -event.points,
                    "date": shop_today(self),
                    "reason": "reversal",
                    "registration_id": event.registration_id.id,
                    "reversal_of_id": event.id,
                    "company_id": event.company_id.id,
                    "note": self.env._("Mark changed"),
                }
                for event in events
            ]
        )

    @api.model
    def _cron_flying_cycle_dues(self):
        """At each cycle start, flying members owe one shift. Safe to run any number of times."""
        from ..kernels import cycle

        for company in self.env["res.company"].search([]):
            # Each co-op's cycle starts on its own day, whatever the job user's company.
            start = cycle.cycle_start(
                company._coop_today(),
                company.coop_shift_anchor_date,
                company.coop_shift_cycle_weeks,
            )
            flying = self.env["res.partner"].search(
                [
                    ("coop_is_working", "=", True),
                    ("coop_shift_mode", "=", "flying"),
                    ("coop_shift_unsubscribed", "=", False),
                    # A member owes their shifts to the co-op whose shares they hold.
                    ("coop_share_line_ids.company_id", "=", company.id),
                ]
            )
            already = set(
                self.search(
                    [
                        ("partner_id", "in", flying.ids),
                        ("reason", "=", "cycle"),
                        ("cycle_start", "=", start),
                    ]
                ).partner_id.ids
            )
            points = company.coop_shift_points_flying_cycle
            self._create_from_shifts(
                [
                    {
                        "partner_id": partner.id,
                        "counter": "flying",
                        "points": points,
                        "date": start,
                        "reason": "cycle",
                        "cycle_start": start,
                        "company_id": company.id,
                    }
                    for partner in flying
                    if partner.id not in already
                ]
            )
