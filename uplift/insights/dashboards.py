"""What the performance pages show, shaped from the stored snapshots (never from raw CRM rows).

Each page gets one dataclass: numbers already formatted the way people read them, the tables
and the chart data (plain dicts that `static/web/charts.js` draws and that tests read as data).

Privacy lives here as much as in the views: a page only ever receives the rows of the people the
viewer may see (`people_in_scope`, built on the access layer), and a rep's page carries only that
rep's own rows plus group averages of at least ``MIN_OTHER_REPS`` other reps, so that no single
colleague's number can be read or worked out from it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from uplift.analytics.performance.formatting import money
from uplift.analytics.performance.gap import GAP_METRICS, GapSpec
from uplift.insights.models import AnalysisRun, Snapshot
from uplift.insights.selectors import analysis_latest
from uplift.orgs import access
from uplift.orgs.models import Organisation, Person, Role

BANDS = ("star", "core", "tail")
KEY_METRICS = ("win_rate", "bookings", "avg_deal_size", "cycle_days")
MIN_OTHER_REPS = 2
FRACTION_MIN, FRACTION_MAX, FRACTION_STEP = 0.05, 1.0, 0.05
ALL_TEAMS = "all"
EXCLUSION_LABELS = {
    "no_closed_deals": "no closed deals in the window",
    "too_few_closed_deals": "too few closed deals to rank fairly",
    "not_in_crm_users": "owns deals but is not in the CRM's user list",
    "nothing_expected": "no deal mix to compare against",
}
SPECS: dict[str, GapSpec] = {spec.metric: spec for spec in GAP_METRICS}


# --- Reading the analysis -----------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """The parts of the latest finished analysis a page asked for."""

    run: AnalysisRun
    parts: dict[str, Any]

    def part(self, kind: str) -> Any:
        return self.parts[kind]

    @property
    def as_of(self) -> str:
        return str(self.run.as_of)

    @property
    def window(self) -> dict[str, str]:
        return dict(self.parts.get("summary", {}).get("window") or {})

    @property
    def currency(self) -> str:
        return str(self.parts.get("summary", {}).get("currency") or "")


def analysis_for_pages(*, organisation: Organisation, kinds: Iterable[str]) -> Analysis | None:
    """The latest analysis with the wanted snapshots (and its summary), or None before the first."""
    run = analysis_latest(organisation=organisation)
    if run is None:
        return None
    wanted = {*kinds, "summary"}
    parts = dict(Snapshot.objects.filter(run=run, kind__in=wanted).values_list("kind", "data"))
    if set(parts) != wanted:
        return None
    return Analysis(run=run, parts=parts)


@dataclass(frozen=True)
class Member:
    """Someone whose numbers the viewer may see, and the CRM id that finds their rows."""

    person_id: int
    name: str
    crm_user_id: str
    team: str
    role: str = Role.REP


def people_in_scope(*, viewer: Person, include_viewer: bool = True) -> list[Member]:
    """The people whose private numbers the viewer may see (SPEC "Roles and privacy")."""
    people = access.people_in_private_scope(viewer).order_by("full_name")
    if not include_viewer:
        people = people.exclude(pk=viewer.pk)
    return [
        Member(p.pk, p.full_name, p.crm_user_id, p.team.name if p.team else "", p.role)
        for p in people
    ]


# --- Numbers as people read them ----------------------------------------------------------------


_FORMATS: dict[str, Callable[[float, str], str]] = {
    "fraction": lambda v, _c: f"{v * 100:.1f}%",
    "currency": lambda v, c: money(v * 100, c),
    "days": lambda v, _c: f"{v:.0f} days",
    "index": lambda v, _c: f"{v:.2f}",
}


def value_text(value: float | None, unit: str, currency: str = "") -> str:
    """A metric value in its unit: fractions as percentages, money compact, days as days."""
    if value is None or not math.isfinite(value):
        return "—"
    if unit in _FORMATS:
        return _FORMATS[unit](value, currency)
    if unit == "count" and float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"


def change_text(fraction: float | None) -> str:
    """A relative difference (0.68) as "+68%"."""
    if fraction is None or not math.isfinite(fraction):
        return "—"
    return f"{fraction * 100:+.0f}%"


def probability_text(p: float | None) -> str:
    """A probability that never claims certainty: "93%", ">99%", "<1%"."""
    if p is None:
        return "—"
    if p > 0.99:
        return ">99%"
    if p < 0.01:
        return "<1%"
    return f"{p * 100:.0f}%"


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def metric_value(row: Mapping[str, Any], spec: GapSpec) -> float | None:
    """A scorecard row's value of a gap metric, in the gap's units (money in currency units)."""
    value = _finite(row.get(spec.column))
    if value is not None and spec.unit == "currency":
        value /= 100
    return value


def _mean(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


# --- The gap, the opportunity and the trend -----------------------------------------------------


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


def gap_rows(gap: Mapping[str, Any]) -> list[GapRow]:
    currency = str(gap.get("currency") or "")
    rows = []
    for m in gap["metrics"]:
        low, high = m["ci"]
        pct = _finite(m["gap_pct"])
        clear = low is not None and high is not None and (low > 0 or high < 0)
        interval = "—" if low is None else f"{change_text(low)} to {change_text(high)}"
        rows.append(
            GapRow(
                m["metric"],
                m["label"],
                m["unit"],
                value_text(m["star"], m["unit"], currency),
                value_text(m["core"], m["unit"], currency),
                change_text(pct),
                interval,
                m["n_star"],
                m["n_core"],
                clear,
                m["method"],
            )
        )
    return rows


def gap_chart(gap: Mapping[str, Any]) -> dict[str, Any]:
    """A forest plot: each metric's gap (star/core - 1) with its 95% interval."""
    rows = [
        {
            "label": m["label"],
            "estimate": m["gap_pct"],
            "low": m["ci"][0],
            "high": m["ci"][1],
            "clear": m["ci"][0] is not None and (m["ci"][0] > 0 or m["ci"][1] < 0),
        }
        for m in gap["metrics"]
        if m["gap_pct"] is not None
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


def opportunity_at(*, opportunity: Mapping[str, Any], close_fraction: float) -> OpportunityValue:
    """The stored opportunity rescaled to another close fraction.

    `uplift.analytics.performance.gap` defines annual value = close_fraction * (star index -
    core index) * core's mix-expected annual bookings, linear in close_fraction, so the stored
    value (and its interval) scale by the ratio of the fractions. Nothing is re-estimated."""
    stored = float(opportunity["close_fraction"])
    scale = close_fraction / stored
    low, high = opportunity["annual_value_ci_cents"]
    return OpportunityValue(
        close_fraction=close_fraction,
        annual_value=opportunity["annual_value_cents"] * scale / 100,
        low=low * scale / 100,
        high=high * scale / 100,
        currency=str(opportunity.get("currency") or ""),
        n_core=int(opportunity.get("n_core") or 0),
        assumptions=str(opportunity.get("assumptions") or ""),
    )


@dataclass(frozen=True)
class TrendView:
    team: str
    unit: str
    rows: list[dict[str, Any]]
    chart: dict[str, Any]


def trend_view(*, trend: Mapping[str, Any], team: str, currency: str = "") -> TrendView:
    """The star and core lines month by month for one team (or "all")."""
    unit = str(trend["unit"])
    points = [p for p in trend["series"] if p["team"] == team]
    rows = [
        {
            "period": p["period"],
            "star": value_text(p["star"], unit, currency),
            "core": value_text(p["core"], unit, currency),
            "gap": change_text(p["gap_pct"]),
            "n_star": p["n_star"],
            "n_core": p["n_core"],
        }
        for p in points
    ]
    chart = {
        "kind": "lines",
        "unit": unit,
        "currency": currency,
        "labels": [p["period"] for p in points],
        "series": [
            {"key": "star", "label": "Stars", "values": [p["star"] for p in points]},
            {"key": "core", "label": "Core", "values": [p["core"] for p in points]},
        ],
    }
    return TrendView(team=team, unit=unit, rows=rows, chart=chart)


def trend_teams(
    *, segments: Mapping[str, Any], trend: Mapping[str, Any], rep_ids: set[str]
) -> list[str]:
    """Teams whose trend the viewer may see: those whose every ranked rep is in their scope."""
    members: dict[str, set[str]] = {}
    for rep in segments["reps"]:
        members.setdefault(rep.get("team") or "(no team)", set()).add(rep["rep_id"])
    teams = {p["team"] for p in trend["series"]} - {ALL_TEAMS}
    return sorted(t for t in teams if t in members and members[t] <= rep_ids)


# --- The leader's dashboard ---------------------------------------------------------------------


@dataclass(frozen=True)
class RankedRep:
    person_id: int | None
    name: str
    team: str
    segment: str
    p_star: float
    rank: int
    rank_low: int
    rank_high: int
    raw: str
    index: str
    n: int
    why: str

    @property
    def p_star_text(self) -> str:
        return probability_text(self.p_star)


@dataclass(frozen=True)
class LeaderDashboard:
    as_of: str
    window: dict[str, str]
    metric_label: str
    currency: str
    bands: dict[str, Any]
    method: str
    reps: list[RankedRep]
    hidden_reps: int
    excluded: list[dict[str, Any]]
    excluded_counts: dict[str, int]
    gap_rows: list[GapRow]
    primary_gap: GapRow | None
    opportunity: OpportunityValue
    trend: TrendView
    trend_teams: list[str]
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)


