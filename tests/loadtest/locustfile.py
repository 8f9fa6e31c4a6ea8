"""The co-op's Saturday rush, for Locust (run by bin/loadtest, in its own virtualenv).

Members log in on their phones and read their pages, book and cancel make-ups, offer and
take swaps, and fill their basket in the open round; tills scan cards and sync one order
every 10 seconds each; a shift leader runs the door sheet; staff close the round half-way.

The plan (logins, ids) comes from tests/loadtest/prepare.py through LOADTEST_PLAN. What the
tills sent and which baskets the server acknowledged go to LOADTEST_JOURNAL, for the
invariants checked afterwards against the database (tests/loadtest/check.py).

A refusal by the co-op's rules (a full shift, an offer someone else took, a basket posted
after the round closed) is the server doing its job: it counts as a success of the request,
and is tallied in the journal per endpoint. Anything else unexpected is a failure.
"""

import itertools
import json
import os
import random
import re
import resource
import time
import uuid
from datetime import datetime, timezone

import gevent
import gevent.subprocess
from locust import HttpUser, between, constant, constant_pacing, events, task

PLAN = json.load(open(os.environ["LOADTEST_PLAN"]))  # noqa: SIM115
DURATION = float(os.environ.get("LOADTEST_DURATION_S", "300"))
DOOR_AT = float(os.environ.get("LOADTEST_DOOR_AT", "0.2"))  # share of the run
CLOSE_AT = float(os.environ.get("LOADTEST_CLOSE_AT", "0.5"))
# Members arrive logged in (sessions from the warm-up), but this share logs in on the spot.
FRESH_LOGINS = float(os.environ.get("LOADTEST_FRESH_LOGINS", "0.2"))
SESSIONS = {}
if os.environ.get("LOADTEST_SESSIONS"):
    with open(os.environ["LOADTEST_SESSIONS"]) as sessions:
        SESSIONS = json.load(sessions)
RESEND_EVERY = 5  # a till sends every fifth order twice, as after a lost answer
# "cut:3" or "restart:5": the database taken away for that many seconds this far into the
# run (tests/loadtest/outage.sh), as a restart of PostgreSQL does.
OUTAGE = os.environ.get("LOADTEST_OUTAGE")
OUTAGE_AT = float(os.environ.get("LOADTEST_OUTAGE_AT", "0.35"))
OUTAGE_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "outage.sh")

CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
ACTION = re.compile(r'action="(/my/shifts/[^"]+)"')
BASKET_FIELD = re.compile(r'name="quantity_(\d+)"')

JOURNAL = {
    "tills": {},  # login: [[uuid, times sent, answered]]
    "baskets": [],  # [login, round line id, quantity, tolerance, acknowledged at (UTC)]
    "refusals": {},  # endpoint: count
    "unexpected": [],  # what made a request fail, for the report
    "failures": [],  # [seconds into the run, endpoint, why]: each failed request
    "outage": None,  # when the database was away, and what outage.sh said
    "logins_again": 0,  # members logged out by the outage who logged in again
    "close": None,
    "door": None,
    "locust_cpu_s": None,
}
START = {"at": None}
member_logins = itertools.cycle(PLAN["member_logins"])  # one each, unless more users than logins
till_queue = list(PLAN["tills"])


def _utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")


def _refused(name):
    JOURNAL["refusals"][name] = JOURNAL["refusals"].get(name, 0) + 1


def _elapsed():
    return time.time() - (START["at"] or time.time())


def _closing():
    """Whether staff have started closing the round."""
    return _elapsed() >= DURATION * CLOSE_AT


@events.test_start.add_listener
def _started(environment, **kw):
    START["at"] = time.time()
    if OUTAGE:
        gevent.spawn(_outage)


@events.request.add_listener
def _request_done(name, exception=None, **kw):
    if exception is not None:
        JOURNAL["failures"].append([round(_elapsed(), 1), name, str(exception)[:200]])


def _outage():
    gevent.sleep(DURATION * OUTAGE_AT)
    mode, seconds = OUTAGE.split(":")
    began = START["outage"] = _elapsed()
    result = gevent.subprocess.run(
        ["bash", OUTAGE_SCRIPT, mode, PLAN["db"], seconds], capture_output=True, text=True
    )
    JOURNAL["outage"] = {
        "mode": mode,
        "from_s": round(began, 1),
        "to_s": round(_elapsed(), 1),
        "status": result.returncode,
        "output": (result.stdout + result.stderr)[-500:],
    }


