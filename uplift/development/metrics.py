"""The metrics a plan targets, read from the stored analysis snapshots (never from raw CRM rows).

A plan's baseline is the rep's value over the three full months before the plan started, read
from the monthly scorecards of the latest analysis when the plan is made. Whether a metric moved
is the same measure over the full months since the start, in the latest analysis, compared with
that baseline: a before/after reading for one rep, descriptive, not a causal estimate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from uplift.analytics.performance.results import ScorecardRow
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import scorecards_of
from uplift.orgs.models import Organisation, Person

BASELINE_MONTHS = 3
# A metric moved when it went at least this share of the way from the baseline to the target
# (or, without a target, changed by this share of the baseline in the metric's good direction).
MOVED_SHARE = 0.10


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # per_opportunity | fraction | currency | days | count
    higher_is_better: bool
    numerator: str
    denominator: str | None = None  # pooled over months: sum(numerator) / sum(denominator)


HIGHER, LOWER = True, False  # is a higher value better?
# Monthly scorecards count activities per month but not the opportunities they touched, so the
# activity behaviours are per deal closed in the same months (pooled: sum over sum).
BEHAVIOUR_METRICS: tuple[Metric, ...] = (
    Metric(
        "meetings_per_opportunity",
        "Meetings per closed deal",
        "per_opportunity",
        HIGHER,
        "meetings",
        "deals_closed",
    ),
    Metric(
        "calls_per_opportunity",
        "Calls per closed deal",
        "per_opportunity",
        HIGHER,
        "calls",
        "deals_closed",
    ),
    Metric(
        "emails_per_opportunity",
        "E-mails per closed deal",
        "per_opportunity",
        HIGHER,
        "emails",
        "deals_closed",
    ),
    Metric(
        "contacts_per_opportunity",
        "Contacts per closed deal (multi-threading)",
        "per_opportunity",
        HIGHER,
        "contacts",
        "deals_closed",
    ),
    Metric(
        "opportunities_created",
        "Opportunities created per month",
        "count",
        HIGHER,
        "opportunities_created",
    ),
)
OUTCOME_METRICS: tuple[Metric, ...] = (
    Metric("win_rate", "Win rate", "fraction", HIGHER, "deals_won", "deals_closed"),
    Metric("bookings", "Bookings per month", "currency", HIGHER, "bookings_cents"),
    Metric("avg_won_deal", "Average won deal", "currency", HIGHER, "bookings_cents", "deals_won"),
    Metric(
        "pipeline_created",
        "Pipeline created per month",
        "currency",
        HIGHER,
        "pipeline_created_cents",
    ),
    Metric(
        "sales_cycle_days", "Sales cycle of won deals (days)", "days", LOWER, "median_cycle_days"
    ),
)
METRICS: dict[str, Metric] = {m.key: m for m in (*BEHAVIOUR_METRICS, *OUTCOME_METRICS)}
CENTS = {"bookings", "avg_won_deal", "pipeline_created"}


def metric_label(key: str) -> str:
    metric = METRICS.get(key)
    return metric.label if metric else key


def format_value(key: str, value: float | None, currency: str = "") -> str:
    if value is None:
        return "—"
    metric = METRICS.get(key)
    unit = metric.unit if metric else ""
    if unit == "fraction":
        return f"{value * 100:.1f}%"
    if unit == "currency":
        return f"{currency + ' ' if currency else ''}{value:,.0f}"
    if unit == "days":
        return f"{value:.0f} d"
    if unit == "count":
        return f"{value:.1f}"
    return f"{value:.2f}"


def _month(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _rep_rows(rows: Sequence[ScorecardRow], rep: Person) -> list[ScorecardRow]:
    crm_id = rep.crm_user_id
    email = rep.email.lower()
    return [
        r
        for r in rows
        if (crm_id and r.rep.rep_id == crm_id)
        or (not crm_id and (r.rep.email or "").lower() == email)
    ]


def pooled_value(metric: Metric, rows: Sequence[Mapping[str, Any]]) -> float | None:
    """The metric over several months: a ratio of sums, a monthly mean for money and counts, the
    won-deal-weighted mean of monthly medians for the cycle. None without data."""
    if not rows:
        return None
    if metric.key == "sales_cycle_days":
        weighted = [
            (float(r["median_cycle_days"]), float(r.get("deals_won") or 0))
            for r in rows
            if r.get("median_cycle_days") is not None and (r.get("deals_won") or 0) > 0
        ]
        total = sum(w for _, w in weighted)
        return sum(v * w for v, w in weighted) / total if total else None
    numerator = [r.get(metric.numerator) for r in rows]
    if metric.denominator is None:
        known = [float(v) for v in numerator if v is not None]
        if not known:
            return None
        value = sum(known) / len(rows)
    else:
        pairs = [
            (float(n or 0), float(d))
            for n, d in zip(numerator, (r.get(metric.denominator) for r in rows), strict=True)
            if d is not None
        ]
        den = sum(d for _, d in pairs)
        if not den:
            return None
        value = sum(n for n, _ in pairs) / den
    return value / 100 if metric.key in CENTS else value


@dataclass(frozen=True)
class Reading:
    value: float | None
    months: int  # full months of data behind the value
    as_of: date | None
    deals: int = 0  # deals closed in those months


Monthly = tuple[list[ScorecardRow], date | None, str]  # the rows, the analysis' day, its currency


def monthly_scorecards(*, organisation: Organisation) -> Monthly:
    """The latest analysis' monthly scorecards, read once for several readings."""
    return _monthly(organisation)