def _metric_label(metric: str) -> str:
    return "win rate" if metric == "win_rate" else "bookings"


def leader_dashboard(*, analysis: Analysis, people: list[Member]) -> LeaderDashboard:
    """Stars, core and tail with their evidence, the gap, its worth and its trend.

    Reps outside the viewer's part of the organisation are counted, not shown; the bands, the
    gap and the opportunity are organisation-wide (that is how they are computed)."""
    segments, gap = analysis.part("segments"), analysis.part("gap")
    currency = analysis.currency or str(gap.get("currency") or "")
    person_of = {m.crm_user_id: m.person_id for m in people if m.crm_user_id}
    raw_unit = "fraction" if segments["metric"] == "win_rate" else "currency"
    shown = [r for r in segments["reps"] if r["rep_id"] in person_of]
    reps = [
        RankedRep(
            person_of[r["rep_id"]],
            r.get("name") or r["rep_id"],
            r.get("team") or "—",
            r["segment"],
            r["p_star"],
            r["rank"],
            r["rank_low"],
            r["rank_high"],
            value_text(r["raw"], raw_unit, currency),
            value_text(r["adjusted"], "index"),
            r["n"],
            r["why"],
        )
        for r in shown
    ]
    excluded = [
        {
            "name": e.get("name") or e["rep_id"],
            "team": e.get("team") or "—",
            "reason": EXCLUSION_LABELS.get(e["reason"], e["reason"]),
            "detail": "" if e["reason"] == "no_closed_deals" else e["detail"],
        }
        for e in segments.get("excluded", [])
        if e["rep_id"] in person_of
    ]
    counts = {
        EXCLUSION_LABELS.get(reason, reason): n
        for reason, n in (segments.get("excluded_counts") or {}).items()
    }
    rows = gap_rows(gap)
    primary = next((r for r in rows if r.metric == f"{segments['metric']}_index"), None)
    trend = analysis.part("trend")
    return LeaderDashboard(
        as_of=analysis.as_of,
        window=analysis.window,
        metric_label=_metric_label(segments["metric"]),
        currency=currency,
        bands=segments["bands"],
        method=segments["method"],
        reps=reps,
        hidden_reps=len(segments["reps"]) - len(shown),
        excluded=excluded,
        excluded_counts=counts,
        gap_rows=rows,
        primary_gap=primary,
        opportunity=opportunity_at(
            opportunity=gap["opportunity"],
            close_fraction=float(gap["opportunity"]["close_fraction"]),
        ),
        trend=trend_view(trend=trend, team=ALL_TEAMS, currency=currency),
        trend_teams=trend_teams(segments=segments, trend=trend, rep_ids=set(person_of)),
        charts={
            "ranks": ranks_chart(segments=segments, reps=shown),
            "index": index_chart(segments=segments, reps=shown, currency=currency),
            "gap": gap_chart(gap),
        },
    )


