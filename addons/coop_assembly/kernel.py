"""Quorum and majority: the arithmetic of a vote, free of the ORM."""

import math

SIMPLE = "simple"
TWO_THIRDS = "two_thirds"


def quorum_required(eligible, percent, minimum=0):
    """How many voters must take part: `percent` of the `eligible` ones (rounded up: 20 %
    of 11 members is 3, not 2.2), and at least `minimum`, never more than all of them."""
    if eligible < 0 or percent < 0 or minimum < 0:
        raise ValueError("counts and percentages are never negative")
    by_share = math.ceil(eligible * percent / 100 - 1e-9)
    return min(eligible, max(by_share, minimum))


def is_adopted(votes_for, votes_against, majority):
    """Whether the votes cast carry the resolution. Abstentions are not votes cast: they
    neither help nor block. Simple: more for than against. Two thirds: for at least twice
    against (2/3 of the votes cast), and at least one vote for."""
    if votes_for < 0 or votes_against < 0:
        raise ValueError("votes are never negative")
    if majority == SIMPLE:
        return votes_for > votes_against
    if majority == TWO_THIRDS:
        return votes_for > 0 and votes_for >= 2 * votes_against
    raise ValueError(f"unknown majority {majority!r}")


def outcome(votes_for, votes_against, majority, quorum_reached):
    """'adopted', 'rejected', or 'no_quorum' when too few took part to decide anything."""
    if not quorum_reached:
        return "no_quorum"
    return "adopted" if is_adopted(votes_for, votes_against, majority) else "rejected"
