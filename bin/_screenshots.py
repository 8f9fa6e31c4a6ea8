"""The core of bin/screenshots: logs in to a running Odoo as each role, opens every page that
role uses in headless Chromium (DevTools protocol), saves a PNG per page and language, and
writes index.html. Fails (exit 1) when a page answers an HTTP error, shows Odoo's error
dialog or never shows what it should.

    python3 bin/_screenshots.py --url http://localhost:8190 --db coop [--only member]
        [--lang en] [--output screenshots] [--readme]
"""

import argparse
import base64
import html
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import requests
import websocket

PHONE = {"width": 390, "height": 844, "mobile": True}
TABLET = {"width": 1024, "height": 768, "mobile": True}
DESKTOP = {"width": 1400, "height": 900, "mobile": False}

PORTAL_READY = "main, #wrap"
BACKEND_READY = ".o_action_manager > .o_action .o_content, .o_action_manager > .o_action"
POS_READY = ".product-screen, .open-register-btn"
# The till asks to open the register once per browser; then its product screen shows.
POS_OPEN = (".open-register-btn", ".product-screen", True)
ERROR_SELECTOR = ".o_error_dialog, .o_dialog .o_error_detail, .o_technical_modal .o_error_detail"

LANGS = {"en": "en_US", "fr": "fr_FR"}


def page(name, caption, path, ready=PORTAL_READY, steps=(), readme=None):
    """One picture: path (or a callable of the site giving it), the selector showing the page
    is there, steps to take then (what to click, what to wait for after it, and whether the
    step is skipped when there is nothing to click), and the file name in docs/screenshots
    that --readme refreshes."""
    return {
        "name": name,
        "caption": caption,
        "path": path,
        "ready": ready,
        "steps": steps,
        "readme": readme,
    }


def link(listing, pattern):
    """The first link matching pattern on a listing page, as the user sees it."""
    return lambda site: site.first_link(listing, pattern)


def action(xmlid, record=None):
    """An action of the back office by the XML id of its menu or action, with a record."""
    return lambda site: site.action_path(xmlid, record(site) if record else None)


MEMBER_PAGES = [
    page("home", "Portal home", "/my"),
    page("membership", "My membership", "/my/membership", readme="portal-membership-phone.png"),
    page("card", "Membership card", link("/my/membership", r"/my/membership/card/\d+")),
    page("shifts", "My shifts", "/my/shifts", readme="portal-shifts-phone.png"),
    page("group-orders", "Group orders", "/my/group-orders"),
    page(
        "group-order",
        "A round: filling a basket",
        link("/my/group-orders", r"/my/group-orders/\d+"),
        readme="portal-group-order-phone.png",
    ),
    page("tickets", "Tickets", "/my/tickets", readme="portal-tickets-phone.png"),
    page("assemblies", "Assemblies", "/my/assemblies"),
    page(
        "assembly",
        "An assembly: agenda and votes",
        link("/my/assemblies", r"/my/assemblies/\d+"),
        readme="portal-assembly-vote-phone.png",
    ),
    page("working-groups", "Working groups", "/my/working-groups"),
    page("working-group", "A working group", link("/my/working-groups", r"/my/working-groups/\d+")),
    page("balance", "My balance", "/my/balance"),
    page("purchases", "My purchases", "/my/purchases", readme="portal-purchases-phone.png"),
    page("receipt", "A till receipt", link("/my/purchases", r"/my/purchases/till/\d+")),
    page("invoices", "Invoices", "/my/invoices"),
    page("account", "My details", "/my/account"),
    page("join", "The join form", "/coop/join", readme="join-form-phone.png"),
]

HOUSEHOLD_PAGES = [
    page("membership", "A household's membership", "/my/membership"),
    page("card", "A household member's card", link("/my/membership", r"/my/membership/card/\d+")),
    page("shifts", "A household's shifts", "/my/shifts"),
]

CONSIGNOR_PAGES = [
    page("consignment", "My consignment", "/my/consignment"),
    page(
        "consigned-product",
        "A consigned product",
        link("/my/consignment", r"/my/consignment/products/\d+"),
    ),
]