def ranks_chart(*, segments: Mapping[str, Any], reps: list[dict[str, Any]]) -> dict[str, Any]:
    """Each rep's rank (1 = best) with its 90% interval, coloured by band, with the band cuts."""
    bands = segments["bands"]
    return {
        "kind": "ranks",
        "n": bands["n_ranked"],
        "cuts": [bands["n_star"] + 0.5, bands["n_star"] + bands["n_core"] + 0.5],
        "points": [
            {
                "label": r.get("name") or r["rep_id"],
                "rank": r["rank"],
                "low": r["rank_low"],
                "high": r["rank_high"],
                "band": r["segment"],
                "p_star": r["p_star"],
            }
            for r in reps
        ],
    }


def index_chart(
    *, segments: Mapping[str, Any], reps: list[dict[str, Any]], currency: str
) -> dict[str, Any]:
    """Raw metric against the shrunk mix-adjusted index: why a high raw number is not always a
    star (an easy mix) and a modest one can be (a hard mix)."""
    raw_unit = "fraction" if segments["metric"] == "win_rate" else "currency"
    label = _metric_label(segments["metric"])
    return {
        "kind": "scatter",
        "currency": currency,
        "x": {"label": f"Raw {label}", "unit": raw_unit},
        "y": {"label": "Mix-adjusted index, shrunk (1.0 = as expected)", "unit": "index"},
        "points": [
            {
                "label": r.get("name") or r["rep_id"],
                "x": r["raw"],
                "y": r["adjusted"],
                "band": r["segment"],
            }
            for r in reps
        ],
    }


