from odoo import fields, models


class CoopErasureLog(models.Model):
    """What was erased of a former member, when and by whom: the proof that the co-op
    honoured the right to erasure. It holds no personal data itself."""

    _name = "coop.erasure.log"
    _description = "Personal Data Erasure"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="restrict"
    )
    member_number = fields.Char(readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Erased By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
        help="The scheduled job's user when the retention period erased them.",
    )
    categories = fields.Char(
        string="What Was Erased", readonly=True, help="The kinds of data erased, not the data."
    )
    automatic = fields.Boolean(
        readonly=True, help="Erased by the retention period rather than on request."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
