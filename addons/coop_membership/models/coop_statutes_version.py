import base64

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty
from odoo.tools.mimetypes import guess_mimetype

from ..const import COOP_MANAGER
from .res_company import shop_today

KINDS = [("statutes", "Statutes"), ("rules", "Internal Rules")]

# What members accepted: once published, a version is the text they agreed to.
# A correction is a new version.
LOCKED_FIELDS = {
    "kind",
    "name",
    "company_id",
    "effective_date",
    "document",
    "document_filename",
    "body",
    "state",
}


class CoopStatutesVersion(models.Model):
    """One version of the co-operative's statutes or internal rules, as a person joining
    reads and accepts them on /coop/join."""

    _name = "coop.statutes.version"
    _description = "Statutes or Internal Rules Version"
    _inherit = ["mail.thread"]
    _order = "kind, effective_date desc, id desc"

    kind = fields.Selection(KINDS, required=True, default="statutes", tracking=True)
    name = fields.Char(
        string="Version", required=True, tracking=True, help="A short label, e.g. 2026-1."
    )
    effective_date = fields.Date(
        required=True,
        default=shop_today,
        tracking=True,
        help="The day from which this version applies, in the co-operative's time zone.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    document = fields.Binary(
        string="Document (PDF)", attachment=True, help="Served to the public once published."
    )
    document_filename = fields.Char()
    body = fields.Html(
        string="Text", help="Shown to the public when no document is attached, once published."
    )
    change_note = fields.Text(string="What Changed")
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    is_current = fields.Boolean(string="Current", compute="_compute_is_current")

    _sql_constraints = [
        (
            "name_unique",
            "unique(kind, name, company_id)",
            "Each version label is used once per kind of document.",
        ),
    ]

    @api.depends("kind", "name")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for version in self:
            version.display_name = f"{labels.get(version.kind, '')} {version.name or ''}".strip()

    @api.depends("state", "effective_date", "kind", "company_id")
    def _compute_is_current(self):
        current = {}  # one look-up per kind and company, however long the list
        for version in self:
            key = (version.kind, version.company_id)
            if key not in current:
                current[key] = self._coop_current(*key) if all(key) else self.browse()
            version.is_current = bool(version.id) and version == current[key]

    @api.constrains("state", "document", "body")
    def _check_published_has_text(self):
        for version in self.filtered(lambda v: v.state == "published"):
            if not version.document and is_html_empty(version.body):
                raise ValidationError(
                    self.env._(
                        "%s has neither a document nor a text: attach the document before "
                        "publishing.",
                        version.display_name,
                    )
                )

    @api.constrains("document")
    def _check_document_is_pdf(self):
        # Served to anyone as a PDF: nothing else, such as a web page, gets through.
        for version in self.with_context(bin_size=False).filtered("document"):
            if guess_mimetype(base64.b64decode(version.document)) != "application/pdf":
                raise ValidationError(self.env._("Attach the document as a PDF file."))

    @api.model
    def _coop_today(self, company):
        """Today in the co-operative's time zone, whoever asks (a visitor of the join form
        may not read the company's contact, where the zone is kept)."""
        return company._coop_today()

    @api.model
    def _coop_current(self, kind, company=None, day=None):
        """The version of `kind` in force for `company` on `day` (default: the company's
        today): the latest published one already effective. Empty when there is none."""
        company = company or self.env.company
        day = day or self._coop_today(company)
        return self.search(
            [
                ("kind", "=", kind),
                ("company_id", "=", company.id),
                ("state", "=", "published"),
                ("effective_date", "<=", day),
            ],
            order="effective_date desc, id desc",
            limit=1,
        )

    def _coop_is_public(self):
        """Whether anyone may read this version: published and already in force (the
        current one, or one it replaced). A version published ahead stays private."""
        self.ensure_one()
        return self.state == "published" and self.effective_date <= self._coop_today(
            self.company_id
        )

    def _coop_public_url(self):
        self.ensure_one()
        return f"/coop/statutes/{self.id}"

    def write(self, vals):
        locked = LOCKED_FIELDS & set(vals)
        if locked and self.filtered(lambda v: v.state == "published"):
            raise UserError(
                self.env._(
                    "A published version cannot be changed: members have accepted it as it "
                    "is. Create a new version for a correction."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda v: v.state == "published"):
            raise UserError(
                self.env._("A published version cannot be deleted: members may have accepted it.")
            )

    def copy(self, default=None):
        # A correction starts as a copy: a draft, under a label of its own.
        copies = self.browse()
        for version in self:
            name = self.env._("%s (copy)", version.name)
            copies |= super(CoopStatutesVersion, version).copy({"name": name, **(default or {})})
        return copies

    def action_publish(self):
        """Make these drafts the text people accept from their effective date on."""
        self.env["res.users"]._coop_require(
            COOP_MANAGER,
            message=self.env._("Only a membership manager publishes statutes and rules."),
        )
        if self.filtered(lambda v: v.state != "draft"):
            raise UserError(self.env._("Only a draft version can be published."))
        # Written by this method only: the lock refuses `state` on published versions.
        self.write({"state": "published"})
        return True
