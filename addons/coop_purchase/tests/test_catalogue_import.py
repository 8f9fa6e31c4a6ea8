import base64
import io
from datetime import timedelta
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import HttpCase, TransactionCase

from odoo.addons.coop_membership.tests.common import cashier_groups, portal_user

from .common import OPEN, GroupOrderSetup

CATALOGUE = (
    "Code,Name,Price,Case Size,Barcode\n"
    "FL15,Flour 1.5kg,2.20,6,\n"
    "OA1,Oats 1kg,1.50,12,\n"
    "SP1,Spelt 1kg,3.10,8,2000000000015\n"
)


@tagged("post_install", "-at_install")
class TestCatalogueImport(GroupOrderSetup, TransactionCase):
    """The mill sends its new catalogue: flour dearer, oats in bigger cases, spelt new, rye
    gone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enter_own_company("Catalogue Co-op")
        cls.tag = cls.env["res.partner.category"].create({"name": "Bakers"})
        cls._mill_catalogue()
        cls.rye = cls.env["product.product"].create({"name": "Rye 1kg", "type": "consu"})
        cls.env["product.supplierinfo"].create(
            {"partner_id": cls.mill.id, "product_id": cls.rye.id, "price": 1.8}
        )
        infos = cls.env["product.supplierinfo"].search([("partner_id", "=", cls.mill.id)])
        for info, code in zip(infos.sorted("id"), ("FL15", "OA1", "RY1"), strict=True):
            info.product_code = code
        cls.Supplierinfo = cls.env["product.supplierinfo"]
        cls.manager = new_test_user(
            cls.env,
            login="catalogue_manager",
            groups="coop_purchase.group_coop_purchase_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls._open_round("Before the new catalogue")

    def _wizard(self, content, file_name="catalogue.csv", supplier=None):
        if isinstance(content, str):
            content = content.encode()
        return (
            self.env["coop.purchase.catalogue.import"]
            .with_user(self.manager)
            .create(
                {
                    "supplier_id": (supplier or self.mill).id,
                    "file": base64.b64encode(content),
                    "file_name": file_name,
                }
            )
        )

    def _preview(self, content, **kwargs):
        wizard = self._wizard(content, **kwargs)
        wizard.action_preview()
        return wizard

    def _counts(self, wizard):
        return (
            wizard.changed_count,
            wizard.new_count,
            wizard.dropped_count,
            wizard.unchanged_count,
            wizard.problem_count,
        )

    def _lines(self, wizard):
        """{supplier code: preview line}."""
        return {line.product_code: line for line in wizard.line_ids}

    def _entry(self, product):
        return self.Supplierinfo.search(
            [("partner_id", "=", self.mill.id), ("product_id", "=", product.id)],
            order="id desc",
            limit=1,
        )

    def test_preview_statuses_and_counts_write_nothing(self):
        wizard = self._preview(CATALOGUE)
        self.assertEqual(self._counts(wizard), (2, 1, 1, 0, 0))
        lines = self._lines(wizard)
        flour, oats, spelt, rye = (lines[c] for c in ("FL15", "OA1", "SP1", "RY1"))
        self.assertEqual(
            (flour.status, flour.old_price, flour.new_price, flour.changes),
            ("changed", 2.0, 2.2, "price"),
        )
        self.assertAlmostEqual(flour.price_change_percent, 10.0)
        self.assertEqual(
            (oats.status, oats.old_case_size, oats.case_size, oats.changes),
            ("changed", 10, 12, "case size"),
        )
        self.assertEqual(
            (spelt.status, spelt.product_id.id, spelt.changes), ("new", False, "new product")
        )
        self.assertEqual((rye.status, rye.product_id, rye.old_price), ("dropped", self.rye, 1.8))
        # Nothing written before Apply.
        self.assertEqual(self._entry(self.flour).price, 2.0)
        self.assertFalse(self.env["product.product"].search([("name", "=", "Spelt 1kg")]))
        self.assertFalse(self._entry(self.rye).date_end)

    def test_apply_updates_ends_creates_and_tells_the_supplier(self):
        messages = len(self.mill.message_ids)
        wizard = self._preview(CATALOGUE)
        wizard.action_apply()
        self.assertEqual(self._entry(self.flour).price, 2.2)
        self.assertEqual(self.oats.packaging_ids.filtered("purchase").qty, 12)
        # Dropped: the entry stays, its price ended yesterday where the company is.
        rye_entry = self._entry(self.rye)
        self.assertTrue(rye_entry)
        today = self.Supplierinfo._coop_today(self.company)
        self.assertEqual(rye_entry.date_end, today - timedelta(days=1))
        # New: a purchasable product with the supplier's price, code and case.
        spelt = self.env["product.product"].search([("barcode", "=", "2000000000015")])
        self.assertEqual(spelt.name, "Spelt 1kg")
        self.assertTrue(spelt.purchase_ok)
        spelt_entry = self._entry(spelt)
        self.assertEqual((spelt_entry.price, spelt_entry.product_code), (3.1, "SP1"))
        self.assertEqual(spelt.packaging_ids.filtered("purchase").qty, 8)
        self.assertEqual(len(self.mill.message_ids), messages + 1)
        summary = self.mill.message_ids[0].body
        self.assertIn("2 changed, 1 new, 1 dropped", summary)
        self.assertIn("Rye 1kg: dropped", summary)
        self.assertIn("Flour 1.5kg: price (", summary)

    def test_open_round_keeps_its_prices_a_new_round_loads_the_catalogue(self):
        self._preview(CATALOGUE).action_apply()
        self.assertEqual(self.round.state, "open")
        self.assertEqual((self.flour_line.price, self.oats_line.case_size), (2.0, 10))
        self.assertIn(self.rye, self.round.line_ids.product_id)
        later = self.env["coop.purchase.round"].create(
            {
                "name": "After the new catalogue",
                "supplier_ids": [(6, 0, self.mill.ids)],
                "date_open": OPEN + timedelta(days=7),
                "date_close": OPEN + timedelta(days=12),
                "participant_category_id": self.tag.id,
            }
        )
        later.action_load_catalogue()
        offer = {line.product_id.name: line for line in later.line_ids}
        self.assertEqual(set(offer), {"Flour 1.5kg", "Oats 1kg", "Spelt 1kg"})
        self.assertEqual(offer["Flour 1.5kg"].price, 2.2)
        self.assertEqual(offer["Oats 1kg"].case_size, 12)
        self.assertEqual((offer["Spelt 1kg"].price, offer["Spelt 1kg"].case_size), (3.1, 8))

    def test_same_file_twice_changes_nothing(self):
        self._preview(CATALOGUE).action_apply()
        entries = self.Supplierinfo.search_read(
            [("partner_id", "=", self.mill.id)], ["price", "product_code", "date_end"]
        )
        products = self.env["product.product"].search_count([])
        packagings = self.env["product.packaging"].search_read([], ["qty"])
        messages = len(self.mill.message_ids)
        again = self._preview(CATALOGUE)
        self.assertEqual(self._counts(again), (0, 0, 0, 3, 0))
        again.action_apply()
        self.assertEqual(
            self.Supplierinfo.search_read(
                [("partner_id", "=", self.mill.id)], ["price", "product_code", "date_end"]
            ),
            entries,
        )
        self.assertEqual(self.env["product.product"].search_count([]), products)
        self.assertEqual(self.env["product.packaging"].search_read([], ["qty"]), packagings)
        self.assertEqual(len(self.mill.message_ids), messages, "no message when nothing changed")

    def test_an_imported_catalogue_cannot_be_applied_again(self):
        wizard = self._preview(CATALOGUE)
        wizard.action_apply()
        products = self.env["product.product"].search_count([])
        with self.assertRaisesRegex(UserError, "already imported"):
            wizard.action_apply()
        with self.assertRaisesRegex(UserError, "already imported"):
            wizard.action_preview()
        self.assertEqual(self.env["product.product"].search_count([]), products)

    def test_from_the_suppliers_form(self):
        button = self.env.ref("coop_purchase.action_coop_purchase_catalogue_import")
        organiser = new_test_user(
            self.env,
            login="catalogue_form_organiser",
            groups="coop_purchase.group_coop_purchase_user",
        )
        for user, shown in ((self.manager, True), (organiser, False)):
            arch = self.env["res.partner"].with_user(user).get_views([(False, "form")])
            arch = arch["views"]["form"]["arch"]
            self.assertEqual(f'name="{button.id}"' in arch, shown, user.login)
        Wizard = self.env["coop.purchase.catalogue.import"].with_user(self.manager)
        with Form(Wizard.with_context(default_supplier_id=self.mill.id)) as form:
            self.assertEqual(form.supplier_id, self.mill)
            form.file = base64.b64encode(CATALOGUE.encode())
        wizard = form.record
        wizard.file_name = "catalogue.csv"  # the upload widget's part
        self.assertEqual(wizard.currency_id, self.company.currency_id)
        wizard.action_preview()
        self.assertEqual((wizard.state, wizard.changed_count), ("preview", 2))
        wizard.action_back()
        self.assertEqual((wizard.state, wizard.line_ids.ids), ("upload", []))

    def test_a_dropped_product_listed_again_gets_a_new_entry(self):
        self._preview(CATALOGUE).action_apply()
        ended = self._entry(self.rye)
        wizard = self._preview(CATALOGUE + "RY1,Rye 1kg,1.90,1,\n")
        self.assertEqual(self._lines(wizard)["RY1"].status, "new")
        wizard.action_apply()
        self.assertEqual(ended.price, 1.8, "history is kept")
        self.assertEqual(self._entry(self.rye).price, 1.9)
        self.assertFalse(self._entry(self.rye).date_end)

    def test_every_problem_is_explained_and_refuses_the_import(self):
        wizard = self._preview(
            "Code,Name,Price,Case Size,Unit\n"
            ",,1.0,1,\n"
            "P1,Pea,abc,1,\n"
            "P2,Bean,-1,1,\n"
            "P3,Lentil,1,0,\n"
            "P4,Chickpea,1,2.5,\n"
            "D1,Dup A,1,1,\n"
            "D1,Dup B,1,1,\n"
            "U1,Rice,1,1,Bushel\n"
            "N1,,1,1,\n"
            "P5,Barley,,1,\n"
        )
        problems = {line.row: line.problem for line in wizard.line_ids if line.status == "problem"}
        self.assertEqual(
            problems,
            {
                2: "Give a supplier product code or a product name.",
                3: "The price “abc” is not a number.",
                4: "The price cannot be negative.",
                5: "The case size “0” is not a whole number above zero.",
                6: "The case size “2.5” is not a whole number above zero.",
                7: "The code D1 is on several rows (7, 8).",
                8: "The code D1 is on several rows (7, 8).",
                9: "Unknown unit “Bushel”.",
                10: "No product has the code N1: give its name to create it.",
                11: "The row has no price.",
            },
        )
        self.assertEqual(wizard.problem_count, 10)
        with self.assertRaisesRegex(UserError, "10 rows have problems"):
            wizard.action_apply()

    def test_ambiguous_archived_repeated_and_wrong_unit_rows(self):
        self.env["product.product"].create(
            [
                {"name": "Barley", "type": "consu"},
                {"name": "Barley", "type": "consu"},
                {"name": "Old bran", "type": "consu", "barcode": "2000000000039", "active": False},
            ]
        )
        wizard = self._preview(
            "Code,Name,Price,Case Size,Barcode,Unit\n"
            "BA1,Barley,1,1,,\n"
            "BR1,Bran,1,1,2000000000039,\n"
            "FL15,Flour 1.5kg,2,6,,kg\n"
            "OA1,Oats 1kg,1.5,10,,\n"
            "OA2,Oats 1kg,1.5,10,,\n"
            "RY1,Rye 1kg,1.8,1,,\n"
        )
        problems = {line.row: line.problem for line in wizard.line_ids if line.status == "problem"}
        self.assertEqual(
            problems,
            {
                2: "Several products are named “Barley”: give a code or a barcode.",
                3: "The barcode 2000000000039 belongs to Old bran, which is archived.",
                4: "Flour 1.5kg is bought in Units: leave the unit empty, or change the "
                "product's purchase unit first.",
                6: "Row 5 already sets Oats 1kg.",
            },
        )
        self.assertEqual(self._counts(wizard), (0, 0, 0, 2, 4))

    def test_problems_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["coop_purchase"], ["fr_FR"])
        wizard = self._wizard("Code,Name,Price\nP1,Pea,abc\n").with_context(lang="fr_FR")
        wizard.action_preview()
        self.assertEqual(
            wizard.line_ids.filtered(lambda line: line.row == 2).problem,
            "Le prix « abc » n'est pas un nombre.",
        )

    def test_rows_with_problems_can_be_skipped(self):
        wizard = self._preview(
            "Code,Name,Price,Case Size\n"
            "FL15,Flour 1.5kg,-2,6\n"  # a problem: flour keeps its price and is not dropped
            "OA1,Oats 1kg,1.60,10\n"
            "RY1,Rye 1kg,1.80,1\n"
        )
        self.assertEqual(self._counts(wizard), (1, 0, 0, 1, 1))
        wizard.skip_problems = True
        wizard.action_apply()
        self.assertEqual(self._entry(self.flour).price, 2.0)
        self.assertFalse(self._entry(self.flour).date_end)
        self.assertEqual(self._entry(self.oats).price, 1.6)
        self.assertIn("1 rows skipped", self.mill.message_ids[0].body)

    def test_existing_products_matched_by_barcode_then_name(self):
        buckwheat, millet = self.env["product.product"].create(
            [
                {"name": "Buckwheat", "type": "consu", "barcode": "2000000000022"},
                {"name": "Millet", "type": "consu"},
            ]
        )
        wizard = self._preview(
            CATALOGUE + "BW1,Buckwheat flour,2.40,1,2000000000022\n" + "MI1,Millet,1.10,1,\n"
        )
        lines = self._lines(wizard)
        self.assertEqual((lines["BW1"].product_id, lines["BW1"].status), (buckwheat, "new"))
        self.assertEqual(lines["BW1"].changes, "new price list entry")
        self.assertEqual(lines["MI1"].product_id, millet)
        products = self.env["product.product"].search_count([])
        wizard.action_apply()
        self.assertEqual(self.env["product.product"].search_count([]), products + 1, "spelt only")
        self.assertEqual((self._entry(buckwheat).price, self._entry(millet).price), (2.4, 1.1))

    def test_semicolons_bom_decimal_commas_and_loose_headers(self):
        content = (
            "\ufeff  PRODUCT CODE ;product_name;Unit Price;case-size;Tax Free;unit\n"
            "FL15;Flour 1.5kg;2,20;6;;\n"
            "OA1;Oats 1kg;1,50;10;no;\n"
            "RY1;Rye 1kg;1,80;1;;\n"
            "SA1;Sea salt;0,90;12;yes;Units\n"
            "SU1;Sugar;1,20;10;no;\n"
        ).encode()
        self.assertTrue(content.startswith(b"\xef\xbb\xbf"))
        group = self.env["account.tax.group"].create({"name": "VAT"})
        vat, input_vat = self.env["account.tax"].create(
            [
                {
                    "name": "VAT 5.5%",
                    "amount": 5.5,
                    "type_tax_use": use,
                    "tax_group_id": group.id,
                    "country_id": self.env.ref("base.fr").id,
                }
                for use in ("sale", "purchase")
            ]
        )
        self.company.write({"account_sale_tax_id": vat.id, "account_purchase_tax_id": input_vat.id})
        wizard = self._preview(content)
        self.assertEqual(self._counts(wizard), (1, 2, 0, 2, 0))
        self.assertEqual(self._lines(wizard)["FL15"].new_price, 2.2)
        wizard.action_apply()
        salt, sugar = (
            self.env["product.product"].search([("name", "=", name)])
            for name in ("Sea salt", "Sugar")
        )
        self.assertEqual(self._entry(salt).price, 0.9)

        # Odoo gives a shared product the other companies' default taxes: only ours count.
        def ours(taxes):
            return taxes.filtered(lambda t: t.company_id == self.company)

        self.assertFalse(ours(salt.taxes_id | salt.supplier_taxes_id), "tax free")
        self.assertEqual((ours(sugar.taxes_id), ours(sugar.supplier_taxes_id)), (vat, input_vat))

    def test_xlsx(self):
        book = openpyxl.Workbook()
        sheet = book.active
        for row in (
            ("Code", "Name", "Price", "Case size"),
            ("FL15", "Flour 1.5kg", 2.2, 6),
            ("OA1", "Oats 1kg", 1.5, 12),
            ("RY1", "Rye 1kg", 1.8, 1),
        ):
            sheet.append(row)
        data = io.BytesIO()
        book.save(data)
        wizard = self._preview(data.getvalue(), file_name="catalogue.xlsx")
        self.assertEqual(self._counts(wizard), (2, 0, 0, 1, 0))
        wizard.action_apply()
        self.assertEqual(self._entry(self.flour).price, 2.2)

    def test_a_file_without_the_needed_columns_is_refused(self):
        with self.assertRaisesRegex(UserError, "needs a Price column"):
            self._preview("Code,Name\nFL15,Flour\n")

    def test_all_or_nothing(self):
        wizard = self._preview(CATALOGUE)
        # The last step fails: the prices written before it go too.
        with (
            patch.object(
                self.registry["res.partner"], "message_post", side_effect=UserError("mail down")
            ),
            self.assertRaisesRegex(UserError, "mail down"),
        ):
            wizard.action_apply()
        self.env.invalidate_all()
        self.assertEqual(self._entry(self.flour).price, 2.0)
        self.assertFalse(self._entry(self.rye).date_end)
        self.assertFalse(self.env["product.product"].search([("name", "=", "Spelt 1kg")]))

    def test_only_managers_import(self):
        member = self.env["res.partner"].create({"name": "Member"})
        refused = [
            portal_user(self.env, "catalogue_portal", member),
            new_test_user(self.env, login="catalogue_cashier", groups=cashier_groups(self.env)),
            new_test_user(
                self.env,
                login="catalogue_organiser",
                groups="coop_purchase.group_coop_purchase_user",
            ),
        ]
        wizard = self._wizard(CATALOGUE)
        for user in refused:
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["coop.purchase.catalogue.import"].with_user(user).create(
                    {"supplier_id": self.mill.id}
                )
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                wizard.with_user(user).action_preview()
        buyer = new_test_user(
            self.env,
            login="catalogue_buyer",
            groups="purchase.group_purchase_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        buyer_wizard = wizard.with_user(buyer)
        buyer_wizard.action_preview()
        buyer_wizard.action_apply()
        self.assertEqual(self._entry(self.flour).price, 2.2)


@tagged("post_install", "-at_install")
class TestCatalogueImportTour(GroupOrderSetup, HttpCase):
    """A manager imports the mill's catalogue from the mill's form in the web client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enter_own_company("Catalogue Tour Co-op")
        cls._mill_catalogue()
        cls.rye = cls.env["product.product"].create({"name": "Rye 1kg", "type": "consu"})
        cls.env["product.supplierinfo"].create(
            {"partner_id": cls.mill.id, "product_id": cls.rye.id, "price": 1.8}
        )
        infos = cls.env["product.supplierinfo"].search([("partner_id", "=", cls.mill.id)])
        for info, code in zip(infos.sorted("id"), ("FL15", "OA1", "RY1"), strict=True):
            info.product_code = code
        cls.manager = new_test_user(
            cls.env,
            login="catalogue_tour_manager",
            groups="base.group_user,base.group_partner_manager,"
            "coop_purchase.group_coop_purchase_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def test_tour_preview_and_apply(self):
        self.start_tour(
            f"/odoo/res.partner/{self.mill.id}",
            "coop_purchase_catalogue_import",
            login=self.manager.login,
        )
        info = self.env["product.supplierinfo"].search(
            [("partner_id", "=", self.mill.id), ("product_id", "=", self.flour.id)]
        )
        self.assertEqual(info.price, 2.2)
        self.assertIn("Catalogue catalogue.csv imported", self.mill.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestCatalogueImportScale(GroupOrderSetup, TransactionCase):
    """A wholesaler's full catalogue: reads and writes are batched, not made row by row."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enter_own_company("Wholesale Co-op")
        cls.manager = new_test_user(
            cls.env,
            login="catalogue_scale_manager",
            groups="coop_purchase.group_coop_purchase_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def _queries(self, size):
        """Queries to preview and apply a catalogue of `size` rows: a tenth of the prices
        change, a tenth of the products are new, one is dropped."""
        supplier = self.env["res.partner"].create({"name": f"Wholesaler {size}"})
        products = self.env["product.product"].create(
            [{"name": f"Item {size}-{i}", "type": "consu"} for i in range(size)]
        )
        self.env["product.supplierinfo"].create(
            [
                {
                    "partner_id": supplier.id,
                    "product_id": product.id,
                    "price": 1.0,
                    "product_code": f"C{i}",
                }
                for i, product in enumerate(products)
            ]
        )
        rows = ["Code,Name,Price,Case Size"]
        rows += [f"C{i},Item {size}-{i},{1.5 if i % 10 == 0 else 1.0},1" for i in range(1, size)]
        rows += [f"N{i},New {size}-{i},2.0,6" for i in range(size // 10)]
        wizard = (
            self.env["coop.purchase.catalogue.import"]
            .with_user(self.manager)
            .create(
                {
                    "supplier_id": supplier.id,
                    "file": base64.b64encode("\n".join(rows).encode()),
                    "file_name": "big.csv",
                }
            )
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        wizard.action_preview()
        self.assertEqual(
            (wizard.changed_count, wizard.new_count, wizard.dropped_count, wizard.problem_count),
            (len(range(10, size, 10)), size // 10, 1, 0),
        )
        wizard.action_apply()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_2000_rows_cost_no_more_queries_per_row(self):
        self._queries(20)  # warms caches shared by every import
        small, large = self._queries(200), self._queries(2000)
        # Measured: 119 queries for 200 rows, 149 for 2,000. Odoo inserts in batches of 100
        # rows, so ten times the rows adds a few dozen queries, never one per row.
        self.assertLess(large, 2000 // 10)
        self.assertLess(large - small, 2000 // 50)
