"""Typed views of the snapshots that `uplift.insights` itself writes (the summary and the
registered analyses): the keys their readers use, typed, with what older runs lack defaulted.

The performance parts are read as the analytics result classes (`Segments.from_dict`, …). The
documents here are assembled by the insights analyses from several results and records, so no
result class writes them (or, for drivers, none that can be rebuilt from its JSON); each gets a
small frozen wrapper of the top-level keys its readers use, not the whole document (the report
printer prints the stored JSON itself). Rows that pages, evidence and debriefs pass on as they
are (into templates and stored JSON) stay dictionaries, typed by a ``TypedDict`` of their keys.
A list a document lacks (an older run) reads as empty; a key added after a kind's first version
is optional and defaults to what its readers fell back to before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict


class WindowJSON(TypedDict):
    start: str  # ISO dates, inclusive
    end: str


def _tuple(data: Mapping[str, Any], key: str) -> tuple[Any, ...]:
    """A list the document may lack (an older run) or hold as null: empty then."""
    return tuple(data.get(key) or ())


# --- summary: what the dashboards show at a glance ---------------------------------------------


@dataclass(frozen=True)
class AnalysisSummary:
    """The ``summary`` snapshot: the performance analysis' day, window, currency and notes,
    without its big parts. Written by the analysis and read back by this class."""

    as_of: str
    window: WindowJSON | None
    currency: str | None
    notes: tuple[str, ...] = ()

    @classmethod
    def of_performance(cls, result: Mapping[str, Any]) -> AnalysisSummary:
        """The summary of a performance analysis' ``to_dict()``."""
        return cls(
            as_of=result["as_of"],
            window=result.get("window"),
            currency=result.get("currency"),
            notes=tuple(result.get("notes", [])),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "window": self.window,
            "currency": self.currency,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AnalysisSummary:
        return cls.of_performance(data)


# --- drivers and star profiles: stars compared with the core ------------------------------------


class ComparedItem(TypedDict, total=False):
    """A behaviour or an outcome compared between stars and core (``drivers``,
    ``where_stars_win``). The drivers document has every key; the star profiles document the
    ones up to ``reading`` without the intervals. An older document may lack ``kind``: read it
    with ``uplift.analytics.behaviour.catalogue.is_behaviour_item``."""

    behavior: str
    label: str
    kind: str  # "behaviour" | "outcome"
    unit: str
    meaning: str
    star: float | None
    core: float | None
    effect_size: float | None
    effect_ci: list[float | None]
    raw_effect_size: float | None
    raw_effect_ci: list[float | None]
    adjusted_difference: float | None
    adjusted_ci: list[float | None]
    adjusted_for: list[str]
    p_value: float | None
    q_value: float | None
    significant: bool
    reading: str
    n_star: int
    n_core: int


class MissingItem(TypedDict):
    """A metric the export cannot measure, and why in words."""

    behavior: str
    label: str
    kind: str
    reason: str


@dataclass(frozen=True)
class DriversDocument:
    """The ``drivers`` snapshot as its readers use it: what stars do differently (``drivers``,
    behaviours, strongest first), where stars win (outcomes, apart since they are results) and
    what the export cannot measure. ``DriversAnalysis.to_dict`` writes it, but its comparisons
    cannot be rebuilt from the JSON (the estimates keep only their rounded numbers and the
    behaviours only their keys and words), hence this wrapper."""

    drivers: tuple[ComparedItem, ...]
    where_stars_win: tuple[ComparedItem, ...] = ()  # both since the outcomes were split off
    missing: tuple[MissingItem, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DriversDocument:
        return cls(
            drivers=_tuple(data, "drivers"),
            where_stars_win=_tuple(data, "where_stars_win"),
            missing=_tuple(data, "missing"),
        )


class StandingItem(TypedDict, total=False):
    """A star on one behaviour or outcome, placed among the core."""

    behavior: str
    label: str
    kind: str
    unit: str
    meaning: str
    value: float | None
    core_median: float | None
    core_low: float | None
    core_high: float | None
    percentile_core: float
    percentile_all: float
    percentile_on_mix: float | None
    n_core: int
    n_all: int
    q_value: float | None
    direction: str | None  # "high" | "low"
    distinctive: bool
    reading: str


class StarProfileItem(TypedDict, total=False):
    """One star's profile; ``unusual``, ``where_they_win`` and ``outcomes`` came later."""

    rep_id: str
    source: str
    email: str | None
    name: str | None
    team: str | None
    distinctive: list[StandingItem]
    unusual: list[StandingItem]
    behaviours: list[StandingItem]
    where_they_win: list[StandingItem]
    outcomes: list[StandingItem]


class ProfileRuleJSON(TypedDict):
    high: float
    low: float
    q_max: float
    min_core: int


@dataclass(frozen=True)
class StarProfilesDocument:
    """The ``star-profiles`` snapshot: every star placed among the core, the rule that makes a
    behaviour distinctive and the comparison it rests on (the drivers' q-values)."""

    as_of: str
    rule: ProfileRuleJSON
    rule_text: str
    caution: str
    n_star: int
    n_core: int
    drivers: tuple[ComparedItem, ...]
    profiles: tuple[StarProfileItem, ...]
    where_stars_win: tuple[ComparedItem, ...] = ()
    missing: tuple[MissingItem, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StarProfilesDocument:
        return cls(
            as_of=data["as_of"],
            rule=data["rule"],
            rule_text=data["rule_text"],
            caution=data["caution"],
            n_star=data["n_star"],
            n_core=data["n_core"],
            drivers=_tuple(data, "drivers"),
            profiles=_tuple(data, "profiles"),
            where_stars_win=_tuple(data, "where_stars_win"),
            missing=_tuple(data, "missing"),
        )

    def by_rep_id(self) -> dict[str, StarProfileItem]:
        """The profiles by the star's CRM id, in the document's order."""
        return {str(p["rep_id"]): p for p in self.profiles}


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
            practices=_tuple(data, "practices"),
            not_estimated=_tuple(data, "not_estimated"),
            coaching=_tuple(data, "coaching"),
            notes=_tuple(data, "notes"),
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
            practices=_tuple(data, "practices"),
            people=_tuple(data, "people"),
            notes=_tuple(data, "notes"),
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
            teams=_tuple(data, "teams"),
            series=_tuple(data, "series"),
            gap_closure=_tuple(data, "gap_closure"),
            team_ids=dict(data.get("team_ids") or {}),
            notes=_tuple(data, "notes"),
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
            leaders=_tuple(data, "leaders"),
            network=data["network"],
            teams=_tuple(data, "teams"),
            impact_measured=bool(data.get("impact_measured", False)),
            impact_as_of=data.get("impact_as_of"),
            notes=_tuple(data, "notes"),
        )


# --- adoption habits ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AdoptionHabitsDocument:
    """The ``adoption-habits`` snapshot: each adopter's deal behaviours by calendar month of
    close, ``reps[crm_id]["2026-03"]`` = one count per name in ``counts`` (deals, meetings,
    calls, e-mails, contacts)."""

    as_of: str
    reps: dict[str, dict[str, list[int]]]
    counts: tuple[str, ...] = ()
    window: WindowJSON | None = None  # none without adopters
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AdoptionHabitsDocument:
        return cls(
            as_of=data["as_of"],
            reps=dict(data.get("reps") or {}),
            counts=_tuple(data, "counts"),
            window=data.get("window"),
            notes=_tuple(data, "notes"),
        )
