from odoo import fields, models


class MailingContact(models.Model):
    _inherit = "mailing.contact"

    coop_partner_id = fields.Many2one(
        "res.partner",
        string="Co-op Contact",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The person this mailing contact stands for on the co-op's own lists: their "
        "name and address follow the contact's.",
    )