# --- The manager's team view --------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRep:
    person_id: int
    name: str
    team: str
    segment: str | None
    p_star: float | None
    why: str
    values: dict[str, str]
    note: str = ""

    @property
    def p_star_text(self) -> str:
        return probability_text(self.p_star)


@dataclass(frozen=True)
class TeamDashboard:
    as_of: str
    window: dict[str, str]
    currency: str
    metrics: list[dict[str, str]]
    reps: list[TeamRep]
    without_numbers: list[TeamRep]
    team_average: dict[str, str]
    star_benchmark: dict[str, str]
    core_average: dict[str, str]
    band_counts: dict[str, int]
    rule: str
    charts: list[dict[str, Any]]


TEAM_METRICS = (
    "win_rate",
    "bookings",
    "avg_deal_size",
    "cycle_days",
    "pipeline_created",
    "meetings_per_opportunity",
    "contacts_per_opportunity",
)


SHORT_LABELS = {
    "avg_deal_size": "Avg won deal",
    "cycle_days": "Sales cycle",
    "pipeline_created": "Pipeline",
    "meetings_per_opportunity": "Meetings / opp.",
    "contacts_per_opportunity": "Contacts / opp.",
}


def team_dashboard(*, analysis: Analysis, members: list[Member]) -> TeamDashboard:
    """The viewer's reps against their team average and the organisation's star benchmark."""
    segments, gap, cards = (analysis.part(k) for k in ("segments", "gap", "scorecards"))
    currency = analysis.currency
    band = {r["rep_id"]: r for r in segments["reps"]}
    excluded = {e["rep_id"]: e for e in segments.get("excluded", [])}
    card = {r["rep_id"]: r for r in cards["reps"]}
    specs = [SPECS[m] for m in TEAM_METRICS]
    with_numbers = [m for m in members if m.crm_user_id in card]
    raw = {
        m.person_id: {s.metric: metric_value(card[m.crm_user_id], s) for s in specs}
        for m in with_numbers
    }
    average = {s.metric: _mean(values[s.metric] for values in raw.values()) for s in specs}
    benchmark = {m["metric"]: m for m in gap["metrics"]}
    order = {b: i for i, b in enumerate(BANDS)}

    def rep(m: Member) -> TeamRep:
        seg = band.get(m.crm_user_id)
        note = (
            ""
            if seg
            else EXCLUSION_LABELS.get(
                excluded.get(m.crm_user_id, {}).get("reason", ""), "not ranked"
            )
        )
        values = {s.metric: value_text(raw[m.person_id][s.metric], s.unit, currency) for s in specs}
        return TeamRep(
            m.person_id,
            m.name,
            m.team,
            seg["segment"] if seg else None,
            seg["p_star"] if seg else None,
            seg["why"] if seg else "",
            values,
            note,
        )

    reps = sorted(
        (rep(m) for m in with_numbers),
        key=lambda r: (order.get(r.segment or "", 3), -(r.p_star or 0), r.name),
    )
    charts = [
        {
            "kind": "bars",
            "title": spec.label,
            "unit": spec.unit,
            "currency": currency,
            "lower_is_better": not spec.higher_is_better,
            "rows": [
                {"label": r.name, "value": raw[r.person_id][spec.metric], "band": r.segment}
                for r in reps
            ],
            "references": [
                {"key": "team", "label": "Team average", "value": average[spec.metric]},
                {
                    "key": "star",
                    "label": "Star benchmark",
                    "value": benchmark.get(spec.metric, {}).get("star"),
                },
            ],
        }
        for spec in specs
        if spec.metric in KEY_METRICS
    ]
    counts = {b: sum(r.segment == b for r in reps) for b in BANDS}
    return TeamDashboard(
        as_of=analysis.as_of,
        window=analysis.window,
        currency=currency,
        metrics=[
            {"metric": s.metric, "label": SHORT_LABELS.get(s.metric, s.label), "unit": s.unit}
            for s in specs
        ],
        reps=reps,
        without_numbers=[
            TeamRep(m.person_id, m.name, m.team, None, None, "", {}, "no CRM numbers")
            for m in members
            if m.crm_user_id not in card and m.role == Role.REP  # managers need not sell
        ],
        team_average={k: value_text(v, SPECS[k].unit, currency) for k, v in average.items()},
        star_benchmark={
            s.metric: value_text(benchmark.get(s.metric, {}).get("star"), s.unit, currency)
            for s in specs
        },
        core_average={
            s.metric: value_text(benchmark.get(s.metric, {}).get("core"), s.unit, currency)
            for s in specs
        },
        band_counts=counts,
        rule=segments["bands"]["rule"],
        charts=charts,
    )


