from odoo import fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    coop_allow_anonymous = fields.Boolean(
        string="Allow Orders Without Customer",
        default=True,
        help="A co-op that must prove it sells only to its members turns this off: "
        "every order at this till then needs a customer who may shop.",
    )
    coop_review_user_ids = fields.Many2many(
        "res.users",
        string="Reviewers of Flagged Sales",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("point_of_sale.group_pos_manager").id)
        ],
        help="Who gets an activity when a paid sale is flagged for review. "
        "Empty: every POS manager of the company.",
    )

    def _coop_sale_reviewers(self):
        self.ensure_one()
        if self.coop_review_user_ids:
            return self.coop_review_user_ids
        managers = self.env.ref("point_of_sale.group_pos_manager").sudo().users
        return managers.filtered(
            lambda user: (
                user.active
                and not user._is_superuser()
                and user._is_internal()
                and self.company_id in user.company_ids
            )
        )
