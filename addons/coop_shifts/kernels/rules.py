"""Points for attendance, and the status a member is in on a given day.

Defaults follow La Louve's published rules; every number is a parameter.
"""

from dataclasses import dataclass
from datetime import timedelta

MAY_SHOP_DEFAULT = frozenset({"up_to_date", "alert", "delay", "exempted"})


@dataclass(frozen=True)
class PointRules:
    team_absent: int = -2
    team_excused: int = -1
    team_attended: int = 0
    makeup_attended: int = 1
    flying_attended: int = 1
    flying_absent: int = -1
    flying_per_cycle: int = -1
    alert_days: int = 28
    unsubscribe_threshold: int = -4


def points_for(kind, state, rules):
    """(counter, points) a registration's mark is worth.

    kind: 'team' (own team shift), 'makeup' (an extra shift of a team member) or
    'flying' (a shift of a flying member). Counters: 'standard' and 'flying'.
    """
    if state in ("planned", "cancelled", "waived"):
        return None, 0
    if kind == "team":
        table = {
            "attended": rules.team_attended,
            "absent": rules.team_absent,
            "excused": rules.team_excused,
        }
        return "standard", table[state]
    if kind == "makeup":
        # A make-up only ever helps: missing one is not a second penalty.
        return "standard", rules.makeup_attended if state == "attended" else 0
    if kind == "flying":
        table = {"attended": rules.flying_attended, "absent": rules.flying_absent, "excused": 0}
        return "flying", table[state]
    raise ValueError(f"unknown registration kind {kind!r}")


def capped_standard_delta(balance, delta):
    """The standard counter never goes above 0: only the part that brings it up to 0 counts."""
    if delta <= 0:
        return delta
    return max(0, min(delta, -balance))


def alert_start(events):
    """The day the counter last went below zero and stayed there, or None.

    `events` are (date, points) in time order; several on a day are applied together.
    """
    balance = 0
    start = None
    for day, points in events:
        before = balance
        balance += points
        if balance < 0 and before >= 0:
            start = day
        elif balance >= 0:
            start = None
    return start


def shift_status(
    today,
    *,
    mode,
    counter,
    alert_since=None,
    extension_until=None,
    on_leave=False,
    leave_exempts=False,
    unsubscribed=False,
    alert_days=28,
):
    """(status, alert_end) of a working member on `today`.

    mode: 'team', 'flying' or 'exempt'. `counter` is the balance the mode is judged on.
    The result depends on `today`, so it is right whenever it is read, without any job.
    """
    if mode == "exempt":
        return "exempted", None
    if unsubscribed:
        return "unsubscribed", None
    if on_leave:
        return ("exempted" if leave_exempts else "on_leave"), None
    if counter >= 0:
        return "up_to_date", None
    alert_end = (alert_since or today) + timedelta(days=alert_days)
    if today < alert_end:
        return "alert", alert_end
    if extension_until and today <= extension_until:
        return "delay", alert_end
    return "suspended", alert_end


def should_unsubscribe(counter, consecutive_team_absences, rules):
    """Two absences in a row on one's own team shift, or a counter at the threshold."""
    return consecutive_team_absences >= 2 or counter <= rules.unsubscribe_threshold


def consecutive_team_absences(marks):
    """How many own-team absences end the history with no attended make-up in between.

    `marks` are (kind, state) in time order.
    """
    count = 0
    for kind, state in marks:
        if kind == "team" and state == "absent":
            count += 1
        elif state == "attended":
            count = 0
    return count
