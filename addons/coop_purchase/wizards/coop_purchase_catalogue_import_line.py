from odoo import fields, models

STATUSES = [
    ("unchanged", "Unchanged"),
    ("changed", "Changed"),
    ("new", "New"),
    ("dropped", "Dropped"),
    ("problem", "Problem"),
]


class CoopPurchaseCatalogueImportLine(models.TransientModel):
    """One row of a supplier's catalogue, or one product the catalogue no longer lists, and
    what importing it would change."""

    _name = "coop.purchase.catalogue.import.line"
    _description = "Supplier Catalogue Import Preview Line"
    _order = "status_order, row, id"

    wizard_id = fields.Many2one(
        "coop.purchase.catalogue.import", required=True, ondelete="cascade", index=True
    )
    row = fields.Integer(readonly=True, help="The row in the file (the header is row 1).")
    status = fields.Selection(STATUSES, required=True, readonly=True)
    # Problems first, then what changes: the rows to look at come on top.
    status_order = fields.Integer(readonly=True)
    problem = fields.Char(readonly=True)
    changes = fields.Char(readonly=True, help="What the import changes in the price list.")
    product_code = fields.Char(string="Supplier Code", readonly=True)
    product_name = fields.Char(string="Name", readonly=True)
    barcode = fields.Char(readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    tax_free = fields.Boolean(readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    supplierinfo_id = fields.Many2one(
        "product.supplierinfo", string="Price List Entry", readonly=True
    )
    old_price = fields.Float(digits="Product Price", readonly=True)
    new_price = fields.Float(digits="Product Price", readonly=True)
    price_change_percent = fields.Float(string="Change (%)", digits=(16, 1), readonly=True)
    old_case_size = fields.Integer(readonly=True)
    case_size = fields.Integer(string="New Case Size", readonly=True)
