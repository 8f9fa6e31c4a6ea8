from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..kernels import cycle


class CoopShiftClosure(models.Model):
    """The shop is closed: shifts in the period are cancelled and nobody is penalised."""

    _name = "coop.shift.closure"
    _description = "Store Closure"
    _order = "date_start desc"

    name = fields.Char(required=True, translate=True)
    date_start = fields.Date(required=True)
    date_end = fields.Date(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for closure in self:
            if closure.date_end < closure.date_start:
                raise ValidationError(self.env._("A closure cannot end before it starts."))

    def _covers(self, day):
        """Whether one of these closures covers `day`, a shop's local day (see
        coop.shift._coop_local_day; never a UTC datetime's date)."""
        return bool(self.filtered(lambda c: c.date_start <= day <= c.date_end))

    @api.model_create_multi
    def create(self, vals_list):
        closures = super().create(vals_list)
        closures._close_shifts()
        return closures

    def _close_shifts(self):
        """Cancel the shifts in the closure; planned people are waived, and a flying
        member's booking is credited back since the shift could not happen."""
        now = fields.Datetime.now()
        for closure in self:
            # The closure's days are the shop's local days, from its first midnight to its
            # last, in UTC like the shifts.
            tz = closure.company_id._coop_tz()
            first, _end = cycle.local_span_to_utc(closure.date_start, 0, 24, tz)
            _start, last = cycle.local_span_to_utc(closure.date_end, 0, 24, tz)
            shifts = self.env["coop.shift"].search(
                [
                    ("company_id", "=", closure.company_id.id),
                    ("state", "=", "open"),
                    ("date_start", ">=", max(now, first)),
                    ("date_start", "<", last),
                ]
            )
            registrations = shifts.registration_ids.filtered(
                lambda r: r.state in ("planned", "offered")
            )
            flying = registrations.filtered(lambda r: r.kind == "flying")
            registrations.write({"state": "waived"})
            shifts.write({"state": "cancelled"})
            self.env["coop.shift.counter.event"]._create_from_shifts(
                [
                    {
                        "partner_id": reg.partner_id.id,
                        "counter": "flying",
                        "points": closure.company_id.coop_shift_points_flying_attended,
                        "reason": "closure",
                        "registration_id": reg.id,
                        "note": closure.name,
                        "company_id": closure.company_id.id,
                    }
                    for reg in flying
                ]
            )
