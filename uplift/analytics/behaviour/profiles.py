"""Per star: where they stand on each behaviour against the core, on the same deal mix.

A star in an Enterprise team holds more meetings per deal than an SMB core rep because
Enterprise deals need them, not because of anything the star does. So each star is placed in the
core distribution *after* the mix: the core reps' values are regressed on their mix shares
(ordinary least squares), and the star's ``percentile`` is where the star's distance from what
the core do on the star's own mix (``expected``) falls among the core reps' distances from
theirs. 50 is typical; at or above ``high`` (80) or at or below ``low`` (20) a behaviour is
*distinctive*. With too few core reps for the regression, the raw core distribution is used and
``expected`` is the core median. Percentiles count ties as half (mid-rank).

This feeds the debrief: questions about what a star does at the 90th percentile of meetings
per deal are where the know-how is. It describes, it does not explain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from uplift.analytics.behaviour.catalogue import Behaviour
from uplift.analytics.behaviour.groups import RepGroup, RepKey, mix_covariates, mix_matrix
from uplift.analytics.stats._arrays import FloatArray

Direction = Literal["high", "low"]


@dataclass(frozen=True)
class Standing:
    """A star on one behaviour: their ``value``, the core median, what the core do on the
    star's mix (``expected``), the mix-adjusted ``percentile`` (0-100) among ``n_core`` core
    reps, and ``direction`` when distinctive (``None`` otherwise)."""

    behaviour: Behaviour
    value: float
    core_median: float
    expected: float
    percentile: float
    n_core: int
    direction: Direction | None


@dataclass(frozen=True)
class StarProfile:
    """A star's standing on every metric it has a value for; the distinctive behaviours and,
    apart, the outcomes where the star stands out (where they win), most extreme first."""

    rep: RepGroup
    standings: tuple[Standing, ...]

    @property
    def behaviours(self) -> tuple[Standing, ...]:
        return tuple(s for s in self.standings if s.behaviour.is_behaviour)

    @property
    def outcomes(self) -> tuple[Standing, ...]:
        return tuple(s for s in self.standings if not s.behaviour.is_behaviour)

    @property
    def distinctive(self) -> tuple[Standing, ...]:
        return _most_extreme_first(self.behaviours)

    @property
    def where_they_win(self) -> tuple[Standing, ...]:
        return _most_extreme_first(self.outcomes)


def _most_extreme_first(standings: tuple[Standing, ...]) -> tuple[Standing, ...]:
    found = [s for s in standings if s.direction is not None]
    return tuple(sorted(found, key=lambda s: (-abs(s.percentile - 50), s.behaviour.key)))


def mid_rank_percentile(value: float, reference: FloatArray) -> float:
    """100 x (reference values below ``value`` + half of those equal) / their number."""
    below = float(np.sum(reference < value))
    ties = float(np.sum(reference == value))
    return 100.0 * (below + 0.5 * ties) / len(reference)


@dataclass(frozen=True)
class _CoreFit:
    cells: list[str]
    coefficients: FloatArray
    residuals: FloatArray
    median: float

    def expected(self, rep: RepGroup) -> float:
        row = np.concatenate([[1.0], mix_matrix([rep], self.cells)[0]])
        return float(row @ self.coefficients)


def _core_fit(core: Sequence[RepGroup], values: FloatArray, min_core: int) -> _CoreFit:
    median = float(np.median(values))
    intercept = np.ones((len(core), 1))
    cells, shares = mix_covariates(core, intercept, spare=max(2, min_core // 2))
    design = np.column_stack([intercept, shares])
    fitted, *_ = np.linalg.lstsq(design, values, rcond=None)
    coefficients = np.asarray(fitted, dtype=np.float64)
    if not cells:  # no mix to hold fixed: the raw distribution around its median
        coefficients = np.array([median], dtype=np.float64)
    return _CoreFit(cells, coefficients, values - design @ coefficients, median)


def star_profiles(
    behaviours: Sequence[Behaviour],
    values: Mapping[str, Mapping[RepKey, float]],
    reps: Sequence[RepGroup],
    *,
    high: float = 80.0,
    low: float = 20.0,
    min_core: int = 10,
) -> tuple[StarProfile, ...]:
    """A profile for every star, in the order of ``reps``. A behaviour with fewer than
    ``min_core`` core reps with a value gives no standing."""
    stars = [rep for rep in reps if rep.band == "star"]
    standings: dict[RepKey, list[Standing]] = {rep.key: [] for rep in stars}
    for behaviour in behaviours:
        found = values.get(behaviour.key, {})
        core = [rep for rep in reps if rep.band == "core" and rep.key in found]
        if len(core) < min_core:
            continue
        fit = _core_fit(core, np.array([found[rep.key] for rep in core]), min_core)
        for star in stars:
            if star.key not in found:
                continue
            value = found[star.key]
            expected = fit.expected(star)
            percentile = mid_rank_percentile(value - expected, fit.residuals)
            direction: Direction | None = (
                "high" if percentile >= high else "low" if percentile <= low else None
            )
            standings[star.key].append(
                Standing(behaviour, value, fit.median, expected, percentile, len(core), direction)
            )
    return tuple(StarProfile(rep, tuple(standings[rep.key])) for rep in stars)
