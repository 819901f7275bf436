"""Typed views of the snapshots of practice impact (impact, credit, Team Sales IQ) and of
the future leaders; see `documents` for how they are shaped and read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from uplift.insights.snapshots.documents import WindowJSON, stored_rows

# --- impact, credit, Team Sales IQ: what practices and coaching changed -------------------------


class EventPoint(TypedDict, total=False):
    """The effect ``event_time`` months after adopting (negative: before), with its interval."""

    event_time: int
    att: float | None
    ci: list[float | None]
    band: list[float | None]


class ImpactRow(TypedDict, total=False):
    """One estimate: a practice (``practice``, ``practice_id``) or, under ``coaching``, a
    coaching programme (``programme``), on one metric."""

    practice: str
    practice_id: int | None
    programme: str
    metric: str
    unit: str  # "fraction" | "currency" | "count"
    att: float | None
    se: float | None
    ci: list[float | None]
    confidence: float
    method: str
    adopters: int
    comparison_reps: int
    never_adopted: int
    rep_months: int
    cohorts: int
    median_post_months: float
    counted_early: int
    pre_trend_p: float | None
    pre_trend_drift: float | None
    event_study: list[EventPoint]
    reading: str
    summary: str
    contributors: list[Any]
    estimator: str  # "imputation" | "callaway_santanna"
    exposure: str  # "deal_created" | "rep_month" | "rep_month_closed"
    exposure_rule: str
    pre_trend: str  # the pre-trend check in words


class NotEstimatedRow(TypedDict, total=False):
    practice: str
    practice_id: int | None
    adopters: int
    reason: str


@dataclass(frozen=True)
class ImpactDocument:
    """The ``impact`` snapshot: the effect of each practice and coaching programme on its
    adopters (staggered difference-in-differences), and what could not be estimated.
    ``method`` names the estimator and its comparison group
    (``callaway_santanna_never_treated`` or ``…_not_yet_treated``); ``window`` the months
    analysed."""

    as_of: str
    practices: tuple[ImpactRow, ...]
    not_estimated: tuple[NotEstimatedRow, ...] = ()
    coaching: tuple[ImpactRow, ...] = ()
    notes: tuple[str, ...] = ()
    method: str | None = None
    window: WindowJSON | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ImpactDocument:
        return cls(
            as_of=data["as_of"],
            practices=stored_rows(data, "practices"),
            not_estimated=stored_rows(data, "not_estimated"),
            coaching=stored_rows(data, "coaching"),
            notes=stored_rows(data, "notes"),
            method=data.get("method"),
            window=data.get("window"),
        )


class CreditEffect(TypedDict, total=False):
    """One metric's effect of a practice, and what it is worth over the credit horizon."""

    metric: str
    att: float | None
    ci: list[float | None]
    adopters: int
    reading: str
    summary: str
    measured: bool
    status: str  # "measured gain" | "measured loss" | "not measured yet"
    value_unit: str  # "currency" | "won_deals"
    value: float | None
    value_ci: list[float | None]


class CreditContributor(TypedDict, total=False):
    """A contributor of a practice and their share of its credit."""

    person_id: int
    name: str | None
    email: str | None
    crm_user_id: str | None
    team: str | None
    share: float


class CreditPracticeRow(TypedDict, total=False):
    """A practice's contributors, effects and whether its value is measured (and if not, why)."""

    practice: str
    practice_id: int
    status: str
    contributors: list[CreditContributor]
    measured: bool
    credit_status: str  # "measured" | "not measured yet"
    reason: str
    effects: list[CreditEffect]


class MeasuredValue(TypedDict):
    value: float
    ci: list[float]


class CreditPersonRow(TypedDict, total=False):
    """A contributor's credit over every practice: ``measured_value`` by unit (``currency``,
    ``won_deals``), only measured gains counted; ``items`` one row per practice and metric."""

    person_id: int
    name: str | None
    email: str | None
    crm_user_id: str | None
    team: str | None
    practices: int
    measured_practices: int
    adopters_reached: int
    measured_value: dict[str, MeasuredValue]
    items: list[dict[str, Any]]


@dataclass(frozen=True)
class CreditDocument:
    """The ``credit`` snapshot: measured practice value credited to contributors (keys of the
    rows in docs/credit.md)."""

    as_of: str
    horizon_months: int
    closed_per_rep_month: float | None
    currency: str | None
    rule: str
    practices: tuple[CreditPracticeRow, ...]
    people: tuple[CreditPersonRow, ...]
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CreditDocument:
        return cls(
            as_of=data["as_of"],
            horizon_months=data["horizon_months"],
            closed_per_rep_month=data.get("closed_per_rep_month"),
            currency=data.get("currency"),
            rule=data["rule"],
            practices=stored_rows(data, "practices"),
            people=stored_rows(data, "people"),
            notes=stored_rows(data, "notes"),
        )


