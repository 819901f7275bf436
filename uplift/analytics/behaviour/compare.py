"""Stars against core on each behaviour: effect size, mix-adjusted difference, FDR-controlled.

For each behaviour, over the star and core reps that have a value resting on enough deals:

- ``star`` / ``core``: the mean of the reps' values in each group (each rep counts once);
- ``effect``: Hedges' g, the difference in pooled standard deviations (0.2 small, 0.5 medium,
  0.8 large), with its interval;
- ``adjusted``: the star-minus-core difference in the behaviour's own unit after holding the
  segment mix fixed: OLS of the rep's value on a star indicator and the rep's mix shares, HC3
  robust standard errors. Its p-value is the test of the behaviour;
- ``q_value``: Benjamini-Hochberg across every behaviour compared, so a list of "differences"
  at q <= ``fdr_level`` contains at most that share of flukes on average.

These are associations between being a star and a behaviour, not causes: stars may do more of
something because they win, or for a reason that also makes them win.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from uplift.analytics.behaviour.catalogue import Behaviour
from uplift.analytics.behaviour.groups import RepGroup, RepKey, mix_covariates
from uplift.analytics.behaviour.wording import number, q_text, signed
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
    adjusted: Estimate | None
    mix_cells: tuple[str, ...]
    q_value: float | None = None
    significant: bool = False
    reading: str = ""

    @property
    def p_value(self) -> float | None:
        return None if self.adjusted is None else self.adjusted.p_value


def _mean(values: Sequence[float]) -> float | None:
    return float(np.mean(values)) if values else None


def compare_behaviour(
    behaviour: Behaviour,
    values: Mapping[RepKey, float],
    reps: Sequence[RepGroup],
    *,
    confidence: float = 0.95,
) -> Driver:
    """Stars against core on one behaviour; ``values`` are the reps' per-rep numbers."""
    compared = [rep for rep in reps if rep.band in ("star", "core") and rep.key in values]
    stars = [values[rep.key] for rep in compared if rep.band == "star"]
    core = [values[rep.key] for rep in compared if rep.band == "core"]
    base = Driver(behaviour, len(stars), len(core), _mean(stars), _mean(core), None, None, ())
    if len(stars) < 2 or len(core) < 2 or np.ptp(stars + core) == 0:
        return base
    effect = hedges_g(stars, core, confidence=confidence)
    outcome = np.array([values[rep.key] for rep in compared])
    flag = np.array([1.0 if rep.band == "star" else 0.0 for rep in compared])
    fixed = np.column_stack([np.ones_like(flag), flag])
    cells, shares = mix_covariates(compared, fixed)
    try:
        adjusted = adjusted_difference(
            outcome, flag, shares if cells else None, confidence=confidence
        )
    except ValueError:  # one rep alone determines a coefficient: compare without the mix
        cells, adjusted = [], adjusted_difference(outcome, flag, confidence=confidence)
    return Driver(
        behaviour, len(stars), len(core), base.star, base.core, effect, adjusted, tuple(cells)
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