CASHIER_PAGES = [
    page("pos-products", "The till: products", lambda site: site.pos_path(), POS_READY, [POS_OPEN]),
    page(
        "pos-member-lookup",
        "The till: looking a member up",
        lambda site: site.pos_path(),
        POS_READY,
        [POS_OPEN, (".product-screen .set-partner", ".partner-list", False)],
    ),
]

LEADER_PAGES = [
    page(
        "door-sheet",
        "The door sheet",
        action("coop_shifts.action_coop_attendance_sheet"),
        BACKEND_READY,
    ),
    page(
        "assembly-door",
        "The assembly's door sign-in",
        action("coop_assembly.action_coop_assembly", lambda site: site.door_assembly()),
        ".o_form_view button[name=action_open_door]",
        [("button[name=action_open_door]", ".o_action_manager .o_action:not(.o_form_view)", False)],
    ),
]

STAFF_PAGES = [
    page("members", "Members", action("coop_membership.menu_coop_member"), BACKEND_READY),
    page(
        "member-form",
        "A member's form",
        action("coop_membership.menu_coop_member", lambda site: site.member_id()),
        ".o_form_view",
    ),
    page("shifts", "Shifts planning", action("coop_shifts.menu_coop_shift"), BACKEND_READY),
    page("teams", "Teams", action("coop_shifts.menu_coop_shift_template"), BACKEND_READY),
    page("rounds", "Group orders", action("coop_purchase.menu_coop_purchase_round"), BACKEND_READY),
    page(
        "round",
        "A round",
        action(
            "coop_purchase.menu_coop_purchase_round",
            lambda site: site.first_id("coop.purchase.round"),
        ),
        ".o_form_view",
    ),
]
REPORTING_MENUS = [
    "coop_reporting.menu_coop_member_count",
    "coop_reporting.menu_coop_capital_over_time",
    "coop_reporting.menu_coop_member_status_flow",
    "coop_reporting.menu_coop_shift_health",
    "coop_reporting.menu_coop_makeups_owed",
    "coop_reporting_sales.menu_coop_sales_report",
    "coop_reporting_sales.menu_coop_sales_per_household",
]
STAFF_PAGES += [
    page(f"report-{xmlid.split('.menu_coop_')[1]}", "Reporting", action(xmlid), BACKEND_READY)
    for xmlid in REPORTING_MENUS
]

TREASURER_PAGES = [
    page(
        "invoices",
        "Customer invoices",
        action("account.menu_action_move_out_invoice_type"),
        BACKEND_READY,
    ),
    page(
        "journal-items",
        "Journal items",
        action("account.menu_action_account_moves_all"),
        BACKEND_READY,
    ),
    page(
        "members-balances",
        "Members' balances",
        action("coop_purchase.menu_coop_purchase_member_account_lines"),
        BACKEND_READY,
    ),
    page(
        "payout-statements",
        "Payout statements",
        action("coop_payout.menu_coop_consignment_statement"),
        BACKEND_READY,
    ),
]

# A board member: the board's dashboard, the assemblies and the working groups.
BOARD_PAGES = [
    page(
        "dashboard",
        "The co-op at a glance",
        action("spreadsheet_dashboard.ir_actions_dashboard_action"),
        ".o_spreadsheet_dashboard_action .o-grid",
    ),
    page(
        "assemblies",
        "General assemblies",
        action("coop_assembly.menu_coop_assembly"),
        BACKEND_READY,
    ),
    page(
        "assembly-results",
        "A closed assembly's results",
        action(
            "coop_assembly.menu_coop_assembly",
            lambda site: site.first_id("coop.assembly", [("state", "=", "closed")]),
        ),
        ".o_form_view",
    ),
    page(
        "working-groups",
        "Working groups",
        action("coop_governance.menu_coop_working_group"),
        BACKEND_READY,
    ),
]

