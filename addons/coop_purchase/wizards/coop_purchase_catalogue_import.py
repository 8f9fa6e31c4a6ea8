import base64
import mimetypes
import re
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_amount

from ..const import PURCHASE_MANAGER

# Who may rewrite a supplier's price list: the group orders' managers and Odoo's purchase
# managers.
IMPORTERS = (PURCHASE_MANAGER, "purchase.group_purchase_manager")

# The headers each column is known by, compared in lower case with spaces, dashes and
# underscores alike.
COLUMNS = {
    "code": ("code", "product code", "supplier code", "supplier product code", "reference"),
    "name": ("name", "product name", "product", "description"),
    "price": ("price", "unit price", "cost"),
    "case_size": ("case size", "case", "pack", "pack size", "units per case"),
    "barcode": ("barcode", "ean", "ean13", "gtin"),
    "unit": ("unit", "uom", "unit of measure"),
    "tax_free": ("tax free", "taxfree", "no tax", "tax exempt"),
}
HEADERS = {title: column for column, titles in COLUMNS.items() for title in titles}
YES = {"1", "yes", "y", "true", "x"}
NO = {"", "0", "no", "n", "false"}
STATUS_ORDER = {"problem": 0, "changed": 1, "new": 2, "dropped": 3, "unchanged": 4}
# How many changes the supplier's chatter message lists one by one.
LISTED_CHANGES = 100