# --- A rep's own page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MyMetric:
    metric: str
    label: str
    unit: str
    mine: str
    core: str
    star: str
    higher_is_better: bool


@dataclass(frozen=True)
class RepDashboard:
    as_of: str
    window: dict[str, str]
    currency: str
    metric_label: str
    has_numbers: bool
    segment: str | None
    p_star: float | None
    why: str
    not_ranked: str
    metrics: list[MyMetric]
    trend_rows: list[dict[str, str]]
    charts: dict[str, Any]
    band_shares: tuple[int, int] = (20, 20)  # stars are the top, the tail the bottom x percent
    min_other_reps: int = MIN_OTHER_REPS

    @property
    def p_star_text(self) -> str:
        return probability_text(self.p_star)

    @property
    def key_metrics(self) -> list[MyMetric]:
        return [m for m in self.metrics if m.metric in KEY_METRICS]


def _benchmark(value: Any, n: int, includes_me: bool) -> float | None:
    """A group average, or None when fewer than MIN_OTHER_REPS others are behind it."""
    others = n - (1 if includes_me else 0)
    return _finite(value) if others >= MIN_OTHER_REPS else None


def rep_dashboard(*, analysis: Analysis, crm_user_id: str) -> RepDashboard:
    """One rep's own numbers next to the core average and the star benchmark. Carries nothing
    about any other single rep: only group averages of at least MIN_OTHER_REPS others."""
    segments, gap, cards = (analysis.part(k) for k in ("segments", "gap", "scorecards"))
    trend = analysis.part("trend")
    currency = analysis.currency
    mine = next((r for r in cards["reps"] if crm_user_id and r["rep_id"] == crm_user_id), None)
    seg = next((r for r in segments["reps"] if crm_user_id and r["rep_id"] == crm_user_id), None)
    out = next((e for e in segments.get("excluded", []) if e["rep_id"] == crm_user_id), None)
    band = seg["segment"] if seg else None
    metrics, charts_by_metric = [], []
    for m in gap["metrics"]:
        spec = SPECS.get(m["metric"])
        if spec is not None:
            own = metric_value(mine, spec) if mine else None
        else:  # the shrunk index of the primary metric
            own = _finite(seg["adjusted"]) if seg else None
        star = _benchmark(m["star"], m["n_star"], band == "star")
        core = _benchmark(m["core"], m["n_core"], band == "core")
        metrics.append(
            MyMetric(
                m["metric"],
                m["label"],
                m["unit"],
                value_text(own, m["unit"], currency),
                value_text(core, m["unit"], currency),
                value_text(star, m["unit"], currency),
                bool(m["higher_is_better"]),
            )
        )
        if m["metric"] in KEY_METRICS:
            charts_by_metric.append(
                {
                    "kind": "bars",
                    "title": m["label"],
                    "unit": m["unit"],
                    "currency": currency,
                    "lower_is_better": not m["higher_is_better"],
                    "rows": [
                        {"label": "You", "value": own, "band": "me"},
                        {"label": "Core average", "value": core, "band": "core"},
                        {"label": "Star benchmark", "value": star, "band": "star"},
                    ],
                    "references": [],
                }
            )
    trend_rows, trend_chart = _my_trend(
        cards=cards, trend=trend, crm_user_id=crm_user_id, band=band, currency=currency
    )
    return RepDashboard(
        as_of=analysis.as_of,
        window=analysis.window,
        currency=currency,
        metric_label=_metric_label(segments["metric"]),
        has_numbers=mine is not None,
        segment=band,
        p_star=seg["p_star"] if seg else None,
        why=seg["why"] if seg else "",
        not_ranked=(EXCLUSION_LABELS.get(out["reason"], out["detail"]) if out and not seg else ""),
        metrics=metrics,
        trend_rows=trend_rows,
        charts={"metrics": charts_by_metric, "trend": trend_chart},
        band_shares=(
            round(100 * segments["bands"]["star_fraction"]),
            round(100 * segments["bands"]["tail_fraction"]),
        ),
    )


