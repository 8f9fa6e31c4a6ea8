import math


def reorder_units(sold, days, on_hand, incoming, cover_days, case_size=1, min_units=0):
    """Units to order so that stock lasts `cover_days` at the recent rate of sales.

    `sold` units went out over the last `days`. What is on hand and already incoming counts
    against the need; the order is whole cases, and at least `min_units` when anything is
    ordered at all. Returns (units, cases).
    """
    if days <= 0:
        raise ValueError("the sales period must be at least one day")
    if cover_days < 0 or case_size < 1 or min_units < 0:
        raise ValueError("cover, case size and minimum cannot be negative")
    need = max(sold, 0) / days * cover_days - on_hand - incoming
    if need <= 1e-9:
        return 0, 0
    need = max(need, min_units)
    cases = math.ceil(need / case_size - 1e-9)
    return cases * case_size, cases
