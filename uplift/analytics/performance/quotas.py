"""Quotas prorated to the days a rep sold in the window.

A quota row covers a period (a month, a quarter, a year). Only the part of it that falls inside
both the window and the rep's selling time counts, spread evenly over the period's days: a
quarterly quota of 90,000 for a rep who left after one month of it counts 30,000. A rep whose
quota rows cover only some of their days is judged on those days' quota against all their
bookings, so the coverage (days with a quota / days selling) is reported beside the choice of
metric and a rep with no quota at all is not ranked on attainment.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from uplift.analytics.metrics.periods import Window
from uplift.analytics.metrics.tables import CrmTables
from uplift.analytics.performance.exposure import Exposure

RepKey = tuple[str, str]


def quota_rows(tables: CrmTables, window: Window) -> pa.Table:
    """Quota rows that overlap ``window`` (small: reps x periods)."""
    q = tables.quotas
    overlapping = q.filter(q.period_start <= window.end, q.period_end >= window.start)
    return overlapping.select(
        "source", "rep_id", "period_start", "period_end", "amount_cents"
    ).to_pyarrow()


def _overlap_days(a_start: date, a_end: date, b_start: date, b_end: date) -> int:
    return max(0, (min(a_end, b_end) - max(a_start, b_start)).days + 1)


def prorated_quotas(
    rows: pa.Table, exposures: dict[RepKey, Exposure], window: Window
) -> dict[RepKey, tuple[float, float]]:
    """Per rep: (quota cents for their selling days in the window, days covered by a quota)."""
    found: dict[RepKey, tuple[float, float]] = {}
    for row in rows.to_pylist():
        key = (row["source"], row["rep_id"])
        start, end, amount = row["period_start"], row["period_end"], row["amount_cents"]
        if start is None or end is None or amount is None or end < start:
            continue
        exposure = exposures.get(key)
        sell_start = exposure.start if exposure else window.start
        sell_end = exposure.end if exposure else window.end
        days = _overlap_days(start, end, sell_start, sell_end)
        if days == 0:
            continue
        share = days / ((end - start).days + 1)
        cents, covered = found.get(key, (0.0, 0.0))
        found[key] = (cents + share * float(amount), covered + days)
    return found
