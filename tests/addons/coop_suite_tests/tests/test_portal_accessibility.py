"""Every portal page a member uses passes axe-core's WCAG 2 A and AA rules.

axe-core is fetched by bin/test and .ci/run into .cache/axe (not committed); without it this
test fails rather than skips, since a check that did not run is no pass."""

import json
import re

from odoo.tests import HttpCase, tagged

from odoo.addons.coop_suite_tests.controllers.axe import AXE_PATH

# Violations from Odoo's own portal layout, which our addons do not render: each entry is a
# rule id and the CSS selector axe reports, with why it cannot be fixed here. Keep it short;
# the README lists them.
EXCLUDED = {}

PAGE_STARTED = "!!(odoo.__WOWL_DEBUG__ && odoo.__WOWL_DEBUG__.root)"

AXE_CODE = """
new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = "/coop_suite_tests/axe.min.js";
    script.onload = resolve;
    script.onerror = () => { console.error("axe-core could not be loaded"); };
    document.head.appendChild(script);
}).then(() => axe.run(document, {runOnly: ["wcag2a", "wcag2aa"], resultTypes: ["violations"]}))
.then((results) => {
    const excluded = %(excluded)s;
    const found = [];
    for (const violation of results.violations) {
        for (const node of violation.nodes) {
            const target = node.target.join(" ");
            if ((excluded[violation.id] || []).includes(target)) {
                continue;
            }
            found.push(violation.id + " at " + target + ": " + node.failureSummary.replace(/\\s+/g, " "));
        }
    }
    if (found.length) {
        console.error("axe violations on " + location.pathname + ":\\n" + found.join("\\n"));
    } else {
        console.log("test successful");
    }
});
"""


@tagged("post_install", "-at_install")
class TestPortalAccessibility(HttpCase):
    def _links(self, listing, pattern):
        response = self.url_open(listing)
        self.assertEqual(response.status_code, 200, listing)
        return sorted(set(re.findall(pattern, response.text)))

    def _member_pages(self, login):
        self.authenticate(login, login)
        partner = self.env["res.users"].search([("login", "=", login)]).partner_id
        pages = [
            "/my",
            "/my/home",
            "/my/membership",
            f"/my/membership/card/{partner.id}",
            "/my/shifts",
            "/my/group-orders",
            "/my/tickets",
            "/my/assemblies",
            "/my/working-groups",
            "/my/balance",
            "/my/purchases",
            "/my/account",
            "/my/invoices",
        ]
        # One page of each kind the listings link to: a round, an assembly, a working group,
        # a purchase at the till.
        for listing, pattern in [
            ("/my/group-orders", r'href="(/my/group-orders/\d+)"'),
            ("/my/assemblies", r'href="(/my/assemblies/\d+)"'),
            ("/my/working-groups", r'href="(/my/working-groups/\d+)"'),
            ("/my/purchases", r'href="(/my/purchases/till/\d+)"'),
        ]:
            links = self._links(listing, pattern)
            self.assertTrue(links, f"{login} has nothing to open from {listing}")
            pages.append(links[0])
        return pages

    def test_member_pages_pass_axe(self):
        self.assertTrue(
            AXE_PATH.is_file(),
            f"axe-core is missing ({AXE_PATH}): run bin/test or "
            "'npm pack axe-core@4.10 && tar xzf' into .cache/axe (see the README)",
        )
        code = AXE_CODE % {"excluded": json.dumps(EXCLUDED)}
        failures = []
        pages = [("priya", page) for page in self._member_pages("priya")]
        # A household: the member's page and the card of each person on it.
        self.authenticate("kwame", "kwame")
        cards = self._links("/my/membership", r'href="(/my/membership/card/\d+)"')
        self.assertGreater(len(cards), 1, "kwame's household has two cards")
        pages += [("kwame", page) for page in ["/my/membership", *cards]]
        for login, page in pages:
            self.authenticate(login, login)
            self.assertEqual(self.url_open(page).status_code, 200, page)
            try:
                # Once the page's scripts have started: a fetch they leave running when the
                # test ends would be logged as an error after it.
                self.browser_js(page, code, ready=PAGE_STARTED, login=login, timeout=60)
            except AssertionError as error:
                # The error repeats the injected code; keep axe's list only.
                failures.append(f"{login} {page}: {str(error).rpartition('axe violations on ')[2]}")
        self.assertFalse(failures, "\n\n".join(failures))