# role: (login, viewport, pages). The logins other than admin, priya and kwame are made by
# bin/screenshots on its throwaway database (see ROLE_USERS there).
ROLES = {
    "member": ("priya", PHONE, MEMBER_PAGES),
    "household": ("kwame", PHONE, HOUSEHOLD_PAGES),
    "consignor": ("ruth", PHONE, CONSIGNOR_PAGES),
    "cashier": ("cashier", DESKTOP, CASHIER_PAGES),
    "leader": ("leader", TABLET, LEADER_PAGES),
    "staff": ("admin", DESKTOP, STAFF_PAGES),
    "treasurer": ("treasurer", DESKTOP, TREASURER_PAGES),
    "board": ("board", DESKTOP, BOARD_PAGES),
}


class PageError(Exception):
    pass


class Site:
    """The running Odoo, seen by requests: logs in and finds the ids pages need."""

    def __init__(self, url, db):
        self.url, self.db = url.rstrip("/"), db
        self.admin = self.login("admin")

    def login(self, login, password=None):
        session = requests.Session()
        response = session.post(
            f"{self.url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": self.db, "login": login, "password": password or login},
            },
            timeout=60,
        )
        if "error" in response.json() or not session.cookies.get("session_id"):
            raise PageError(f"cannot log in as {login}: {response.text[:300]}")
        session.login = login
        return session

    def call(self, model, method, *args, **kwargs):
        response = self.admin.post(
            f"{self.url}/web/dataset/call_kw",
            json={
                "jsonrpc": "2.0",
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
            },
            timeout=120,
        ).json()
        if "error" in response:
            raise PageError(f"{model}.{method}: {response['error']['data']['message']}")
        return response["result"]

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            ["model", "res_id"],
        )
        if not rows:
            raise PageError(f"no record {xmlid}")
        return rows[0]["model"], rows[0]["res_id"]

    def action_path(self, xmlid, record_id=None):
        model, res_id = self.ref(xmlid)
        if model == "ir.ui.menu":
            menu = self.call("ir.ui.menu", "read", [res_id], ["action"])[0]
            res_id = int(menu["action"].split(",")[1])
        return f"/odoo/action-{res_id}" + (f"/{record_id}" if record_id else "")

    def first_id(self, model, domain=()):
        ids = self.call(model, "search", list(domain), limit=1)
        if not ids:
            raise PageError(f"no {model} to show")
        return ids[0]

    def member_id(self):
        return self.first_id("res.partner", [("coop_member_number", "!=", False)])

    def door_assembly(self):
        return self.first_id("coop.assembly", [("state", "in", ["convened", "in_session"])])

    def pos_path(self):
        config = self.first_id("pos.config")
        return f"/pos/ui?config_id={config}"

    def first_link(self, listing, pattern):
        response = self.session.get(self.url + listing, timeout=60)
        found = re.findall(rf'href="({pattern})"', response.text)
        if response.status_code != 200 or not found:
            raise PageError(f"{listing} ({response.status_code}) links to nothing like {pattern}")
        return found[0]


def _unlimited_memory():
    # Odoo caps its own address space (limit_memory_hard), which Chromium's V8 outgrows
    # at once: lifted for the browser only, as Odoo's test browser does.
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


