import math


def split_cents(total, weights):
    """Share `total` whole cents among `weights` (key: weight, in order) by largest remainder.

    The shares always add up to `total`; ties go to the earlier key.
    """
    keys = list(weights)
    weight_sum = sum(weights.values())
    if not keys:
        return {}
    if weight_sum <= 0:
        weights = dict.fromkeys(keys, 1)
        weight_sum = len(keys)
    shares, remainders = {}, []
    for rank, key in enumerate(keys):
        exact = total * weights[key] / weight_sum
        shares[key] = math.floor(exact)
        remainders.append((-(exact - shares[key]), rank, key))
    for _negative, _rank, key in sorted(remainders)[: total - sum(shares.values())]:
        shares[key] += 1
    return shares
