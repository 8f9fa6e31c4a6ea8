import json

from odoo.tests import BaseCase, HttpCase, TransactionCase, tagged
from odoo.tools.misc import format_amount

from odoo.addons.coop_purchase.controllers.portal import CoopPurchasePortal
from odoo.addons.coop_purchase.kernels.cases import case_fill

# Sizes and totals where rounding, empty and exactly full cases, and large numbers show.
TABLE = [
    (units, size)
    for size in (1, 2, 3, 6, 7, 8, 12, 24, 40, 200)
    for units in (0, 1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 23, 25, 99, 100, 101, 1001)
]


@tagged("post_install", "-at_install")
class TestCaseFillKernel(BaseCase):
    def test_an_empty_case_asks_for_a_whole_one(self):
        self.assertEqual(case_fill(0, 6), (0, 0, 6, 0))
        self.assertEqual(case_fill(12, 6), (2, 0, 6, 0))

    def test_a_started_case(self):
        self.assertEqual(case_fill(14, 6), (2, 2, 4, 33))
        self.assertEqual(case_fill(5, 6), (0, 5, 1, 83))

    def test_half_percents_round_up_like_the_browser(self):
        """1 of 8 is 12.5 %: Python's round() would say 12, the page's script 13."""
        self.assertEqual(case_fill(1, 8).percent, 13)
        self.assertEqual(case_fill(3, 8).percent, 38)
        self.assertEqual(case_fill(1, 200).percent, 1)

    def test_nothing_below_zero_and_no_empty_case(self):
        self.assertEqual(case_fill(-3, 6), (0, 0, 6, 0))
        with self.assertRaisesRegex(ValueError, "at least one unit"):
            case_fill(3, 0)

    def test_the_table_is_consistent(self):
        for units, size in TABLE:
            fill = case_fill(units, size)
            self.assertEqual(fill.full_cases * size + fill.filled, units)
            self.assertEqual(fill.filled + fill.missing, size)
            self.assertTrue(0 <= fill.percent < 100, (units, size))


@tagged("post_install", "-at_install")
class TestCaseFillInTheBrowser(HttpCase):
    """The basket page's script computes the fill bar with the same rule as the server."""

    def test_the_page_script_agrees_with_the_kernel(self):
        expected = [
            [units, size, *case_fill(units, size)] for units, size in TABLE + [(1, 8), (3, 8)]
        ]
        code = f"""
            const {{ caseFill }} = odoo.loader.modules.get("@coop_purchase/portal/case_fill");
            const differences = [];
            for (const [units, size, fullCases, filled, missing, percent] of {json.dumps(expected)}) {{
                const got = caseFill(units, size);
                if (got.fullCases !== fullCases || got.filled !== filled
                        || got.missing !== missing || got.percent !== percent) {{
                    differences.push({{ units, size, got }});
                }}
            }}
            if (differences.length) {{
                console.error("the page disagrees with the kernel: " + JSON.stringify(differences));
            }} else {{
                console.log("test successful");
            }}
        """
        self.authenticate("admin", "admin")
        self.browser_js(
            "/my", code, ready="odoo.loader.modules.has('@coop_purchase/portal/case_fill')"
        )


@tagged("post_install", "-at_install")
class TestBasketPrices(TransactionCase):
    """The basket page writes each price as Odoo's monetary widget would, in the reader's
    language, without asking the widget for each of hundreds of products."""

    def test_prices_read_as_the_monetary_widget_writes_them(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        euro = self.env.ref("base.EUR")
        pound = self.env.ref("base.GBP")
        for lang in ("en_US", "fr_FR"):
            for currency in (euro, pound):
                currency = currency.with_context(lang=lang)
                price_text = CoopPurchasePortal()._coop_price_formatter(currency)
                for amount in (0, 0.5, 2.345, 7.1, 1234.5, 98765.432, -3.2, 1234567.891):
                    self.assertEqual(
                        price_text(amount),
                        format_amount(currency.env, amount, currency, lang),
                        (lang, currency.name, amount),
                    )