def _my_trend(
    *,
    cards: Mapping[str, Any],
    trend: Mapping[str, Any],
    crm_user_id: str,
    band: str | None,
    currency: str,
) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """The rep's monthly primary metric against the organisation's star and core lines."""
    unit = str(trend["unit"])
    column = "win_rate" if trend["metric"] == "win_rate" else "bookings"
    monthly = {
        r["period"]: r
        for r in cards.get("monthly", [])
        if crm_user_id and r["rep_id"] == crm_user_id
    }
    points = [p for p in trend["series"] if p["team"] == ALL_TEAMS]
    mine, star, core = [], [], []
    for p in points:
        own_row = monthly.get(p["period"])
        closed = bool(own_row and own_row.get("deals_closed"))
        mine.append(_finite(own_row.get(column)) if own_row and closed else None)
        star.append(_benchmark(p["star"], p["n_star"], closed and band == "star"))
        core.append(_benchmark(p["core"], p["n_core"], closed and band == "core"))
    rows = [
        {
            "period": p["period"],
            "mine": value_text(a, unit, currency),
            "star": value_text(b, unit, currency),
            "core": value_text(c, unit, currency),
        }
        for p, a, b, c in zip(points, mine, star, core, strict=True)
    ]
    chart = {
        "kind": "lines",
        "unit": unit,
        "currency": currency,
        "labels": [p["period"] for p in points],
        "series": [
            {"key": "me", "label": "You", "values": mine},
            {"key": "star", "label": "Star benchmark", "values": star},
            {"key": "core", "label": "Core average", "values": core},
        ],
    }
    return rows, chart


def trend_for_viewer(*, analysis: Analysis, people: list[Member], team: str) -> TrendView | None:
    """The gap trend of one team the viewer may see (or of everyone); None for any other team."""
    segments, trend = analysis.part("segments"), analysis.part("trend")
    rep_ids = {m.crm_user_id for m in people if m.crm_user_id}
    if team != ALL_TEAMS and team not in trend_teams(
        segments=segments, trend=trend, rep_ids=rep_ids
    ):
        return None
    return trend_view(trend=trend, team=team, currency=analysis.currency)


# --- Headlines for the home pages ---------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """The few numbers a home page shows, with a link to the page behind them."""

    as_of: str
    metric_label: str
    bands: dict[str, int]  # organisation-wide
    bands_in_scope: dict[str, int]  # among the people given
    gap: str
    interval: str
    opportunity: OpportunityValue


def headline(*, analysis: Analysis, people: list[Member]) -> Headline:
    segments, gap = analysis.part("segments"), analysis.part("gap")
    ids = {m.crm_user_id for m in people if m.crm_user_id}
    rows = gap_rows(gap)
    primary = next((r for r in rows if r.metric == f"{segments['metric']}_index"), None)
    bands = segments["bands"]
    return Headline(
        as_of=analysis.as_of,
        metric_label=_metric_label(segments["metric"]),
        bands={b: int(bands[f"n_{b}"]) for b in BANDS},
        bands_in_scope={
            b: sum(r["segment"] == b and r["rep_id"] in ids for r in segments["reps"])
            for b in BANDS
        },
        gap=primary.gap if primary else "—",
        interval=primary.interval if primary else "—",
        opportunity=opportunity_at(
            opportunity=gap["opportunity"],
            close_fraction=float(gap["opportunity"]["close_fraction"]),
        ),
    )
