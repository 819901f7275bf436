"""The drivers analysis as a stable, JSON-ready document (``uplift report drivers --json``).

Keys are a contract: add, never rename. Conventions as in the performance results: ISO dates,
fractions for rates (0.74 is 74 %), ``null`` for undefined numbers, intervals as ``[low, high]``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from uplift.analytics.behaviour.compare import Driver
from uplift.analytics.behaviour.profiles import Standing, StarProfile
from uplift.analytics.behaviour.sources import MissingMetric
from uplift.analytics.behaviour.wording import number
from uplift.analytics.metrics.periods import Window
from uplift.analytics.performance.formatting import finite_or_none
from uplift.analytics.stats.effects import Estimate

DIGITS = 6


@dataclass(frozen=True)
class DriversConfig:
    """Settings of :func:`uplift.analytics.behaviour.analyse_drivers`.

    - ``min_opportunities``: a rep's value on a behaviour counts only when it rests on at least
      this many deals (closed deals, won deals for the cycle, deals reaching the stage).
    - ``min_stage_share``: a stage joins the ladder when at least this share of deals entered it.
    - ``fdr_level``: a difference is reported as significant when its q-value is at most this.
    - ``confidence``: of the effect-size and adjusted-difference intervals.
    - ``high`` / ``low``: percentiles at or beyond which a star's behaviour is distinctive.
    - ``min_core``: core reps with a value needed to place a star on a behaviour.
    """

    min_opportunities: int = 5
    min_stage_share: float = 0.05
    fdr_level: float = 0.05
    confidence: float = 0.95
    high: float = 80.0
    low: float = 20.0
    min_core: int = 10

    def __post_init__(self) -> None:
        if self.min_opportunities < 1:
            raise ValueError("min_opportunities must be at least 1")
        for name in ("min_stage_share", "fdr_level", "confidence"):
            if not 0 < getattr(self, name) < 1:
                raise ValueError(f"{name} must be between 0 and 1")
        if not 0 <= self.low < 50 < self.high <= 100:
            raise ValueError("need 0 <= low < 50 < high <= 100")
        if self.min_core < 3:
            raise ValueError("min_core must be at least 3")


def _round(value: float | None) -> float | None:
    found = finite_or_none(value)
    return None if found is None else round(found, DIGITS)


def _interval(estimate: Estimate | None) -> list[float | None]:
    if estimate is None:
        return [None, None]
    return [_round(estimate.ci_low), _round(estimate.ci_high)]


def driver_to_dict(driver: Driver) -> dict[str, Any]:
    """Keys: behavior, label, kind ("behaviour" | "outcome"), unit, meaning, star, core (group
    means of the reps' values),
    effect_size (Hedges' g on a common deal mix), effect_ci, raw_effect_size (Hedges' g on the
    values as they are), raw_effect_ci, adjusted_difference (star - core on the same mix, in the
    unit), adjusted_ci, adjusted_for (the mix cells held fixed besides the reference one),
    p_value (of the adjusted difference), q_value (Benjamini-Hochberg within the family:
    behaviours, or outcomes), significant, reading, n_star, n_core (reps with a value)."""
    b = driver.behaviour
    return {
        "behavior": b.key,
        "label": b.label,
        "kind": b.kind,
        "unit": b.unit,
        "meaning": b.meaning,
        "star": _round(driver.star),
        "core": _round(driver.core),
        "effect_size": _round(driver.effect.estimate) if driver.effect else None,
        "effect_ci": _interval(driver.effect),
        "raw_effect_size": _round(driver.raw_effect.estimate) if driver.raw_effect else None,
        "raw_effect_ci": _interval(driver.raw_effect),
        "adjusted_difference": _round(driver.adjusted.estimate) if driver.adjusted else None,
        "adjusted_ci": _interval(driver.adjusted),
        "adjusted_for": list(driver.mix_cells),
        "p_value": finite_or_none(driver.p_value),
        "q_value": finite_or_none(driver.q_value),
        "significant": driver.significant,
        "reading": driver.reading,
        "n_star": driver.n_star,
        "n_core": driver.n_core,
    }


def standing_to_dict(standing: Standing) -> dict[str, Any]:
    """Keys: behavior, label, kind, unit, value, core_median, expected (the core on the star's
    mix), percentile (0-100, mix-adjusted), direction ("high" | "low" | null), n_core, reading."""
    b = standing.behaviour
    where = f"{standing.percentile:.0f}th percentile of the core on the same deal mix"
    return {
        "behavior": b.key,
        "label": b.label,
        "kind": b.kind,
        "unit": b.unit,
        "value": _round(standing.value),
        "core_median": _round(standing.core_median),
        "expected": _round(standing.expected),
        "percentile": round(standing.percentile, 1),
        "direction": standing.direction,
        "n_core": standing.n_core,
        "reading": (
            f"{b.label}: {number(standing.value, b.unit)} against "
            f"{number(standing.expected, b.unit)} for the core on the same mix ({where})."
        ),
    }


def profile_to_dict(profile: StarProfile) -> dict[str, Any]:
    """Keys: rep_id, source, email, name, team, distinctive (behaviours, most extreme first),
    percentiles {behavior: percentile} and behaviours (every behaviour placed), where_they_win
    (outcomes where the star stands out, most extreme first), outcomes (every outcome placed)."""
    rep = profile.rep
    return {
        "rep_id": rep.rep_id,
        "source": rep.source,
        "email": rep.email,
        "name": rep.name,
        "team": rep.team,
        "distinctive": [standing_to_dict(s) for s in profile.distinctive],
        "percentiles": {s.behaviour.key: round(s.percentile, 1) for s in profile.behaviours},
        "behaviours": [standing_to_dict(s) for s in profile.behaviours],
        "where_they_win": [standing_to_dict(s) for s in profile.where_they_win],
        "outcomes": [standing_to_dict(s) for s in profile.outcomes],
    }


def missing_to_dict(missing: MissingMetric) -> dict[str, Any]:
    """Keys: behavior, label, kind, reason (why the export cannot measure it, in words)."""
    b = missing.behaviour
    return {"behavior": b.key, "label": b.label, "kind": b.kind, "reason": missing.reason}


@dataclass(frozen=True)
class DriversAnalysis:
    """What stars do differently, as of one day: the behaviours compared (``drivers``, strongest
    first), the outcomes compared apart (``where_stars_win``), the metrics the export cannot
    measure (``missing``) and the star profiles. ``teams`` are the teams of the ranked reps (for
    a team filter)."""

    as_of: date
    window: Window
    config: DriversConfig
    drivers: tuple[Driver, ...]
    profiles: tuple[StarProfile, ...]
    ladder: tuple[str, ...]
    n_star: int
    n_core: int
    teams: tuple[str, ...]
    method: str
    notes: tuple[str, ...] = ()
    where_stars_win: tuple[Driver, ...] = ()
    missing: tuple[MissingMetric, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Keys: as_of, window, scope, drivers (behaviours only), where_stars_win (outcomes: stage
        conversions, time in stage, cycle; their own q-values), missing, profiles, method,
        caution, fdr_level, n_star, n_core, stages, teams, config, notes."""
        return {
            "as_of": self.as_of.isoformat(),
            "window": self.window.to_dict(),
            "scope": "organisation",
            "drivers": [driver_to_dict(d) for d in self.drivers],
            "where_stars_win": [driver_to_dict(d) for d in self.where_stars_win],
            "missing": [missing_to_dict(m) for m in self.missing],
            "profiles": [profile_to_dict(p) for p in self.profiles],
            "method": self.method,
            "caution": "Correlation, not causation: these are behaviours that go with being a "
            "star, not proof that they make a star.",
            "fdr_level": self.config.fdr_level,
            "n_star": self.n_star,
            "n_core": self.n_core,
            "stages": list(self.ladder),
            "teams": list(self.teams),
            "config": asdict(self.config),
            "notes": list(self.notes),
        }
