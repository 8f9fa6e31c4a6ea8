"""Warm the server before the measured run: every worker compiles its templates and the
asset bundles are built on their first request, which a real shop does once a day, not
during the rush. Runs in the load test's virtualenv (requests).

    python warmup.py http://127.0.0.1:PORT plan.json WORKERS
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


def main():
    base, plan_path, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    plan = json.load(open(plan_path))  # noqa: SIM115
    wait_until_up(base)
    # Several sessions at once would be spread over the workers; one after the other, each
    # request lands on whichever worker is free, so a few rounds per worker reach them all.
    for login in plan["member_logins"][: max(1, workers)] * 2:
        session = requests.Session()
        page = session.get(f"{base}/web/login", timeout=120).text
        token = re.search(r'name="csrf_token"\s+value="([^"]+)"', page)
        session.post(
            f"{base}/web/login",
            data={"login": login, "password": plan["password"], "csrf_token": token.group(1)},
            timeout=120,
        )
        for page in PAGES:
            session.get(base + page.format(round=plan["round_id"]), timeout=120)


if __name__ == "__main__":
    main()
