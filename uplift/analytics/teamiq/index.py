"""The Team Sales IQ: three component indices and their weighted combination, per period.

For each scope (the whole organisation, then each team) and each period:

1. each component's level is computed (:mod:`.components`, a 0-1 scale);
2. each component's index is ``100 + 100 * (level - baseline level)``, where the baseline is the
   component's level in the first period of the series in which it has data: one index point is
   one percentage point of the level, and the baseline period reads 100;
3. the Team Sales IQ is the weighted mean of the component indices that have data in the period,
   with the weights of the missing ones spread over the others in proportion (renormalised), and
   which were missing is said.

An index, not a validated psychometric measure: its parts are always reported beside it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from uplift.analytics.metrics.periods import Period, Window
from uplift.analytics.performance.formatting import finite_or_none
from uplift.analytics.teamiq.components import (
    Level,
    capability_level,
    knowledge_flow_level,
    results_level,
)
from uplift.analytics.teamiq.inputs import ResultsRecord, TeamIQInputs

Component = Literal["capability", "knowledge_flow", "results"]
COMPONENTS: tuple[Component, ...] = ("capability", "knowledge_flow", "results")
COMPONENT_LABELS: dict[Component, str] = {
    "capability": "Capability",
    "knowledge_flow": "Knowledge flow",
    "results": "Results",
}
ALL_TEAMS = "all"
Grain = Literal["month", "quarter"]


@dataclass(frozen=True)
class TeamIQConfig:
    """``grain``: one point per calendar ``"quarter"`` (default) or ``"month"`` of the window;
    ``weights``: each component's weight in the index (renormalised over those with data)."""

    grain: Grain = "quarter"
    weights: Mapping[Component, float] = field(
        default_factory=lambda: {"capability": 1 / 3, "knowledge_flow": 1 / 3, "results": 1 / 3}
    )

    def __post_init__(self) -> None:
        if self.grain not in ("month", "quarter"):
            raise ValueError("grain must be 'month' or 'quarter'")
        if set(self.weights) != set(COMPONENTS):
            raise ValueError(f"weights must name exactly {COMPONENTS}")
        if any(w < 0 for w in self.weights.values()) or sum(self.weights.values()) <= 0:
            raise ValueError("weights must be non-negative and not all zero")

    def to_dict(self) -> dict[str, Any]:
        return {"grain": self.grain, "weights": {c: self.weights[c] for c in COMPONENTS}}


@dataclass(frozen=True)
class ComponentPoint:
    component: Component
    level: Level
    index: float | None
    baseline_period: str | None
    weight: float  # after renormalisation; 0 when the component has no data

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": COMPONENT_LABELS[self.component],
            "index": _rounded(self.index),
            "level": _rounded(self.level.value, 4),
            "baseline_period": self.baseline_period,
            "weight": round(self.weight, 4),
            "status": "measured" if self.index is not None else "no data",
            "reason": None if self.index is not None else self.level.reason,
            "n": dict(self.level.n),
            "parts": {k: _rounded(v, 4) for k, v in self.level.parts.items()},
        }


@dataclass(frozen=True)
class SeriesPoint:
    team: str
    period: Period
    team_iq: float | None
    components: tuple[ComponentPoint, ...]

    @property
    def missing(self) -> list[str]:
        return [c.component for c in self.components if c.index is None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "period": self.period.label,
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            "team_iq": _rounded(self.team_iq),
            "components": {c.component: c.to_dict() for c in self.components},
            "weights_used": {c.component: round(c.weight, 4) for c in self.components},
            "missing": self.missing,
        }


@dataclass(frozen=True)
class TeamIQ:
    window: Window
    config: TeamIQConfig
    series: tuple[SeriesPoint, ...]

    def teams(self) -> list[str]:
        return sorted({p.team for p in self.series} - {ALL_TEAMS})

    def to_dict(self) -> dict[str, Any]:
        return {
            "window": self.window.to_dict(),
            "config": self.config.to_dict(),
            "teams": self.teams(),
            "series": [p.to_dict() for p in self.series],
        }


def _rounded(value: float | None, digits: int = 1) -> float | None:
    number = finite_or_none(value)
    return None if number is None else round(number, digits)


def combine(
    indices: Mapping[Component, float | None], weights: Mapping[Component, float]
) -> tuple[float | None, dict[Component, float]]:
    """The weighted mean of the indices present, and the weights actually used (renormalised
    over the components with data; 0 for the others)."""
    present = {c: w for c, w in weights.items() if indices.get(c) is not None and w > 0}
    total = sum(present.values())
    used: dict[Component, float] = {
        c: present.get(c, 0.0) / total if total else 0.0 for c in weights
    }
    if not total:
        return None, used
    value = sum(used[c] * float(indices[c] or 0.0) for c in present)
    return value, used


def _months(period: Period) -> set[date]:
    months, key = set(), date(period.start.year, period.start.month, 1)
    while key <= period.end:
        months.add(key)
        key = date(key.year + key.month // 12, key.month % 12 + 1, 1)
    return months


def _scope_series(
    team: str,
    inputs: TeamIQInputs,
    periods: tuple[Period, ...],
    config: TeamIQConfig,
    *,
    people: set[int],
    results: list[ResultsRecord],
) -> list[SeriesPoint]:
    """One scope's points: `people` and `results` are the scope's own (everyone's for "all")."""
    levels: list[dict[Component, Level]] = [
        {
            "capability": capability_level(inputs.skills, people, period.end),
            "knowledge_flow": knowledge_flow_level(
                adoptions=inputs.adoptions,
                contributions=inputs.contributions,
                people=people,
                end=period.end,
            ),
            "results": results_level(results, _months(period), inputs.metric),
        }
        for period in periods
    ]
    baseline: dict[Component, tuple[str, float]] = {}
    for period, by_component in zip(periods, levels, strict=True):
        for component, level in by_component.items():
            if component not in baseline and level.value is not None:
                baseline[component] = (period.label, level.value)
    points = []
    for period, by_component in zip(periods, levels, strict=True):
        indices: dict[Component, float | None] = {}
        for component, level in by_component.items():
            base = baseline.get(component)
            indices[component] = (
                None if level.value is None or base is None else 100 + 100 * (level.value - base[1])
            )
        value, used = combine(indices, config.weights)
        components = tuple(
            ComponentPoint(
                c, by_component[c], indices[c], baseline[c][0] if c in baseline else None, used[c]
            )
            for c in COMPONENTS
        )
        points.append(SeriesPoint(team, period, value, components))
    return points


def team_iq_series(
    inputs: TeamIQInputs, window: Window, config: TeamIQConfig | None = None
) -> TeamIQ:
    """The Team Sales IQ per period of ``window``: the organisation first, then each team."""
    config = config or TeamIQConfig()
    periods = window.periods(config.grain)
    teams = sorted({m.team for m in inputs.members} | {r.team for r in inputs.results})
    # Each team's people and results, gathered once (an organisation can have hundreds of teams).
    people: dict[str, set[int]] = defaultdict(set)
    for member in inputs.members:
        people[member.team].add(member.person)
    results: dict[str, list[ResultsRecord]] = defaultdict(list)
    for record in inputs.results:
        results[record.team].append(record)
    series = _scope_series(
        ALL_TEAMS,
        inputs,
        periods,
        config,
        people={m.person for m in inputs.members},
        results=list(inputs.results),
    )
    for team in teams:
        series.extend(
            _scope_series(team, inputs, periods, config, people=people[team], results=results[team])
        )
    return TeamIQ(window, config, tuple(series))
