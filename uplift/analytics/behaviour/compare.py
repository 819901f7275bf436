"""Stars against core on each behaviour: effect size, mix-adjusted difference, FDR-controlled.

For each behaviour, over the star and core reps that have a value resting on enough deals:

- ``star`` / ``core``: the mean of the reps' values in each group (each rep counts once);
- ``adjusted``: the star-minus-core difference in the behaviour's own unit after holding the
  segment mix fixed: OLS of the rep's value on a star indicator and the rep's mix shares, HC3
  robust standard errors. Its p-value is the test of the behaviour;
- ``effect``: Hedges' g of the same comparison, the difference in pooled standard deviations
  (0.2 small, 0.5 medium, 0.8 large) with its interval, computed on the reps' values moved to a
  common deal mix (each value minus the mix part of that OLS fit, so its difference in means is
  exactly ``adjusted``). ``raw_effect`` is Hedges' g on the values as they are: mix differences
  between reps (an Enterprise deal gets six times the meetings of an SMB one) inflate the
  spread and blur it;
- ``q_value``: Benjamini-Hochberg across the metrics of one family, so a list of "differences"
  at q <= ``fdr_level`` contains at most that share of flukes on average. Behaviours (what stars
  do) and outcomes (where stars win) are two families with their own q-values
  (:func:`compare_stars_and_core`): adding a dozen stage conversions must not change whether a
  behaviour counts as a driver.

These are associations between being a star and a behaviour, not causes: stars may do more of
something because they win, or for a reason that also makes them win.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from uplift.analytics.behaviour.catalogue import Behaviour, Kind
from uplift.analytics.behaviour.groups import RepGroup, RepKey, mix_covariates
from uplift.analytics.behaviour.wording import number, q_text, signed
from uplift.analytics.stats._arrays import FloatArray
from uplift.analytics.stats.effects import Estimate, adjusted_difference, hedges_g
from uplift.analytics.stats.fdr import benjamini_hochberg


@dataclass(frozen=True)
class Driver:
    """One behaviour compared between stars and core (see the module docstring). Estimates are
    ``None`` when there are too few reps with a value, or no variation, to compare."""

    behaviour: Behaviour
    n_star: int
    n_core: int
    star: float | None
    core: float | None
    effect: Estimate | None
    raw_effect: Estimate | None
    adjusted: Estimate | None
    mix_cells: tuple[str, ...]
    q_value: float | None = None
    significant: bool = False
    reading: str = ""

    @property
    def p_value(self) -> float | None:
        return None if self.adjusted is None else self.adjusted.p_value


def _effect(stars: FloatArray, core: FloatArray, confidence: float) -> Estimate | None:
    try:
        return hedges_g(stars, core, confidence=confidence)
    except ValueError:  # no variation within either group
        return None


def _mix_adjusted_values(outcome: FloatArray, flag: FloatArray, shares: FloatArray) -> FloatArray:
    """Each rep's value moved to the reference mix: minus the mix part of the OLS fit."""
    design = np.column_stack([np.ones_like(flag), flag, shares])
    coefficients, *_ = np.linalg.lstsq(design, outcome, rcond=None)
    return np.asarray(outcome - shares @ coefficients[2:], dtype=np.float64)


def compare_behaviour(
    behaviour: Behaviour,
    values: Mapping[RepKey, float],
    reps: Sequence[RepGroup],
    *,
    confidence: float = 0.95,
) -> Driver:
    """Stars against core on one behaviour; ``values`` are the reps' per-rep numbers."""
    compared = [rep for rep in reps if rep.band in ("star", "core") and rep.key in values]
    outcome = np.array([values[rep.key] for rep in compared], dtype=np.float64)
    flag = np.array([1.0 if rep.band == "star" else 0.0 for rep in compared])
    is_star = flag == 1.0
    n_star, n_core = int(is_star.sum()), int((~is_star).sum())
    star_mean = float(outcome[is_star].mean()) if n_star else None
    core_mean = float(outcome[~is_star].mean()) if n_core else None
    base = Driver(behaviour, n_star, n_core, star_mean, core_mean, None, None, None, ())
    if n_star < 2 or n_core < 2 or np.ptp(outcome) == 0:
        return base
    fixed = np.column_stack([np.ones_like(flag), flag])
    cells, shares = mix_covariates(compared, fixed)
    try:
        adjusted = adjusted_difference(
            outcome, flag, shares if cells else None, confidence=confidence
        )
    except ValueError:  # one rep alone determines a coefficient: compare without the mix
        cells, shares = [], shares[:, :0]
        try:
            adjusted = adjusted_difference(outcome, flag, confidence=confidence)
        except ValueError:
            return base
    on_mix = _mix_adjusted_values(outcome, flag, shares) if cells else outcome
    return replace(
        base,
        effect=_effect(on_mix[is_star], on_mix[~is_star], confidence),
        raw_effect=_effect(outcome[is_star], outcome[~is_star], confidence),
        adjusted=adjusted,
        mix_cells=tuple(cells),
    )


