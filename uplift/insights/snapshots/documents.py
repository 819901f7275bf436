"""Typed views of the snapshots that `uplift.insights` itself writes (the summary and the
registered analyses): the keys their readers use, typed, with what older runs lack defaulted.
The summary, the stars' comparison and the adopters' habits are here; what practices changed
and who spreads them in `impact_documents`.

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


def window_dict(window: WindowJSON | None) -> dict[str, str]:
    """A document's window as a plain dictionary, for a page (empty when it has none)."""
    return {"start": window["start"], "end": window["end"]} if window else {}


def stored_rows(data: Mapping[str, Any], key: str) -> tuple[Any, ...]:
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
            drivers=stored_rows(data, "drivers"),
            where_stars_win=stored_rows(data, "where_stars_win"),
            missing=stored_rows(data, "missing"),
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
            drivers=stored_rows(data, "drivers"),
            profiles=stored_rows(data, "profiles"),
            where_stars_win=stored_rows(data, "where_stars_win"),
            missing=stored_rows(data, "missing"),
        )

    def by_rep_id(self) -> dict[str, StarProfileItem]:
        """The profiles by the star's CRM id, in the document's order."""
        return {str(p["rep_id"]): p for p in self.profiles}


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
            counts=stored_rows(data, "counts"),
            window=data.get("window"),
            notes=stored_rows(data, "notes"),
        )
