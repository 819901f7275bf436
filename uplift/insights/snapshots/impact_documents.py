"""Typed views of the snapshots of practice impact (impact, credit, Team Sales IQ) and of
the future leaders; see `documents` for how they are shaped and read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from uplift.insights.snapshots.documents import WindowJSON, stored_rows

# --- impact, credit, Team Sales IQ: what practices and coaching changed -------------------------


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
    event_study: list[dict[str, Any]]
    reading: str
    summary: str
    contributors: list[Any]


class NotEstimatedRow(TypedDict, total=False):
    practice: str
    practice_id: int | None
    adopters: int
    reason: str


@dataclass(frozen=True)
class ImpactDocument:
    """The ``impact`` snapshot: the effect of each practice and coaching programme on its
    adopters (staggered difference-in-differences), and what could not be estimated."""

    as_of: str
    practices: tuple[ImpactRow, ...]
    not_estimated: tuple[NotEstimatedRow, ...] = ()
    coaching: tuple[ImpactRow, ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ImpactDocument:
        return cls(
            as_of=data["as_of"],
            practices=stored_rows(data, "practices"),
            not_estimated=stored_rows(data, "not_estimated"),
            coaching=stored_rows(data, "coaching"),
            notes=stored_rows(data, "notes"),
        )


@dataclass(frozen=True)
class CreditDocument:
    """The ``credit`` snapshot: measured practice value credited to contributors (keys of the
    rows in docs/credit.md; no reader looks into them yet, so they stay plain)."""

    as_of: str
    horizon_months: int
    closed_per_rep_month: float | None
    currency: str | None
    rule: str
    practices: tuple[dict[str, Any], ...]
    people: tuple[dict[str, Any], ...]
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


@dataclass(frozen=True)
class TeamIQDocument:
    """The ``team-iq`` snapshot: the Team Sales IQ per team and quarter and the gap closure per
    month (keys of the rows in docs/team-iq.md; no reader looks into them yet)."""

    as_of: str
    metric: str
    gap_unit: str
    currency: str | None
    label: str
    window: WindowJSON
    teams: tuple[str, ...]
    series: tuple[dict[str, Any], ...]
    gap_closure: tuple[dict[str, Any], ...]
    team_ids: dict[str, int]
    notes: tuple[str, ...] = ()

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