class Chrome:
    """One headless Chromium, driven over the DevTools protocol."""

    def __init__(self):
        binary = (
            shutil.which("chromium")
            or shutil.which("chromium-browser")
            or shutil.which("google-chrome")
        )
        if not binary:
            raise PageError("no Chromium on the PATH")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.profile = tempfile.mkdtemp(prefix="coop-shots-")
        self.stderr = open(os.path.join(self.profile, "stderr.log"), "w+")  # noqa: SIM115
        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--remote-debugging-port={port}", f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=self.stderr, preexec_fn=_unlimited_memory,  # noqa: PLW1509
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=5) as answer:
                    tabs = json.load(answer)
                target = next(tab for tab in tabs if tab["type"] == "page")
                break
            except Exception as error:  # noqa: BLE001 (any error: not up yet)
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stderr.seek(0)
                    log = self.stderr.read()[-1000:]
                    self.close()
                    raise PageError(f"Chromium did not start ({error!r}): {log}") from None
                time.sleep(0.2)
        self.ws = websocket.create_connection(
            target["webSocketDebuggerUrl"], timeout=120, suppress_origin=True
        )
        self.next_id = 0
        self.events = []
        self.inflight = {}
        for domain in ("Page", "Network", "Runtime"):
            self.call(f"{domain}.enable")

    def close(self):
        self.process.kill()
        self.process.wait()
        self.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def keep_failure(self, path):
        """What the browser showed when a page failed, to see why."""
        try:
            data = self.call("Page.captureScreenshot", format="png")["data"]
        except (PageError, websocket.WebSocketException):
            return
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))

    def _event(self, message):
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            # The bus's shared worker stays open as long as the page does: not a page load.
            if "websocket_worker" not in params["request"]["url"]:
                self.inflight[params["requestId"]] = params["request"]["url"]
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            self.inflight.pop(params["requestId"], None)
        elif method == "Network.responseReceived" and params.get("type") == "Document":
            self.events.append(
                ("document", params["response"]["status"], params["response"]["url"])
            )
        elif method == "Runtime.exceptionThrown":
            self.events.append(("exception", 0, params["exceptionDetails"].get("text", "")))

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise PageError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._event(message)

    def pump(self, seconds):
        """Reads events for a while (network activity, errors)."""
        self.ws.settimeout(seconds)
        try:
            while True:
                self._event(json.loads(self.ws.recv()))
        except websocket.WebSocketTimeoutException:
            pass
        finally:
            self.ws.settimeout(120)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        """Waits for selector, then for the network to be quiet for half a second."""
        deadline = time.monotonic() + timeout
        error, wanted = json.dumps(ERROR_SELECTOR), json.dumps(selector)
        check = f"document.querySelector({error}) ? 'error' : !!document.querySelector({wanted})"
        while True:
            failed = [event for event in self.events if event[0] == "document" and event[1] >= 400]
            if failed:
                raise PageError(f"HTTP {failed[0][1]} at {failed[0][2]}")
            state = self.evaluate(f"document.readyState === 'complete' && ({check})")
            if state == "error":
                text = self.evaluate(
                    f"document.querySelector({json.dumps(ERROR_SELECTOR)}).innerText.slice(0, 400)"
                )
                raise PageError(f"Odoo shows an error: {text}")
            if state is True and not self.inflight:
                self.pump(0.5)
                if not self.inflight:
                    return
            if time.monotonic() > deadline:
                loading = sorted(self.inflight.values())[:3]
                waiting = f", still loading {loading}" if loading else ""
                raise PageError(f"{selector!r} never showed{waiting}")
            self.pump(0.2)

    def shoot(self, base, session, path, viewport, ready, steps=()):
        host = base.split("//")[1].split(":")[0]
        self.call("Network.clearBrowserCookies")
        self.call(
            "Network.setCookie",
            name="session_id",
            value=session.cookies["session_id"],
            domain=host,
            path="/",
        )
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=viewport["width"], height=viewport["height"],
            deviceScaleFactor=2 if viewport["mobile"] else 1, mobile=viewport["mobile"],
        )  # fmt: skip
        self.call("Emulation.setTouchEmulationEnabled", enabled=viewport["mobile"])
        self.events.clear()
        self.inflight.clear()
        self.call("Page.navigate", url=base + path)
        self.wait_for(ready)
        for click, after, optional in steps:
            target = f"document.querySelector({json.dumps(click)})"
            clicked = self.evaluate(f"(el => el ? (el.click(), true) : false)({target})")
            if clicked:
                self.wait_for(after)
            elif not optional:
                raise PageError(f"nothing to click at {click!r}")
        errors = [event for event in self.events if event[0] == "document" and event[1] >= 400]
        errors += [event for event in self.events if event[0] == "exception"]
        if errors:
            raise PageError(f"errors while loading: {errors}")
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])


