import math


def largest_remainder(total, weights, rank=None):
    """Split the whole number `total` in proportion to `weights` ({key: weight}) by the
    largest remainder: each key gets the floor of its exact share, and the units left go
    to the largest fractions. Ties go to the lower `rank` ({key: rank}; by default the
    order of `weights`). The shares always add up to `total`. Weights must not sum to 0.
    """
    rank = rank or {key: index for index, key in enumerate(weights)}
    weight_sum = sum(weights.values())
    shares, remainders = {}, []
    for key, weight in weights.items():
        exact = total * weight / weight_sum
        shares[key] = math.floor(exact)
        remainders.append((-(exact - shares[key]), rank[key], key))
    for _negative, _rank, key in sorted(remainders)[: total - sum(shares.values())]:
        shares[key] += 1
    return shares
