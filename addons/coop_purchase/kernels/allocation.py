"""Sharing what arrived among the members who asked for it.

Each function takes the members' lines and the units available, and returns, per line,
the units allocated and one sentence explaining the result. Every policy is O(n log n)
in the number of lines and never gives a member more than their quantity plus tolerance.
"""

from itertools import chain

from .apportion import largest_remainder
from .orders import total


class Line:
    """One member's order line: `key` identifies it; increases as in `orders`, each any
    `(at, seq, amount)` triple (an `Increase`, or a list as JSON gives it).

    A plain class with slots: a close makes one for each of ten thousand lines and reads
    their totals several times.
    """

    __slots__ = ("key", "quantity", "quantity_increases", "tolerance", "tolerance_increases")

    def __init__(self, key, quantity_increases, tolerance_increases=()):
        self.key = key
        self.quantity_increases = quantity_increases
        self.tolerance_increases = tolerance_increases
        self.quantity = total(quantity_increases)
        self.tolerance = total(tolerance_increases)

    def __repr__(self):
        return f"Line({self.key!r}, {self.quantity_increases!r}, {self.tolerance_increases!r})"


def _first_come(lines, available, attribute, wanted):
    """Walk every increase of all lines in time order, each clipped to what is left.

    `wanted` is the sum of the lines' `attribute` totals: when it all fits, nobody waits
    in line and nothing needs sorting.
    """
    if wanted <= available:
        totals = "quantity" if attribute == "quantity_increases" else "tolerance"
        return {line.key: getattr(line, totals) for line in lines}, available - wanted
    given = {line.key: 0 for line in lines}
    # (time, seq, key, amount) tuples sort in C; a key function would be called per item.
    increases = sorted(
        (at, seq, line.key, amount)
        for line in lines
        for at, seq, amount in getattr(line, attribute)
    )
    left = available
    for _at, _seq, key, amount in increases:
        if left <= 0:
            break
        part = min(amount, left)
        given[key] += part
        left -= part
    return given, left


def _largest_remainder(weights, units, order):
    """Split `units` in proportion to `weights`, in whole units, by the largest remainder.

    `order` breaks ties (earlier first). Nobody gets more than their weight.
    """
    total_weight = sum(weights.values())
    if not total_weight or units <= 0:
        return {key: 0 for key in weights}
    return largest_remainder(min(units, total_weight), weights, order)


def _spread_evenly(caps, units, order):
    """Water-filling: everyone gets the same, up to their cap; leftovers by order."""
    given = {key: 0 for key in caps}
    remaining = sorted(caps, key=lambda key: (caps[key], order[key]))
    left = units
    level = 0
    while remaining and left > 0:
        smallest = caps[remaining[0]]
        step = smallest - level
        if step * len(remaining) <= left:
            left -= step * len(remaining)
            level = smallest
            for key in remaining:
                given[key] = level
            remaining = [key for key in remaining if caps[key] > level]
            continue
        each, extra = divmod(left, len(remaining))
        for key in remaining:
            given[key] = level + each
        for key in sorted(remaining, key=lambda k: order[k])[:extra]:
            given[key] += 1
        left = 0
    return given


def _first_ask(lines):
    """Rank of each line by its earliest increase (its place in the queue)."""

    def place(line):
        try:
            increases = line.quantity_increases + line.tolerance_increases
            first = min(increases) if increases else None
        except TypeError:  # tuples and lists, which do not mix, given together
            both = chain(line.quantity_increases, line.tolerance_increases)
            first = min(map(tuple, both), default=None)
        if first is None:
            return (True, 0, 0)
        return (False, first[0], first[1])

    return {line.key: rank for rank, line in enumerate(sorted(lines, key=place))}


def allocate(lines, available, policy):
    """{key: (units, explanation)} for `available` units shared under `policy`."""
    lines = list(lines)
    if available < 0:
        raise ValueError("available units cannot be negative")
    if policy not in ("first_come", "proportional", "fair_tolerance"):
        raise ValueError(f"unknown allocation policy {policy!r}")
    wanted = sum(line.quantity for line in lines)
    wanted_extra = sum(line.tolerance for line in lines)
    # Ranks break ties; a product whose orders all fit needs none.
    order = None
    if policy == "first_come":
        firm, left = _first_come(lines, available, "quantity_increases", wanted)
        extra, left = _first_come(lines, left, "tolerance_increases", wanted_extra)
    elif policy == "proportional":
        if wanted <= available:
            firm = {line.key: line.quantity for line in lines}
        else:
            order = _first_ask(lines)
            firm = _largest_remainder({line.key: line.quantity for line in lines}, available, order)
        left = available - sum(firm.values())
        if wanted_extra <= left:
            extra = {line.key: line.tolerance for line in lines}
        else:
            order = order or _first_ask(lines)
            extra = _largest_remainder({line.key: line.tolerance for line in lines}, left, order)
    else:
        firm, left = _first_come(lines, available, "quantity_increases", wanted)
        if wanted_extra <= left:
            extra = {line.key: line.tolerance for line in lines}
        else:
            # Only lines with a tolerance share it: their places among themselves suffice.
            tolerant = [line for line in lines if line.tolerance]
            extra = dict.fromkeys((line.key for line in lines), 0)
            extra.update(
                _spread_evenly(
                    {line.key: line.tolerance for line in tolerant}, left, _first_ask(tolerant)
                )
            )
    return {
        line.key: (
            firm[line.key] + extra[line.key],
            explain(line, firm[line.key], extra[line.key], policy),
        )
        for line in lines
    }


def explain(line, firm, extra, policy):
    """Why a member gets what they get, as (reason, values) for the caller to word.

    Reasons: "all" (everything ordered), "with_extra" (and part of the tolerance),
    "short_first_come" or "short_proportional" (less than ordered, and why).
    """
    quantity, tolerance = line.quantity, line.tolerance
    if firm == quantity:
        if not extra:
            return "all", {"quantity": quantity}
        return "with_extra", {"quantity": quantity, "extra": extra, "tolerance": tolerance}
    reason = "short_proportional" if policy == "proportional" else "short_first_come"
    return reason, {"given": firm, "quantity": quantity, "short": quantity - firm}
