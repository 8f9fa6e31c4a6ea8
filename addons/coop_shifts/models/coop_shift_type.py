from odoo import fields, models


class CoopShiftType(models.Model):
    _name = "coop.shift.type"
    _description = "Shift Task"
    _order = "sequence, name"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
