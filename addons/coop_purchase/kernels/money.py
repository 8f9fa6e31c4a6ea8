from .apportion import largest_remainder


def split_cents(total, weights):
    """Share `total` whole cents among `weights` (key: weight, in order) by largest remainder.

    The shares always add up to `total`; ties go to the earlier key.
    """
    if not weights:
        return {}
    if sum(weights.values()) <= 0:
        weights = dict.fromkeys(weights, 1)
    return largest_remainder(total, weights)
