"""How evenly something is spread: the Gini coefficient and the evenness built on it."""

from __future__ import annotations

from collections.abc import Sequence


def gini(values: Sequence[float]) -> float:
    """The Gini coefficient of non-negative ``values`` (0 = all equal; (n-1)/n = one has all).

    Mean absolute difference over twice the mean, computed on the sorted values:
    G = sum_i (2i - n - 1) x_(i) / (n * sum x), with i = 1..n."""
    if not values:
        raise ValueError("gini needs at least one value")
    if any(v < 0 for v in values):
        raise ValueError("gini is defined for non-negative values")
    total = float(sum(values))
    if total == 0:
        return 0.0
    ordered = sorted(float(v) for v in values)
    n = len(ordered)
    weighted = sum((2 * i - n - 1) * x for i, x in enumerate(ordered, start=1))
    return weighted / (n * total)


def evenness(values: Sequence[float]) -> float | None:
    """1 - the normalised Gini coefficient: 1 when every item has the same share, 0 when one item
    has everything. None with fewer than two items or nothing to share (undefined).

    The Gini of n items is at most (n-1)/n, so it is divided by that to make 0 reachable
    whatever n is."""
    if len(values) < 2 or sum(values) <= 0:
        return None
    n = len(values)
    return 1.0 - gini(values) * n / (n - 1)
