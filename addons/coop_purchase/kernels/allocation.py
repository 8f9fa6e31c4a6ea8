"""Sharing what arrived among the members who asked for it.

Each function takes the members' lines and the units available, and returns, per line,
the units allocated and one sentence explaining the result. Every policy is O(n log n)
in the number of lines and never gives a member more than their quantity plus tolerance.
"""

from dataclasses import dataclass, field

from .apportion import largest_remainder
from .orders import total


@dataclass(frozen=True)
class Line:
    """One member's order line: `key` identifies it; increases as in `orders`."""

    key: object
    quantity_increases: tuple
    tolerance_increases: tuple = ()
    # Summed once when the line is made: a close asks each of ten thousand lines several
    # times, and an attribute is cheaper to read than a cached property.
    quantity: int = field(init=False, compare=False, repr=False)
    tolerance: int = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "quantity", total(self.quantity_increases))
        object.__setattr__(self, "tolerance", total(self.tolerance_increases))


def _first_come(lines, available, attribute):
    """Walk every increase of all lines in time order, each clipped to what is left."""
    given = {line.key: 0 for line in lines}
    # Sorted by (time, seq, key) as plain tuples: comparing Increase objects costs more.
    increases = sorted(
        (
            (inc.at, inc.seq, line.key, inc.amount)
            for line in lines
            for inc in getattr(line, attribute)
        ),
        key=lambda item: item[:3],
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
        first = min(
            ((i.at, i.seq) for i in line.quantity_increases + line.tolerance_increases),
            default=None,
        )
        return (first is None, first or (0, 0))

    return {line.key: rank for rank, line in enumerate(sorted(lines, key=place))}


def allocate(lines, available, policy):
    """{key: (units, explanation)} for `available` units shared under `policy`."""
    lines = list(lines)
    if available < 0:
        raise ValueError("available units cannot be negative")
    order = _first_ask(lines)
    if policy == "first_come":
        firm, left = _first_come(lines, available, "quantity_increases")
        extra, left = _first_come(lines, left, "tolerance_increases")
    elif policy == "proportional":
        firm = _largest_remainder({line.key: line.quantity for line in lines}, available, order)
        left = available - sum(firm.values())
        extra = _largest_remainder({line.key: line.tolerance for line in lines}, left, order)
    elif policy == "fair_tolerance":
        firm, left = _first_come(lines, available, "quantity_increases")
        extra = _spread_evenly({line.key: line.tolerance for line in lines}, left, order)
    else:
        raise ValueError(f"unknown allocation policy {policy!r}")
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