class CoopPurchaseCatalogueImport(models.TransientModel):
    """A supplier's catalogue file, previewed against the supplier's price list, then applied
    in one go."""

    _name = "coop.purchase.catalogue.import"
    _description = "Supplier Catalogue Import"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    supplier_id = fields.Many2one("res.partner", string="Supplier", required=True)
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="The currency of the file's prices.",
    )
    file = fields.Binary(
        string="Catalogue File",
        attachment=False,
        help="A CSV (comma or semicolon, UTF-8) or XLSX file whose first row names the "
        "columns:\n"
        "- Code: the supplier's product code;\n"
        "- Name: the product name;\n"
        "- Price: the price of one unit, in the product's purchase unit (or the Unit column);\n"
        "- Case Size (or Pack): how many units one case holds;\n"
        "- Barcode, Unit, Tax Free (yes/no): optional.\n"
        "Price and a code or a name are needed; a row is matched by the supplier's code, "
        "then the barcode, then the exact product name.",
    )
    file_name = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview"), ("done", "Imported")],
        default="upload",
        required=True,
    )
    skip_problems = fields.Boolean(
        string="Skip Rows With Problems",
        help="Import the other rows and leave the rows with problems out; the products they "
        "name keep their current price.",
    )
    line_ids = fields.One2many(
        "coop.purchase.catalogue.import.line", "wizard_id", string="Preview", readonly=True
    )
    changed_count = fields.Integer(string="Changed", compute="_compute_counts")
    new_count = fields.Integer(string="New", compute="_compute_counts")
    dropped_count = fields.Integer(string="Dropped", compute="_compute_counts")
    unchanged_count = fields.Integer(string="Unchanged", compute="_compute_counts")
    problem_count = fields.Integer(string="Problems", compute="_compute_counts")

    @api.depends("supplier_id", "company_id")
    def _compute_currency_id(self):
        for wizard in self:
            supplier = wizard.supplier_id.with_company(wizard.company_id)
            wizard.currency_id = (
                supplier.property_purchase_currency_id or wizard.company_id.currency_id
            )

    @api.depends("line_ids.status")
    def _compute_counts(self):
        for wizard in self:
            counts = defaultdict(int)
            for status in wizard.line_ids.mapped("status"):
                counts[status] += 1
            wizard.changed_count = counts["changed"]
            wizard.new_count = counts["new"]
            wizard.dropped_count = counts["dropped"]
            wizard.unchanged_count = counts["unchanged"]
            wizard.problem_count = counts["problem"]

    def _check_importer(self):
        self.env["res.users"]._coop_require(
            *IMPORTERS,
            message=self.env._(
                "Only group-order managers and purchase managers import supplier catalogues."
            ),
        )

    # Reading the file

    def _read_rows(self):
        """[(row number, {column: text})] from the file, columns named as in COLUMNS."""
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the catalogue file to import."))
        data = base64.b64decode(self.file)
        options = {"quoting": '"'}
        try:
            data.decode("utf-8-sig")
            options["encoding"] = "utf-8-sig"  # reads UTF-8 with or without a BOM
        except UnicodeDecodeError:
            pass  # Odoo's import guesses the encoding
        importer = self.env["base_import.import"].create(
            {
                "res_model": self._name,
                "file": data,
                "file_name": self.file_name or "",
                "file_type": mimetypes.guess_type(self.file_name or "")[0] or "",
            }
        )
        try:
            _length, rows = importer._read_file(options)
        except (UserError, ValueError) as error:
            raise UserError(
                self.env._("The file cannot be read as a CSV or XLSX catalogue: %s", error)
            ) from error
        if not rows:
            raise UserError(self.env._("The file is empty."))
        header, *body = rows
        columns = {}
        for index, title in enumerate(header):
            column = HEADERS.get(re.sub(r"[\s_-]+", " ", title.strip().lower()))
            if column:
                columns.setdefault(column, index)
        if "price" not in columns or not {"code", "name"} & columns.keys():
            raise UserError(
                self.env._(
                    "The file needs a Price column and a Code or Name column; its columns are: %s",
                    ", ".join(header),
                )
            )
        return [
            (
                number,
                {
                    column: cells[index].strip() if index < len(cells) else ""
                    for column, index in columns.items()
                },
            )
            for number, cells in enumerate(body, start=2)
        ]

    @api.model
    def _parse_number(self, text):
        """A number from a cell, with a decimal point or comma; None when it is not one."""
        text = text.replace(" ", "").replace("\u00a0", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            return float(text)
        except ValueError:
            return None

    # Preview

    def action_preview(self):
        self.ensure_one()
        self._check_importer()
        if self.state == "done":
            raise UserError(self.env._("This catalogue is already imported."))
        values = self._preview_values(self._read_rows())
        self.line_ids.unlink()
        self.env["coop.purchase.catalogue.import.line"].create(
            [
                dict(vals, wizard_id=self.id, status_order=STATUS_ORDER[vals["status"]])
                for vals in values
            ]
        )
        self.state = "preview"
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        if self.state == "done":
            raise UserError(self.env._("This catalogue is already imported."))
        self.line_ids.unlink()
        self.state = "upload"
        return self._reopen()

    def _current_entries(self):
        """{product: the supplier's price list entry rounds load for it}, valid today."""
        entries = self.env["product.supplierinfo"]._coop_preferred_entries(
            self.supplier_id, self.company_id
        )
        return {product: info for (product, _supplier), info in entries.items()}

    def _units_by_name(self):
        """{lower-case unit name, in English and in the user's language: unit}."""
        units = {}
        for lang in ("en_US", self.env.lang or "en_US"):
            for uom in self.env["uom.uom"].with_context(lang=lang).search([]):
                units.setdefault(uom.name.strip().lower(), uom)
        return units

    def _products_by(self, field, values):
        """{value: products whose `field` is it}, in one search."""
        found = defaultdict(list)
        if values:
            Product = self.env["product.product"].with_context(active_test=False)
            for product in Product.search([(field, "in", list(values))]):
                found[product[field]].append(product)
        return found

    def _preview_values(self, rows):
        """One preview line's values per row, then one per product the file leaves out.

        Reads are made for all rows at once: a catalogue of 2,000 rows costs the same
        queries as one of 20.
        """
        self.ensure_one()
        entries = self._current_entries()
        by_code, by_supplier_name = {}, defaultdict(list)
        for product, info in entries.items():
            if info.product_code:
                by_code.setdefault(info.product_code.strip(), info)
            by_supplier_name[product.name].append(product)
            if info.product_name and info.product_name != product.name:
                by_supplier_name[info.product_name].append(product)
        code_rows = defaultdict(list)
        for number, cells in rows:
            if cells.get("code"):
                code_rows[cells["code"]].append(number)
        unmatched = [cells for _n, cells in rows if cells.get("code") not in by_code]
        by_barcode = self._products_by(
            "barcode", {cells["barcode"] for cells in unmatched if cells.get("barcode")}
        )
        by_name = self._products_by(
            "name",
            {
                cells["name"]
                for cells in unmatched
                if cells.get("name") and cells["name"] not in by_supplier_name
            },
        )
        context = {
            "entries": entries,
            "by_code": by_code,
            "by_barcode": by_barcode,
            "by_name": {**by_name, **by_supplier_name},
            "code_rows": code_rows,
            "units": self._units_by_name(),
            "claimed": {},
        }
        values = [self._row_values(number, cells, context) for number, cells in rows]
        claimed = context["claimed"]
        for product, info in entries.items():
            if product not in claimed:
                values.append(self._dropped_values(product, info))
        return values

    def _row_values(self, number, cells, context):
        """A preview line's values for one row of the file; `context` holds what was read
        for all rows, and which product each row took."""
        problems = []
        code, name = cells.get("code", ""), cells.get("name", "")
        if not code and not name:
            problems.append(self.env._("Give a supplier product code or a product name."))
        if len(context["code_rows"].get(code, ())) > 1:
            problems.append(
                self.env._(
                    "The code %(code)s is on several rows (%(rows)s).",
                    code=code,
                    rows=", ".join(map(str, context["code_rows"][code])),
                )
            )
        price, case_size, uom, tax_free = self._read_cells(cells, context["units"], problems)
        product, info = self._match(cells, context, problems)
        if product and product in context["claimed"]:
            problems.append(
                self.env._(
                    "Row %(row)s already sets %(product)s.",
                    row=context["claimed"][product],
                    product=product.display_name,
                )
            )
        elif product:
            context["claimed"][product] = number
        if product and uom and uom != product.uom_po_id:
            problems.append(
                self.env._(
                    "%(product)s is bought in %(unit)s: leave the unit empty, or change the "
                    "product's purchase unit first.",
                    product=product.display_name,
                    unit=product.uom_po_id.name,
                )
            )
        if not product and code and not name:
            problems.append(
                self.env._("No product has the code %s: give its name to create it.", code)
            )
        old_case_size = 0
        if product:
            RoundLine = self.env["coop.purchase.round.line"]
            old_case_size = RoundLine._case_size_for(product, info.product_uom if info else None)
        values = {
            "row": number,
            "product_code": code,
            "product_name": name,
            "barcode": cells.get("barcode", ""),
            "uom_id": uom.id if uom else False,
            "tax_free": tax_free,
            "product_id": product.id if product else False,
            "supplierinfo_id": info.id if info else False,
            "old_price": info.price if info else 0.0,
            "new_price": price or 0.0,
            "old_case_size": old_case_size,
            "case_size": case_size or old_case_size or 1,
        }
        if info and info.price:
            values["price_change_percent"] = (values["new_price"] - info.price) / info.price * 100
        if problems:
            values.update(status="problem", problem="; ".join(problems))
        elif not info:
            values.update(
                status="new",
                changes=self.env._("new price list entry")
                if product
                else self.env._("new product"),
            )
        else:
            changes = self._changes(info, values)
            values.update(status="changed" if changes else "unchanged", changes=", ".join(changes))
        return values

    def _read_cells(self, cells, units, problems):
        """Price, case size, unit and tax-free flag of a row; what cannot be read goes to
        `problems`."""
        price = self._parse_number(cells.get("price", ""))
        if not cells.get("price"):
            problems.append(self.env._("The row has no price."))
        elif price is None:
            problems.append(self.env._("The price “%s” is not a number.", cells.get("price", "")))
        elif price < 0:
            problems.append(self.env._("The price cannot be negative."))
        case_size = None
        if cells.get("case_size"):
            number = self._parse_number(cells["case_size"])
            if number is None or number < 1 or number != int(number):
                problems.append(
                    self.env._(
                        "The case size “%s” is not a whole number above zero.",
                        cells["case_size"],
                    )
                )
            else:
                case_size = int(number)
        uom = None
        if cells.get("unit"):
            uom = units.get(cells["unit"].lower())
            if not uom:
                problems.append(self.env._("Unknown unit “%s”.", cells["unit"]))
        flag = cells.get("tax_free", "").lower()
        if flag not in YES | NO:
            problems.append(
                self.env._("Tax free should be yes or no, not “%s”.", cells.get("tax_free"))
            )
        return price, case_size, uom, flag in YES

    def _match(self, cells, context, problems):
        """(product, its current entry from the supplier) the row is about: by the supplier's
        code, then barcode, then exact name; (None, None) for a new product."""
        info = context["by_code"].get(cells.get("code")) if cells.get("code") else None
        if info:
            return info.product_id, info
        product = None
        barcode = cells.get("barcode")
        if barcode and context["by_barcode"].get(barcode):
            product = context["by_barcode"][barcode][0]
            if not product.active:
                problems.append(
                    self.env._(
                        "The barcode %(barcode)s belongs to %(product)s, which is archived.",
                        barcode=barcode,
                        product=product.display_name,
                    )
                )
                return None, None
        elif cells.get("name") and context["by_name"].get(cells["name"]):
            candidates = [p for p in context["by_name"][cells["name"]] if p.active]
            if len(candidates) > 1:
                problems.append(
                    self.env._(
                        "Several products are named “%s”: give a code or a barcode.",
                        cells["name"],
                    )
                )
                return None, None
            product = candidates[0] if candidates else None
        return product, context["entries"].get(product) if product else None

    def _changes(self, info, values):
        """What applying `values` would change in the price list entry `info`."""
        changes = []
        if float_compare(values["new_price"], info.price, precision_digits=self._price_digits()):
            changes.append(self.env._("price"))
        if values["case_size"] != values["old_case_size"]:
            changes.append(self.env._("case size"))
        if values["product_code"] and values["product_code"] != (info.product_code or ""):
            changes.append(self.env._("code"))
        if info.currency_id != self.currency_id:
            changes.append(self.env._("currency"))
        return changes

    def _price_digits(self):
        return self.env["decimal.precision"].precision_get("Product Price")

    def _dropped_values(self, product, info):
        return {
            "status": "dropped",
            "product_id": product.id,
            "supplierinfo_id": info.id,
            "product_code": info.product_code or "",
            "product_name": product.display_name,
            "old_price": info.price,
            "old_case_size": self.env["coop.purchase.round.line"]._case_size_for(
                product, info.product_uom
            ),
            "changes": self.env._("no longer in the catalogue: its price ends"),
        }

    # Apply

    def action_apply(self):
        """Write the previewed changes, all or none: any error rolls the whole import back."""
        self.ensure_one()
        self._check_importer()
        if self.state == "done":
            raise UserError(self.env._("This catalogue is already imported."))
        if self.state != "preview":
            raise UserError(self.env._("Preview the catalogue before importing it."))
        problems = self.line_ids.filtered(lambda line: line.status == "problem")
        if problems and not self.skip_problems:
            raise UserError(
                self.env._(
                    "%(count)s rows have problems: correct the file, or tick “Skip Rows With "
                    "Problems” to import the other rows.",
                    count=len(problems),
                )
            )
        # The check above is the gate: a group-order manager updates price lists only
        # through this import, without Odoo's rights to edit them by hand.
        wizard = self.sudo()
        # Browsed by ids: prefetching stays whole after the writes below empty the cache.
        lines = wizard.line_ids.browse(wizard.line_ids.ids)
        by_status = defaultdict(lambda: lines.browse())
        for line in lines:
            by_status[line.status] |= line
        wizard._update_entries(by_status["changed"])
        wizard._end_entries(by_status["dropped"])
        wizard._add_entries(by_status["new"])
        if by_status["changed"] or by_status["new"] or by_status["dropped"]:
            wizard._post_summary(lines)
        self.state = "done"  # applying twice would create the new products twice
        return {"type": "ir.actions.act_window_close"}

    def _update_entries(self, lines):
        for line in lines:
            values = {"price": line.new_price, "currency_id": self.currency_id.id}
            if line.product_code:
                values["product_code"] = line.product_code
            line.supplierinfo_id.write(values)
        self._set_case_sizes({line.product_id: line.case_size for line in lines})

    def _end_entries(self, lines):
        """The price ends yesterday rather than going: history keeps it, rounds skip it."""
        if not lines:
            return
        Supplierinfo = self.env["product.supplierinfo"]
        today = Supplierinfo._coop_today(self.company_id)
        Supplierinfo.search(
            [
                ("partner_id", "=", self.supplier_id.id),
                ("product_id", "in", lines.product_id.ids),
                *Supplierinfo._coop_current_domain(self.company_id),
            ]
        ).write({"date_end": today - timedelta(days=1)})

    def _add_entries(self, lines):
        """Price list entries for new lines, creating the products no row matched."""
        new_products = lines.filtered(lambda line: not line.product_id)
        unit = self.env.ref("uom.product_uom_unit")
        Template = self.env["product.template"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        )
        # Defaults that search, asked once rather than once per new product.
        defaults = Template.default_get(["route_ids", "has_available_route_ids"])
        templates = Template.create(
            [dict(defaults, **self._product_values(line, unit)) for line in new_products]
        )
        product_of = {line: line.product_id for line in lines - new_products}
        product_of.update(zip(new_products, [t.product_variant_id for t in templates], strict=True))
        self.env["product.supplierinfo"].create(
            [
                {
                    "partner_id": self.supplier_id.id,
                    "product_id": product_of[line].id,
                    "product_tmpl_id": product_of[line].product_tmpl_id.id,
                    "company_id": self.company_id.id,
                    "currency_id": self.currency_id.id,
                    "price": line.new_price,
                    "product_code": line.product_code or False,
                    "product_name": line.product_name or False,
                }
                for line in lines
            ]
        )
        self._set_case_sizes({product_of[line]: line.case_size for line in lines})

    @api.model
    def _product_values(self, line, unit):
        uom = line.uom_id or unit
        values = {
            "name": line.product_name,
            "type": "consu",
            "purchase_ok": True,
            "sale_ok": True,
            "uom_id": uom.id,
            "uom_po_id": uom.id,
            "barcode": line.barcode or False,
        }
        if line.tax_free:
            values.update(taxes_id=[Command.clear()], supplier_taxes_id=[Command.clear()])
        return values

    def _set_case_sizes(self, sizes):
        """Give each product its case size where rounds read it: the first purchase
        packaging, added when the product's purchase unit does not hold that many."""
        RoundLine = self.env["coop.purchase.round.line"]
        to_create = []
        for product, size in sizes.items():
            if RoundLine._case_size_for(product) == size:
                continue
            packaging = product.packaging_ids.filtered("purchase")[:1]
            if packaging:
                packaging.qty = size  # in the product's unit, as the case size
            else:
                to_create.append(
                    {
                        "name": self.env._("Case of %s", size),
                        "product_id": product.id,
                        "qty": size,
                        "purchase": True,
                    }
                )
        self.env["product.packaging"].create(to_create)

    def _post_summary(self, lines):
        counts = defaultdict(int)
        for status in lines.mapped("status"):
            counts[status] += 1
        body = Markup("<p>%s</p>") % self.env._(
            "Catalogue %(file)s imported: %(changed)s changed, %(new)s new, %(dropped)s "
            "dropped, %(unchanged)s unchanged, %(skipped)s rows skipped.",
            file=self.file_name or "",
            changed=counts["changed"],
            new=counts["new"],
            dropped=counts["dropped"],
            unchanged=counts["unchanged"],
            skipped=counts["problem"],
        )
        listed = lines.filtered(lambda line: line.status in ("changed", "new", "dropped"))
        items = [
            self.env._(
                "%(product)s: %(changes)s (%(old)s → %(new)s)",
                product=line.product_id.display_name or line.product_name,
                changes=line.changes,
                old=format_amount(self.env, line.old_price, self.currency_id),
                new=format_amount(self.env, line.new_price, self.currency_id),
            )
            if line.status != "dropped"
            else self.env._("%s: dropped", line.product_id.display_name)
            for line in listed[:LISTED_CHANGES]
        ]
        if len(listed) > LISTED_CHANGES:
            items.append(self.env._("and %s more", len(listed) - LISTED_CHANGES))
        body += Markup("<ul>%s</ul>") % Markup().join(
            Markup("<li>%s</li>") % item for item in items
        )
        self.supplier_id.message_post(body=body, author_id=self.env.user.partner_id.id)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import Supplier Catalogue"),
            "context": dict(self.env.context, dialog_size="extra-large"),
        }