@events.test_stop.add_listener
def _stopped(environment, **kw):
    # Locust shares the machine's cores with Odoo: what it used is part of the picture.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    JOURNAL["locust_cpu_s"] = round(usage.ru_utime + usage.ru_stime, 1)
    with open(os.environ["LOADTEST_JOURNAL"], "w") as handle:
        json.dump(JOURNAL, handle, indent=1)


class OdooUser(HttpUser):
    abstract = True

    def rpc(self, name, model, method, args, kwargs=None):
        """Odoo's JSON-RPC (what the web client and the POS use); the result, or None."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        url = f"/web/dataset/call_kw/{model}/{method}"
        with self.client.post(url, json=payload, name=name, catch_response=True) as response:
            body = response.json() if response.status_code == 200 else None
            if body is None:
                return _fail_none(response, f"HTTP {response.status_code}")
            if "error" in body:
                error = body["error"].get("data", {}).get("message") or body["error"]
                return _fail_none(response, f"{name}: {error}")
            return body.get("result")

    def authenticate(self, login):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": PLAN["db"], "login": login, "password": PLAN["password"]},
        }
        with self.client.post(
            "/web/session/authenticate", json=payload, name="staff: log in", catch_response=True
        ) as response:
            result = response.json().get("result") if response.status_code == 200 else None
            if not result or not result.get("uid"):
                return _fail_none(response, f"{login} could not log in")
            return result["uid"]


def _fail_none(response, why):
    JOURNAL["unexpected"].append(why[:300])
    response.failure(why)


class Member(OdooUser):
    """A member on their phone, a few seconds between clicks."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        self.login = next(member_logins)
        session = SESSIONS.get(self.login)
        if session and random.random() >= FRESH_LOGINS:
            self.client.cookies.set("session_id", session)
        elif not self.log_in():
            self.log_in()  # a member whose login failed tries once more
        # Opening the app: the home page, then each page once, then the basket.
        for url in ("/my", "/my/membership", "/my/shifts"):
            gevent.sleep(random.uniform(1, 2))
            self.get(url, f"GET {url}")
        self.basket()

    def log_in(self):
        page = self.client.get("/web/login", name="GET /web/login")
        token = CSRF.search(page.text)
        with self.client.post(
            "/web/login",
            data={
                "login": self.login,
                "password": PLAN["password"],
                "csrf_token": token.group(1) if token else "",
                "redirect": "/my",
            },
            name="POST /web/login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 303:
                _fail_none(response, f"{self.login} could not log in (HTTP {response.status_code})")
                return False
            return True

    def get(self, url, name=None):
        with self.client.get(url, name=name or url, catch_response=True) as response:
            if response.status_code == 404 and url.startswith("/my/group-orders/") and _closing():
                # Once the round closes, a member without a basket in it no longer sees it.
                _refused(name or url)
                response.success()
                return None
            if response.status_code != 200:
                return _fail_none(response, f"GET {name or url}: HTTP {response.status_code}")
            if "/web/login" in response.url:
                if JOURNAL["outage"] is None and START.get("outage") is None:
                    return _fail_none(response, f"GET {name or url}: logged out")
                # Odoo logs out a session whose request met the database away (http.py:
                # "Database or registry unusable"); the member logs in again, as on a phone.
                JOURNAL["logins_again"] += 1
                response.success()
                self.log_in()
                return None
            return response.text

    def post(self, url, name, data, page):
        """POST a form of `page`; True when done (a redirect), False when the rules refused."""
        token = CSRF.search(page or "")
        data = {**data, "csrf_token": token.group(1) if token else ""}
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code in (302, 303):
                if "/web/login" not in response.headers.get("Location", ""):
                    return True
                if JOURNAL["outage"] is None and START.get("outage") is None:
                    _fail_none(response, f"{name}: logged out")
                    return False
                JOURNAL["logins_again"] += 1  # logged out by the outage, as in get()
                response.success()
                self.log_in()
                return False
            if response.status_code in (200, 404):
                # The page again with the reason (200), or the round closed meanwhile (404).
                _refused(name)
                response.success()
                return False
            _fail_none(response, f"{name}: HTTP {response.status_code}")
            return False

    @task(2)
    def home(self):
        self.get("/my", "GET /my")

    @task(4)
    def membership(self):
        self.get("/my/membership", "GET /my/membership")

    @task(4)
    def shifts(self):
        self.get("/my/shifts", "GET /my/shifts")

    @task(2)
    def book_and_cancel_makeup(self):
        page = self.get("/my/shifts", "GET /my/shifts")
        books = [a for a in ACTION.findall(page or "") if a.startswith("/my/shifts/book/")]
        if not books:
            return
        if not self.post(random.choice(books), "POST /my/shifts/book/[id]", {}, page):
            return
        gevent.sleep(random.uniform(1, 3))
        page = self.get("/my/shifts", "GET /my/shifts")
        cancels = [a for a in ACTION.findall(page or "") if a.endswith("/cancel")]
        cancels = [a for a in cancels if a.startswith("/my/shifts/registration/")]
        if cancels:
            self.post(random.choice(cancels), "POST /my/shifts/registration/[id]/cancel", {}, page)

    @task(1)
    def swap(self):
        page = self.get("/my/shifts", "GET /my/shifts")
        actions = ACTION.findall(page or "")
        takes = [a for a in actions if a.endswith("/take")]
        offers = [a for a in actions if a.endswith("/offer")]
        if takes and (random.random() < 0.6 or not offers):
            self.post(random.choice(takes), "POST /my/shifts/swap/[id]/take", {}, page)
        elif offers:
            self.post(random.choice(offers), "POST /my/shifts/registration/[id]/offer", {}, page)

    @task(3)
    def basket(self):
        self.get("/my/group-orders", "GET /my/group-orders")
        url = f"/my/group-orders/{PLAN['round_id']}"
        page = self.get(url, "GET /my/group-orders/[round]")
        lines = [int(i) for i in BASKET_FIELD.findall(page or "")]
        if not lines or 'name="csrf_token"' not in page:
            return  # closed: the page shows the basket, without a form
        gevent.sleep(random.uniform(1, 3))  # choosing
        chosen = random.sample(lines, min(len(lines), random.randint(1, 3)))
        wishes = {line: (random.randint(0, 4), random.choice((0, 0, 1))) for line in chosen}
        data = {}
        for line, (quantity, tolerance) in wishes.items():
            data[f"quantity_{line}"] = str(quantity)
            data[f"tolerance_{line}"] = str(tolerance)
        if self.post(url, "POST /my/group-orders/[round]", data, page):
            at = _utcnow()
            for line, (quantity, tolerance) in wishes.items():
                JOURNAL["baskets"].append([self.login, line, quantity, tolerance, at])


class Till(OdooUser):
    """A till: opens its session, then scans a card and syncs one order every 10 seconds."""

    fixed_count = len(PLAN["tills"])
    wait_time = constant_pacing(10)

    def on_start(self):
        self.till = till_queue.pop(0) if till_queue else random.choice(PLAN["tills"])
        self.uid = self.authenticate(self.till["login"])
        self.session_id = None
        self.sent = JOURNAL["tills"].setdefault(self.till["login"], [])
        self.last = None
        self.unsynced = None
        self.count = 0
        config_id = self.till["config_id"]
        self.rpc("till: open session", "pos.config", "open_ui", [[config_id]])
        read = self.rpc(
            "till: open session",
            "pos.config",
            "read",
            [[config_id]],
            {"fields": ["current_session_id"]},
        )
        if not read or not read[0]["current_session_id"]:
            return
        self.session_id = read[0]["current_session_id"][0]
        state = self.rpc(
            "till: open session", "pos.session", "read", [[self.session_id]], {"fields": ["state"]}
        )
        if state and state[0]["state"] == "opening_control":
            self.rpc(
                "till: open session",
                "pos.session",
                "set_opening_control",
                [[self.session_id], 0, ""],
            )

    def _order(self, partner_id):
        self.count += 1
        lines, total = [], 0.0
        for product in random.sample(PLAN["pos_products"], random.randint(1, 4)):
            quantity = random.randint(1, 3)
            subtotal = round(product["price"] * quantity, 2)
            total += subtotal
            lines.append(
                [
                    0,
                    0,
                    {
                        "product_id": product["id"],
                        "qty": quantity,
                        "price_unit": product["price"],
                        "price_subtotal": subtotal,
                        "price_subtotal_incl": subtotal,
                        "tax_ids": [],
                        "pack_lot_ids": [],
                        "discount": 0,
                    },
                ]
            )
        total = round(total, 2)
        order_uuid = str(uuid.uuid4())
        return {
            "uuid": order_uuid,
            "name": f"Order {order_uuid}",
            "session_id": self.session_id,
            "user_id": self.uid,
            "pricelist_id": self.till["pricelist_id"],
            "fiscal_position_id": False,
            "sequence_number": self.count,
            "date_order": _utcnow()[:19],
            "amount_paid": total,
            "amount_return": 0,
            "amount_tax": 0,
            "amount_total": total,
            "last_order_preparation_change": "{}",
            "lines": lines,
            "payment_ids": [
                [
                    0,
                    0,
                    {
                        "amount": total,
                        "name": _utcnow()[:19],
                        "payment_method_id": self.till["cash_method_id"],
                    },
                ]
            ],
            "partner_id": partner_id,
            "to_invoice": False,
        }

    def _sync(self, order, name, entry):
        entry[1] += 1
        result = self.rpc(name, "pos.order", "sync_from_ui", [[order]])
        if result is not None:
            entry[2] += 1

    @task
    def sell(self):
        if not self.session_id:
            return
        if self.unsynced:
            # A till keeps an order the server did not answer and sends it until it does.
            order, entry = self.unsynced
            self._sync(order, "till: sync_from_ui (same order again)", entry)
            if entry[2]:
                self.unsynced = None
            return
        if self.last and self.count % RESEND_EVERY == 0:
            order, entry = self.last
            self.last = None
            self._sync(order, "till: sync_from_ui (same order again)", entry)
            return
        card = random.choice(PLAN["cards"])
        found = self.rpc(
            "till: scan card",
            "res.partner",
            "coop_pos_find_by_card",
            [card, self.till["config_id"]],
        )
        partners = (found or {}).get("res.partner") or []
        partner_id = partners[0]["id"] if partners else False
        order = self._order(partner_id)
        products = [[line[2]["product_id"], line[2]["qty"]] for line in order["lines"]]
        self.rpc(
            "till: check sale",
            "pos.order",
            "coop_check_sale",
            [self.till["config_id"], partner_id, products],
        )
        entry = [order["uuid"], 0, 0]
        self.sent.append(entry)
        self._sync(order, "till: sync_from_ui (1 order)", entry)
        self.last = (order, entry)
        if not entry[2]:
            self.unsynced = (order, entry)


class ShiftLeader(OdooUser):
    """At the door a fifth into the run: scans everyone but three, marks them absent, validates."""

    fixed_count = 1
    wait_time = constant(1)

    def on_start(self):
        self.done = False
        self.uid = self.authenticate(PLAN["leader_login"])

    @task
    def door(self):
        if self.done or _elapsed() < DURATION * DOOR_AT:
            return
        self.done = True
        shift = [PLAN["door_shift_id"]]
        sheets = self.rpc("door: open sheet", "coop.shift", "coop_sheet_shifts", [])
        if not sheets or PLAN["door_shift_id"] not in [s.get("id") for s in sheets]:
            JOURNAL["unexpected"].append(f"door: the shift is not offered to its leader: {sheets}")
            return
        self.rpc("door: open sheet", "coop.shift", "coop_sheet_data", [shift])
        cards = PLAN["door_cards"]
        for card in cards[: max(1, len(cards) - 3)]:
            self.rpc("door: scan card", "coop.shift", "coop_sheet_scan", [shift, card])
            gevent.sleep(random.uniform(0.5, 2))
        self.rpc(
            "door: mark the rest absent", "coop.shift", "coop_sheet_mark_rest", [shift, "absent"]
        )
        if (
            self.rpc("door: validate sheet", "coop.shift", "coop_sheet_validate", [shift])
            is not None
        ):
            JOURNAL["door"] = _utcnow()


class Staff(OdooUser):
    """Group-order staff close the round half-way through, while members are still in it."""

    fixed_count = 1
    wait_time = constant(1)

    def on_start(self):
        self.done = False
        self.uid = self.authenticate(PLAN["staff_login"])

    @task
    def close_round(self):
        if self.done or not _closing():
            return
        self.done = True
        started = _utcnow()
        if (
            self.rpc(
                "staff: close round", "coop.purchase.round", "action_close", [[PLAN["round_id"]]]
            )
            is not None
        ):
            JOURNAL["close"] = {"sent": started, "answered": _utcnow()}
