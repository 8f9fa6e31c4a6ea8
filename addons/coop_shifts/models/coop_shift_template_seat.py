from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CoopShiftTemplateSeat(models.Model):
    """Seats of a team slot reserved for one task (so many at the till, so many stocking)."""

    _name = "coop.shift.template.seat"
    _description = "Seats per Task"
    _order = "template_id, shift_type_id"

    template_id = fields.Many2one(
        "coop.shift.template", required=True, index=True, ondelete="cascade"
    )
    shift_type_id = fields.Many2one("coop.shift.type", string="Task", required=True)
    seats = fields.Integer(required=True, default=1)

    _sql_constraints = [
        ("task_once", "unique(template_id, shift_type_id)", "A task has one seat count per team."),
    ]

    @api.constrains("seats", "template_id")
    def _check_seats(self):
        for line in self:
            if line.seats < 1:
                raise ValidationError(self.env._("A task needs at least one seat."))
            reserved = sum(line.template_id.seat_ids.mapped("seats"))
            if reserved > line.template_id.seats:
                raise ValidationError(
                    self.env._(
                        "%(team)s has %(total)s seats; %(reserved)s are reserved for tasks.",
                        team=line.template_id.display_name,
                        total=line.template_id.seats,
                        reserved=reserved,
                    )
                )
