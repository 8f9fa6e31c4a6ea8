from odoo import fields, models


class CoopPurchaseMemberOrder(models.Model):
    """One member's basket in a round."""

    _name = "coop.purchase.member.order"
    _description = "Member Group Order"
    _order = "round_id desc, partner_id"

    round_id = fields.Many2one("coop.purchase.round", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="round_id.company_id", store=True)
    line_ids = fields.One2many("coop.purchase.member.line", "order_id")

    _sql_constraints = [
        ("one_per_member", "unique(round_id, partner_id)", "One basket per member and round."),
    ]

    def _notify_result(self):
        template = self.env.ref(
            "coop_purchase.mail_template_round_result", raise_if_not_found=False
        )
        recipients = self.filtered("partner_id.email")
        if template and recipients:
            template.sudo().send_mail_batch(
                recipients.ids, email_layout_xmlid="mail.mail_notification_light"
            )
