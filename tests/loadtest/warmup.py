"""Warm the server before the measured run: every worker compiles its templates and the
asset bundles are built on their first request, which a real shop does once a day, not
during the rush. Runs in the load test's virtualenv (requests).

    python warmup.py http://127.0.0.1:PORT plan.json WORKERS sessions.json
"""

import json
import re
import sys
import time

import requests

PAGES = ("/my", "/my/membership", "/my/shifts", "/my/group-orders", "/my/group-orders/{round}")


def wait_until_up(base, seconds=180):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if requests.get(f"{base}/web/login", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    sys.exit(f"the server at {base} did not answer within {seconds} s")


def log_in(base, login, password):
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=120).text
    token = re.search(r'name="csrf_token"\s+value="([^"]+)"', page)
    response = session.post(
        f"{base}/web/login",
        data={"login": login, "password": password, "csrf_token": token.group(1)},
        timeout=120,
        allow_redirects=False,
    )
    if response.status_code != 303:
        sys.exit(f"{login} could not log in during the warm-up (HTTP {response.status_code})")
    return session


def main():
    base, plan_path, workers, sessions_path = sys.argv[1:5]
    plan = json.load(open(plan_path))  # noqa: SIM115
    wait_until_up(base)
    # Members' phones stay logged in: each member logs in once here, and most start the run
    # with that session (Odoo's password hashing costs a second of CPU per login on purpose).
    sessions = {}
    for n, login in enumerate(plan["member_logins"]):
        session = log_in(base, login, plan["password"])
        sessions[login] = session.cookies.get("session_id")
        # One request after the other lands on whichever worker is free: a few rounds of
        # pages reach every worker, which compiles its templates on its first request.
        if n < 2 * int(workers):
            for page in PAGES:
                session.get(base + page.format(round=plan["round_id"]), timeout=120)
    with open(sessions_path, "w") as handle:
        json.dump(sessions, handle)


if __name__ == "__main__":
    main()