def reading(driver: Driver, fdr_level: float) -> str:
    """What a person should take from the comparison, in one plain sentence."""
    b = driver.behaviour
    if driver.adjusted is None or driver.q_value is None:
        return (
            f"Not enough reps to compare ({driver.n_star} stars and {driver.n_core} core reps "
            "with a value, or no variation)."
        )
    groups = f"stars {number(driver.star, b.unit)}, core {number(driver.core, b.unit)}"
    if not driver.significant:
        return f"No clear difference ({q_text(driver.q_value)}): {groups}."
    phrase = b.more if driver.adjusted.estimate > 0 else b.less
    return (
        f"Stars {phrase}: {groups}; {signed(driver.adjusted.estimate, b.unit)} on the same deal "
        f"mix ({q_text(driver.q_value)}, at most {fdr_level:.0%} false discoveries)."
    )


def _strength(driver: Driver) -> tuple[int, float, str]:
    size = abs(driver.effect.estimate) if driver.effect is not None else -1.0
    return (0 if driver.significant else 1, -size, driver.behaviour.key)


def compare_behaviours(
    behaviours: Sequence[Behaviour],
    values: Mapping[str, Mapping[RepKey, float]],
    reps: Sequence[RepGroup],
    *,
    fdr_level: float = 0.05,
    confidence: float = 0.95,
) -> tuple[Driver, ...]:
    """Every behaviour compared, with BH q-values across them; the significant ones first by
    absolute effect size, then the rest by absolute effect size, then those not compared."""
    found = [
        compare_behaviour(b, values.get(b.key, {}), reps, confidence=confidence) for b in behaviours
    ]
    p_values = [math.nan if d.p_value is None else d.p_value for d in found]
    q_values = benjamini_hochberg(p_values) if found else np.array([])
    drivers = []
    for driver, q in zip(found, q_values, strict=True):
        q_value = None if math.isnan(q) else float(q)
        significant = q_value is not None and q_value <= fdr_level
        done = replace(driver, q_value=q_value, significant=significant)
        drivers.append(replace(done, reading=reading(done, fdr_level)))
    return tuple(sorted(drivers, key=_strength))


@dataclass(frozen=True)
class Comparison:
    """Stars against core in two families with their own false-discovery control: ``drivers``
    (behaviours, what stars do) and ``where_stars_win`` (outcomes), each strongest first."""

    drivers: tuple[Driver, ...]
    where_stars_win: tuple[Driver, ...]

    def q_values(self) -> dict[str, float | None]:
        """Each metric's q-value within its family, by key."""
        return {d.behaviour.key: d.q_value for d in (*self.drivers, *self.where_stars_win)}


def compare_stars_and_core(
    behaviours: Sequence[Behaviour],
    values: Mapping[str, Mapping[RepKey, float]],
    reps: Sequence[RepGroup],
    *,
    fdr_level: float = 0.05,
    confidence: float = 0.95,
) -> Comparison:
    """:func:`compare_behaviours` on the behaviours, and apart on the outcomes."""

    def family(kind: Kind) -> tuple[Driver, ...]:
        chosen = [b for b in behaviours if b.kind == kind]
        return compare_behaviours(chosen, values, reps, fdr_level=fdr_level, confidence=confidence)

    return Comparison(drivers=family("behaviour"), where_stars_win=family("outcome"))
