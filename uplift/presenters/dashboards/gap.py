"""The star-vs-core gap per metric, and the opportunity of closing part of it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from uplift.analytics.metrics.availability import MissingSource
from uplift.analytics.performance.formatting import money
from uplift.analytics.performance.gap import Gap, GapMetric, Opportunity
from uplift.presenters.dashboards.formatting import change_text, finite_or_none, value_text

FRACTION_MIN, FRACTION_MAX, FRACTION_STEP = 0.05, 1.0, 0.05


@dataclass(frozen=True)
class GapRow:
    metric: str
    label: str
    unit: str
    star: str
    core: str
    gap: str
    interval: str
    n_star: int
    n_core: int
    clear: bool  # the interval excludes no difference
    method: str
    no_data: str = ""  # why the row is empty: the export lacks its source data


def missing_sources(missing: Sequence[MissingSource]) -> list[dict[str, str]]:
    """The sources a gap or scorecard document has no data from, for a note under its table:
    [{"source": "activities", "label": "Activities", "reason": "this export has no activities"}]."""
    return [
        {
            "source": found.source,
            "label": found.source.replace("_", " ").capitalize(),
            "reason": found.reason,
        }
        for found in missing
    ]


def _clear(m: GapMetric) -> bool:
    """Whether the row's interval excludes no difference."""
    low, high = m.ci_low, m.ci_high
    return low is not None and high is not None and (low > 0 or high < 0)


def gap_rows(gap: Gap) -> list[GapRow]:
    currency = str(gap.currency or "")
    rows = []
    for m in gap.metrics:
        low, high = m.ci_low, m.ci_high
        pct = finite_or_none(m.gap_pct)
        interval = "—" if low is None else f"{change_text(low)} to {change_text(high)}"
        rows.append(
            GapRow(
                m.metric,
                m.label,
                m.unit,
                value_text(m.star, m.unit, currency),
                value_text(m.core, m.unit, currency),
                change_text(pct),
                interval,
                m.n_star,
                m.n_core,
                _clear(m),
                m.method,
                m.no_data or "",
            )
        )
    return rows


def chart_label(row: GapMetric) -> str:
    """A gap row's label short enough for a chart's axis: the shrunk index row "Bookings vs an
    average rep with the same selling time and mix (shrunk)" is "Bookings index (shrunk)"; the
    table keeps the whole label."""
    label = str(row.label)
    if row.method == "posterior" and " vs " in label:
        return f"{label.split(' vs ', 1)[0]} index (shrunk)"
    return label


def gap_chart(gap: Gap) -> dict[str, Any]:
    """A forest plot: each metric's gap (star/core - 1) with its 95% interval."""
    rows = [
        {
            "label": chart_label(m),
            "estimate": m.gap_pct,
            "low": m.ci_low,
            "high": m.ci_high,
            "clear": _clear(m),
        }
        for m in gap.metrics
        if m.gap_pct is not None
    ]
    return {"kind": "forest", "unit": "change", "rows": rows}


@dataclass(frozen=True)
class OpportunityValue:
    """The annual value of lifting the core by ``close_fraction`` of the star-core index gap."""

    close_fraction: float
    annual_value: float
    low: float
    high: float
    currency: str
    n_core: int
    assumptions: str

    @property
    def percent(self) -> int:
        return round(self.close_fraction * 100)

    @property
    def value_text(self) -> str:
        return money(self.annual_value * 100, self.currency)

    @property
    def interval_text(self) -> str:
        return f"{money(self.low * 100, self.currency)} to {money(self.high * 100, self.currency)}"

    @property
    def exact_text(self) -> str:
        return f"{self.annual_value:,.0f} {self.currency}"


def clamp_fraction(value: float) -> float:
    """The calculator's range, on its 5-point steps."""
    if not math.isfinite(value):
        return FRACTION_MIN
    stepped = round(value / FRACTION_STEP) * FRACTION_STEP
    return round(min(FRACTION_MAX, max(FRACTION_MIN, stepped)), 2)


def opportunity_at(*, opportunity: Opportunity, close_fraction: float) -> OpportunityValue:
    """The stored opportunity rescaled to another close fraction.

    `uplift.analytics.performance.gap` defines annual value = close_fraction * (star index -
    core index) * core's mix-expected annual bookings, linear in close_fraction, so the stored
    value (and its interval) scale by the ratio of the fractions. Nothing is re-estimated."""
    stored = float(opportunity.close_fraction)
    scale = close_fraction / stored
    low, high = opportunity.annual_value_ci_cents
    return OpportunityValue(
        close_fraction=close_fraction,
        annual_value=opportunity.annual_value_cents * scale / 100,
        low=low * scale / 100,
        high=high * scale / 100,
        currency=str(opportunity.currency or ""),
        n_core=int(opportunity.n_core or 0),
        assumptions=str(opportunity.assumptions or ""),
    )
