from odoo import api, models
from odoo.exceptions import UserError

# An attachment's content and owner: a published version's document keeps both.
LOCKED_FIELDS = {
    "datas",
    "raw",
    "db_datas",
    "store_fname",
    "url",
    "type",
    "res_model",
    "res_id",
    "res_field",
}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _coop_published_statutes_documents(self):
        """Those of these attachments that hold the document of a published version of the
        statutes or rules: the text members accepted, which no one may swap underneath."""
        documents = self.sudo().filtered(
            lambda a: a.res_model == "coop.statutes.version" and a.res_field == "document"
        )
        versions = self.env["coop.statutes.version"].sudo().browse(documents.mapped("res_id"))
        published = versions.exists().filtered(lambda v: v.state == "published")
        return documents.filtered(lambda a: a.res_id in published.ids)

    def write(self, vals):
        if LOCKED_FIELDS & set(vals) and self._coop_published_statutes_documents():
            raise UserError(
                self.env._(
                    "This is the document of a published version of the statutes or rules: "
                    "it cannot be changed. Create a new version for a correction."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published_statutes(self):
        if self._coop_published_statutes_documents():
            raise UserError(
                self.env._(
                    "This is the document of a published version of the statutes or rules: "
                    "it cannot be deleted."
                )
            )