def _monthly(organisation: Organisation) -> Monthly:
    run = analysis_latest(organisation=organisation)
    if run is None:
        return [], None, ""
    cards = scorecards_of(run)
    if cards is None:
        return [], run.as_of, ""
    return list(cards.monthly), run.as_of, cards.currency or ""


def _between(rows: Sequence[ScorecardRow], start: date, end: date) -> list[Mapping[str, Any]]:
    """The metric columns of the months starting in [start, end)."""
    return [r.values for r in rows if start <= r.period_start < end]


def _deals(rows: Sequence[Mapping[str, Any]]) -> int:
    return sum(int(r.get("deals_closed") or 0) for r in rows)


def metric_baseline(*, organisation: Organisation, rep: Person, key: str, start: date) -> Reading:
    """The rep's value over the BASELINE_MONTHS full months before `start`."""
    metric = METRICS.get(key)
    rows, as_of, _ = _monthly(organisation)
    if metric is None or not rows:
        return Reading(None, 0, as_of)
    first = _add_months(_month(start), -BASELINE_MONTHS)
    months = _between(_rep_rows(rows, rep), first, _month(start))
    return Reading(pooled_value(metric, months), len(months), as_of, _deals(months))


def metric_since(
    *,
    organisation: Organisation,
    rep: Person,
    key: str,
    start: date,
    monthly: Monthly | None = None,
) -> Reading:
    """The rep's value over the full months from the month after `start` to the last full month
    of the latest analysis (`monthly`, when the caller read it already)."""
    metric = METRICS.get(key)
    rows, as_of, _ = monthly if monthly is not None else _monthly(organisation)
    if metric is None or not rows or as_of is None:
        return Reading(None, 0, as_of)
    # Full months only: the month of as_of counts when as_of is its last day.
    end = _month(as_of + timedelta(days=1))
    months = _between(_rep_rows(rows, rep), _add_months(_month(start), 1), end)
    return Reading(pooled_value(metric, months), len(months), as_of, _deals(months))


def analysis_currency(*, organisation: Organisation) -> str:
    return _monthly(organisation)[2]


@dataclass(frozen=True)
class Movement:
    key: str
    label: str
    baseline: float | None
    target: float | None
    current: float | None
    months_since: int
    status: str  # moved | not_yet | moved_away | no_data
    progress: float | None  # share of the way from baseline to target (1.0 = reached)
    deals_since: int = 0  # deals closed in the months since the start

    @property
    def moved(self) -> bool:
        return self.status == "moved"


STATUS_TEXT = {
    "moved": "moved toward the target",
    "not_yet": "not moved yet",
    "moved_away": "moved away from the target",
    "no_data": "no reading yet",
}


def metric_movement(
    *,
    key: str,
    baseline: float | None,
    target: float | None,
    current: float | None,
    months_since: int,
) -> Movement:
    """Did the metric move from its baseline toward its target? (See MOVED_SHARE.)"""
    metric = METRICS.get(key)
    label = metric_label(key)
    if metric is None or baseline is None or current is None or months_since < 1:
        return Movement(key, label, baseline, target, current, months_since, "no_data", None)
    if target is not None and target != baseline:
        distance = target - baseline
        progress = (current - baseline) / distance
        if progress >= MOVED_SHARE:
            status = "moved"
        elif progress <= -MOVED_SHARE:
            status = "moved_away"
        else:
            status = "not_yet"
        return Movement(key, label, baseline, target, current, months_since, status, progress)
    direction = 1.0 if metric.higher_is_better else -1.0
    scale = abs(baseline) or 1.0
    change = direction * (current - baseline) / scale
    status = (
        "moved" if change >= MOVED_SHARE else "moved_away" if change <= -MOVED_SHARE else "not_yet"
    )
    return Movement(key, label, baseline, target, current, months_since, status, None)
