"""The work cycle: n weeks lettered A, B, C… from an anchor Monday."""

from datetime import date, datetime, time, timedelta

import pytz


def week_letter(week_index):
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    if week_index < 0:
        raise ValueError("week index must be positive")
    letters = ""
    index = week_index
    while True:
        letters = chr(ord("A") + index % 26) + letters
        index = index // 26 - 1
        if index < 0:
            return letters


def week_index_of(day, anchor_monday, cycle_weeks):
    """Which week of the cycle `day` falls in (0 for week A)."""
    if anchor_monday.weekday() != 0:
        raise ValueError("the cycle must be anchored on a Monday")
    if cycle_weeks < 1:
        raise ValueError("a cycle has at least one week")
    return ((day - anchor_monday).days // 7) % cycle_weeks


def cycle_start(day, anchor_monday, cycle_weeks):
    """The Monday of week A of the cycle containing `day`."""
    weeks = (day - anchor_monday).days // 7
    return anchor_monday + timedelta(weeks=weeks - weeks % cycle_weeks)


def occurrences(
    anchor_monday,
    cycle_weeks,
    week_index,
    weekday,
    date_from,
    date_to,
    active_from=None,
    active_to=None,
):
    """Dates from `date_from` to `date_to` (inclusive) on which a template recurs.

    A template recurs on `weekday` (0 = Monday) of week `week_index` of every cycle,
    within its own active period when it has one.
    """
    if not 0 <= week_index < cycle_weeks:
        raise ValueError("week index outside the cycle")
    if not 0 <= weekday <= 6:
        raise ValueError("weekday must be between 0 and 6")
    start = max(filter(None, (date_from, active_from)))
    end = min(filter(None, (date_to, active_to)))
    if start > end:
        return []
    first = cycle_start(start, anchor_monday, cycle_weeks) + timedelta(
        weeks=week_index, days=weekday
    )
    step = timedelta(weeks=cycle_weeks)
    while first < start:
        first += step
    result = []
    while first <= end:
        result.append(first)
        first += step
    return result


def local_span_to_utc(day, start_hour, end_hour, tz_name):
    """A shift's local start and end on `day` as naive UTC datetimes.

    Hours are floats (18.5 is 18:30) in the shop's time zone, so a shift keeps its wall
    clock time across daylight saving changes.
    """
    if not 0 <= start_hour < end_hour <= 24:
        raise ValueError("a shift must end after it starts, on the same day")
    zone = pytz.timezone(tz_name or "UTC")

    def at(hour):
        minutes = round(hour * 60)
        moment = datetime.combine(day, time()) + timedelta(minutes=minutes)
        return zone.localize(moment).astimezone(pytz.utc).replace(tzinfo=None)

    return at(start_hour), at(end_hour)


def local_day(moment, tz_name):
    """The shop's local day of `moment`, a naive UTC datetime (a shift's start)."""
    zone = pytz.timezone(tz_name or "UTC")
    return pytz.utc.localize(moment).astimezone(zone).date()


def format_hour(hour):
    minutes = round(hour * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def template_name(week_index, weekday_abbreviation, start_hour):
    """'B-Tue 18:00'."""
    return f"{week_letter(week_index)}-{weekday_abbreviation} {format_hour(start_hour)}"


__all__ = [
    "cycle_start",
    "date",
    "format_hour",
    "local_span_to_utc",
    "occurrences",
    "template_name",
    "week_index_of",
    "week_letter",
]
