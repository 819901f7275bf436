"""False-discovery control for many star-vs-core comparisons at once.

Comparing stars with the core on a dozen behaviours will turn up a "difference" by chance alone.
A q-value is the smallest false discovery rate at which a comparison would be called a finding:
keeping every behaviour with q <= 0.10 means that, on average, at most 10 % of those kept are
flukes.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from uplift.analytics.stats._arrays import FloatArray, float_vector

FDRMethod = Literal["bh", "by"]


def qvalues(p_values: npt.ArrayLike, *, method: FDRMethod = "bh") -> FloatArray:
    """Adjusted p-values (q-values), in the input order.

    ``"bh"``: Benjamini-Hochberg (1995), valid for independent or positively dependent tests:
    q_(i) = min over j >= i of p_(j) m / j, capped at 1, for the sorted p-values.
    ``"by"``: Benjamini-Yekutieli (2001), valid under any dependence: BH times Σ_{i<=m} 1/i.

    NaN p-values (a comparison that could not be made) stay NaN and do not count towards m.
    """
    values = float_vector(p_values, "p_values")
    present = ~np.isnan(values)
    observed = values[present]
    if np.any((observed < 0) | (observed > 1)):
        raise ValueError("p-values must lie in [0, 1]")
    result = np.full(values.shape, np.nan)
    m = len(observed)
    if m == 0:
        return result
    if method == "bh":
        penalty = 1.0
    elif method == "by":
        penalty = float(np.sum(1.0 / np.arange(1, m + 1)))
    else:
        raise ValueError(f"unknown method {method!r}")
    order = np.argsort(observed, kind="stable")
    scaled = observed[order] * penalty * m / np.arange(1, m + 1)
    # The running minimum from the largest p-value down keeps the q-values monotone.
    monotone = np.minimum.accumulate(scaled[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(monotone, 1.0)
    result[present] = adjusted
    return result


def benjamini_hochberg(p_values: npt.ArrayLike) -> FloatArray:
    """Benjamini-Hochberg q-values; see :func:`qvalues`."""
    return qvalues(p_values, method="bh")


def benjamini_yekutieli(p_values: npt.ArrayLike) -> FloatArray:
    """Benjamini-Yekutieli q-values (any dependence between tests); see :func:`qvalues`."""
    return qvalues(p_values, method="by")