def run(url, db, output, roles, langs, readme_dir=None, pages=None, log=print):
    """Takes the pictures; returns (shots, failures). pages limits each role to those names."""
    site = Site(url, db)
    os.makedirs(output, exist_ok=True)
    shots, failures = [], []
    chrome = Chrome()
    try:
        for lang in langs:
            logins = [ROLES[role][0] for role in roles]
            user_ids = site.call("res.users", "search", [("login", "in", logins)])
            site.call("res.users", "write", user_ids, {"lang": LANGS[lang]})
            for role in roles:
                login, viewport, role_pages = ROLES[role]
                try:
                    site.session = site.login(login)
                except PageError as error:
                    failures.append((role, lang, "login", str(error)))
                    log(f"FAIL {role} {lang}: {error}")
                    continue
                for spec in role_pages:
                    if pages and spec["name"] not in pages:
                        continue
                    name = f"{role}-{spec['name']}-{lang}.png"
                    try:
                        path = spec["path"](site) if callable(spec["path"]) else spec["path"]
                        png = chrome.shoot(
                            site.url,
                            site.session,
                            path,
                            viewport,
                            spec["ready"],
                            spec["steps"],
                        )
                    except (
                        PageError,
                        requests.RequestException,
                        websocket.WebSocketException,
                    ) as error:
                        failures.append((role, lang, spec["name"], str(error)))
                        log(f"FAIL {role} {lang} {spec['name']}: {error}")
                        chrome.keep_failure(os.path.join(output, f"FAILED-{name}"))
                        continue
                    with open(os.path.join(output, name), "wb") as file:
                        file.write(png)
                    shots.append(
                        {
                            "role": role,
                            "lang": lang,
                            "file": name,
                            "caption": spec["caption"],
                            "path": path,
                        }
                    )
                    log(f"ok   {name}  {path}")
                    if readme_dir and spec["readme"] and lang == "en":
                        shutil.copyfile(
                            os.path.join(output, name), os.path.join(readme_dir, spec["readme"])
                        )
    finally:
        chrome.close()
        site.call(
            "res.users",
            "write",
            site.call("res.users", "search", [("login", "in", [r[0] for r in ROLES.values()])]),
            {"lang": "en_US"},
        )
    write_index(output, shots, failures)
    return shots, failures


INDEX_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Co-op suite screenshots</title>
<style>
body { font-family: sans-serif; margin: 2em; }
figure { display: inline-block; margin: 0 1em 1em 0; vertical-align: top; }
img { max-width: 420px; max-height: 520px; border: 1px solid #999; }
figcaption { max-width: 420px; }
</style></head><body>
<h1>Co-op suite screenshots</h1>"""


def write_index(output, shots, failures):
    parts = [INDEX_HEAD]
    if failures:
        parts.append("<h2>Failed</h2><ul>")
        parts += [f"<li>{html.escape(' / '.join(failure))}</li>" for failure in failures]
        parts.append("</ul>")
    for role in ROLES:
        for lang in LANGS:
            mine = [shot for shot in shots if shot["role"] == role and shot["lang"] == lang]
            if not mine:
                continue
            parts.append(f"<h2>{html.escape(role)} ({lang})</h2>")
            for shot in mine:
                caption = html.escape(f"{shot['caption']} — {shot['path']}")
                image = f"<img src='{shot['file']}' alt='{caption}'>"
                parts.append(
                    f"<figure><a href='{shot['file']}'>{image}</a>"
                    f"<figcaption>{caption}</figcaption></figure>"
                )
    parts.append("</body></html>")
    with open(os.path.join(output, "index.html"), "w") as file:
        file.write("\n".join(parts))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--output", default="screenshots")
    parser.add_argument("--only", action="append", choices=list(ROLES), help="a role (repeatable)")
    parser.add_argument(
        "--lang", action="append", choices=list(LANGS), help="a language (repeatable)"
    )
    parser.add_argument("--page", action="append", help="only pages of this name (repeatable)")
    parser.add_argument("--readme", metavar="DIR", help="also copy the README's pictures there")
    args = parser.parse_args()
    started = time.monotonic()
    shots, failures = run(
        args.url, args.db, args.output, args.only or list(ROLES), args.lang or list(LANGS),
        readme_dir=args.readme, pages=args.page,
    )  # fmt: skip
    seconds = time.monotonic() - started
    counts = f"{len(shots)} pictures in {args.output}/ (index.html), {len(failures)} failed"
    print(f"\n{counts}, {seconds:.0f} s")
    for failure in failures:
        print("  failed:", " / ".join(failure))
    sys.exit(1 if failures or not shots else 0)


if __name__ == "__main__":
    main()