class IQComponentJSON(TypedDict, total=False):
    """One component of a team's index in one period; ``reason`` (why it has no data) came
    later."""

    label: str
    index: float | None
    level: float | None
    baseline_period: str | None
    weight: float
    status: str  # "measured" | "no data"
    reason: str | None
    n: dict[str, int]
    parts: dict[str, float | None]


class IQPointJSON(TypedDict, total=False):
    """A team's (or "all") index in one period, with its components by name."""

    team: str
    period: str
    period_start: str
    period_end: str
    team_iq: float | None
    components: dict[str, IQComponentJSON]
    weights_used: dict[str, float]
    missing: list[str]


class GapMonthJSON(TypedDict, total=False):
    period: str
    star: float | None
    core: float | None
    gap_pct: float | None
    core_to_star: float | None
    n_star: int
    n_core: int


class GapClosureJSON(TypedDict, total=False):
    """A team's star-core gap month by month and its straight-line trend."""

    team: str
    first_gap_pct: float | None
    last_gap_pct: float | None
    slope_per_month: float | None
    slope_ci: list[float | None]
    months_used: int
    direction: str
    months: list[GapMonthJSON]


class IQConfigJSON(TypedDict, total=False):
    grain: str  # "quarter" | "month"
    weights: dict[str, float]


@dataclass(frozen=True)
class TeamIQDocument:
    """The ``team-iq`` snapshot: the Team Sales IQ per team and quarter and the gap closure per
    month (keys of the rows in docs/team-iq.md)."""

    as_of: str
    metric: str
    gap_unit: str
    currency: str | None
    label: str
    window: WindowJSON
    teams: tuple[str, ...]
    series: tuple[IQPointJSON, ...]
    gap_closure: tuple[GapClosureJSON, ...]
    team_ids: dict[str, int]
    notes: tuple[str, ...] = ()
    config: IQConfigJSON | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TeamIQDocument:
        return cls(
            as_of=data["as_of"],
            metric=data["metric"],
            gap_unit=data["gap_unit"],
            currency=data.get("currency"),
            label=data["label"],
            window=data["window"],
            teams=stored_rows(data, "teams"),
            series=stored_rows(data, "series"),
            gap_closure=stored_rows(data, "gap_closure"),
            team_ids=dict(data.get("team_ids") or {}),
            notes=stored_rows(data, "notes"),
            config=data.get("config"),
        )


# --- future leaders ----------------------------------------------------------------------------


class LeaderRow(TypedDict, total=False):
    """One person's components, as the future-leaders pages show them. ``components`` holds
    contribution, help, network, reach and impact, each with its numbers and ``percentile``
    (impact's ``credited_value`` came later)."""

    rep_id: str
    person_id: int
    email: str
    name: str
    role: str
    team: str
    score: float
    components: dict[str, dict[str, Any]]


class NetworkNode(TypedDict):
    person_id: int
    name: str
    x: float  # 0-1, laid out by a spring layout
    y: float


class NetworkEdge(TypedDict):
    source: int  # the person who helped or whose practice was adopted
    target: int
    weight: float


class LeaderNetwork(TypedDict):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class LeaderCounts(TypedDict):
    people: int
    candidates: int
    practices_shared: int
    help: dict[str, int]


@dataclass(frozen=True)
class LeadersDocument:
    """The ``leaders`` snapshot: who shares, helps, connects and spreads practices that work,
    best score first; percentiles are organisation-wide."""

    as_of: str
    score_rule: str
    counts: LeaderCounts
    leaders: tuple[LeaderRow, ...]
    network: LeaderNetwork
    teams: tuple[str, ...]
    impact_measured: bool = False
    impact_as_of: str | None = None
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LeadersDocument:
        return cls(
            as_of=data["as_of"],
            score_rule=data["score_rule"],
            counts=data["counts"],
            leaders=stored_rows(data, "leaders"),
            network=data["network"],
            teams=stored_rows(data, "teams"),
            impact_measured=bool(data.get("impact_measured", False)),
            impact_as_of=data.get("impact_as_of"),
            notes=stored_rows(data, "notes"),
        )
