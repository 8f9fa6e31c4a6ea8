"""A member's wish for one product: a firm quantity and a tolerance, each kept as the
list of its increases in time order, so that whoever asked first is served first."""

from operator import itemgetter
from typing import NamedTuple


class Increase(NamedTuple):
    """Part of a member's quantity (or tolerance), with when it was asked for.

    `at` is any sortable moment; `seq` orders changes made at the same moment. Where
    increases are only read (totals, allocation), any `(at, seq, amount)` triple does: a
    close reads tens of thousands of them as the lists their JSON history gives.
    """

    at: object
    seq: int
    amount: int


def change_to(increases, new_total, at, seq):
    """The increases after the member sets their total to `new_total`.

    Going up appends an increase stamped now. Going down takes from the newest increases
    first, so a member who lowers an order keeps their place in line for the rest.
    """
    if new_total < 0:
        raise ValueError("a quantity cannot be negative")
    ordered = sorted(increases)
    current = sum(inc.amount for inc in ordered)
    if new_total > current:
        return [*ordered, Increase(at, seq, new_total - current)]
    to_remove = current - new_total
    kept = list(ordered)
    while to_remove:
        last = kept.pop()
        if last.amount > to_remove:
            kept.append(Increase(last.at, last.seq, last.amount - to_remove))
            to_remove = 0
        else:
            to_remove -= last.amount
    return kept


_amount = itemgetter(2)


def total(increases):
    """The sum of the amounts of `(at, seq, amount)` increases."""
    return sum(map(_amount, increases))
