"""Every page a member (or a consignor) reaches from /my, as the demo's people see it.

The pages are found by following the links of /my, so a page no tile or link leads to is
also caught: every GET page of the co-op's portal controllers must be among those reached.
"""

import html
import re
from collections import deque

from odoo.tests import HttpCase, tagged
from odoo.tools.misc import file_open

# "08:04:38": a timestamp as a database writes it, not as people write a time.
SECONDS = re.compile(r"(?<![\d:])\d{1,2}:\d{2}:\d{2}(?![\d:])")
# Links, and forms that only ask a page (method="get").
LINK = re.compile(r'href="(/my[^"#]*)"|<form action="(/my[^"#]*)" method="get"')
# Pages that are files, or that would change something, are not read here.
NOT_A_PAGE = re.compile(r"\.pdf$|/download|/certificate|/card/|/documents/|/data-export")
MAX_PAGES = 80
COUNTER = re.compile(r'data-placeholder_count="(\w+)"')
ICON = re.compile(r'<div class="o_portal_icon[^"]*">\s*<img [^>]*?\bsrc="([^"]+)"')
SVG_64 = re.compile(r'<svg\b[^>]*\bwidth="64" height="64"')
TILE = re.compile(r'<div class="o_portal_index_card.*?</a>', re.DOTALL)


def visible_text(page):
    """What a reader sees of a page: no scripts, styles or tags, entities decoded."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL | re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@tagged("post_install", "-at_install")
class TestMemberPages(HttpCase):
    def _home_without_hidden_tiles(self, home):
        """/my as the member sees it: a tile shows once its counter (asked by the page's
        script from /my/counters) is not zero; until then it is in the page, hidden."""
        tiles = {tile: COUNTER.search(tile) for tile in TILE.findall(home)}
        names = [found.group(1) for found in tiles.values() if found]
        counters = self.make_jsonrpc_request("/my/counters", {"counters": names})
        for tile, found in tiles.items():
            if found and not counters.get(found.group(1)):
                home = home.replace(tile, "")
        return home

    def _crawl(self, user):
        """The pages reached from /my by following its links, with their text."""
        self.authenticate(user.login, user.login)
        pages, queue = {}, deque(["/my"])
        while queue and len(pages) < MAX_PAGES:
            url = queue.popleft()
            if url in pages:
                continue
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, f"{user.login}: {url}")
            if not response.headers.get("Content-Type", "").startswith("text/html"):
                continue
            pages[url] = response.text
            page = self._home_without_hidden_tiles(response.text) if url == "/my" else response.text
            for link in (href or action for href, action in LINK.findall(page)):
                link = html.unescape(link).split("?")[0].rstrip("/")
                link = "/my" if link in ("", "/my/home") else link
                if link not in pages and not NOT_A_PAGE.search(link):
                    queue.append(link)
        return pages

    def _coop_page_routes(self):
        """The co-op's own portal pages with no argument, read from the routing map."""
        routes = set()
        for rule in self.env["ir.http"].routing_map().iter_rules():
            endpoint = rule.endpoint
            module = getattr(endpoint, "original_endpoint", endpoint).__module__
            methods = endpoint.routing.get("methods") or ["GET"]
            if (
                module.startswith("odoo.addons.coop_")
                and rule.rule.startswith("/my/")
                and "<" not in rule.rule
                and "GET" in methods
                and endpoint.routing.get("type") == "http"
                and not NOT_A_PAGE.search(rule.rule)
            ):
                routes.add(rule.rule)
        return routes

    def _assert_reads_like_people_write(self, user, pages):
        company = user.company_id
        self.assertFalse(company.uses_default_logo, "the demo company has its own logo")
        placeholder = file_open("web/static/img/nologo.png", "rb").read()
        logo = self.url_open(f"/logo.png?company={company.id}").content
        self.assertNotEqual(logo, placeholder)
        for url, page in pages.items():
            with self.subTest(user=user.login, url=url):
                text = visible_text(page)
                self.assertNotRegex(text, SECONDS)
                self.assertNotIn("Your logo", text)
                self.assertIn(f"/logo.png?company={company.id}", page)

    def _assert_tile_icons_alike(self, home):
        """Every tile of /my draws its icon as Odoo's own tiles do: a 64×64 pictogram."""
        icons = ICON.findall(home)
        self.assertTrue(icons)
        for icon in icons:
            with self.subTest(icon=icon):
                self.assertRegex(self.url_open(icon).text[:300], SVG_64)

    def test_a_member_reaches_every_page_and_reads_plain_times(self):
        member = self.env.ref("coop_membership.user_priya")
        pages = self._crawl(member)
        for url in ("/my/membership", "/my/shifts", "/my/group-orders", "/my/tickets"):
            self.assertIn(url, set(pages), "a tile or a link of /my leads there")
        self._assert_reads_like_people_write(member, pages)
        self._assert_tile_icons_alike(pages["/my"])
        # Every co-op page is reached from /my by the member or, below, by the consignor.
        consignor = self.env.ref("coop_culture.user_ruth")
        consignor_pages = self._crawl(consignor)
        self.assertIn("/my/consignment", set(consignor_pages))
        self.assertNotIn("/my/consignment", set(pages), "the consignment tile is for consignors")
        self._assert_reads_like_people_write(consignor, consignor_pages)
        missing = self._coop_page_routes() - set(pages) - set(consignor_pages)
        self.assertFalse(missing, "pages no link of /my leads to")

    def test_the_assembly_notice_writes_a_plain_time(self):
        voter = self.env["coop.assembly.voter"].search(
            [("assembly_id", "=", self.env.ref("coop_assembly.assembly_this_year").id)], limit=1
        )
        template = self.env.ref("coop_assembly.mail_template_coop_assembly_notice")
        body = template._render_field("body_html", voter.ids)[voter.id]
        when = voter.company_id._coop_format_moment(voter.assembly_id.date_begin)
        self.assertIn(when, body)
        self.assertNotRegex(visible_text(body), SECONDS)

    def test_the_public_join_page_reads_plain_times(self):
        """The join form (public) lists the information meetings with their times."""
        page = self.url_open("/coop/join")
        self.assertEqual(page.status_code, 200)
        meeting = self.env.ref("coop_governance.event_info_session_next")
        when = self.env.ref("base.main_company")._coop_format_moment(meeting.date_begin)
        self.assertIn(when, visible_text(page.text))
        self.assertNotRegex(visible_text(page.text), SECONDS)
        self.assertNotIn("Your logo", visible_text(page.text))
