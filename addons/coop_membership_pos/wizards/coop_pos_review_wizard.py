from odoo import fields, models


class CoopPosReviewWizard(models.TransientModel):
    _name = "coop.pos.review.wizard"
    _description = "Review of flagged till sales"

    order_ids = fields.Many2many("pos.order", string="Sales", required=True)
    note = fields.Text(string="What You Found", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.order_ids._coop_mark_reviewed(self.note)
        return {"type": "ir.actions.act_window_close"}
