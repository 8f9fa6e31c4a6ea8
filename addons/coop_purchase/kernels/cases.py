"""How many cases to order from the supplier."""


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
