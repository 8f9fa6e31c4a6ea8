"""How many cases to order from the supplier."""

from collections import namedtuple


def cases_to_order(quantity, tolerance, case_size, min_order_units=0, by_weight=False):
    """(cases, units) to order for a product.

    Order floor(quantity / case) cases, and one more when the remainder plus the total
    tolerance fills it: tolerance only ever completes the last case, never opens one on
    its own. Products sold by weight or volume are not rounded to cases. Below the
    supplier's minimum order quantity nothing is ordered, unless the tolerance reaches it.
    """
    if quantity < 0 or tolerance < 0:
        raise ValueError("quantities cannot be negative")
    if by_weight:
        units = quantity
        if units and units < min_order_units <= quantity + tolerance:
            units = min_order_units
        return (0, units if units >= min_order_units else 0)
    if case_size <= 0:
        raise ValueError("a case holds at least one unit")
    cases, remainder = divmod(quantity, case_size)
    if remainder and remainder + tolerance >= case_size:
        cases += 1
    if cases * case_size < min_order_units:
        needed = -(-min_order_units // case_size)
        if quantity and needed * case_size <= quantity + tolerance:
            cases = needed
        else:
            cases = 0
    return cases, cases * case_size


CaseFill = namedtuple("CaseFill", "full_cases filled missing percent")


def case_fill(units, case_size):
    """How far `units` go in cases of `case_size`: full cases, units in the case being
    filled, units still missing from it (a whole case when none is started), and how full it
    is in percent, rounded half up. The basket page's script (static/src/portal/case_fill.js)
    computes the same in the browser; a test runs both over the same table."""
    if case_size < 1:
        raise ValueError("a case holds at least one unit")
    full_cases, filled = divmod(max(units, 0), case_size)
    percent = (200 * filled + case_size) // (2 * case_size)
    return CaseFill(full_cases, filled, case_size - filled, percent)
