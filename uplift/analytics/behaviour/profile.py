"""A star's profile for the debrief: on each behaviour, where the star stands against the core.

For every star and every behaviour the star has a value for (resting on enough deals):

- ``value``: the star's own number;
- ``core_median``, ``core_low`` and ``core_high``: the core reps' median and their ``low``th and
  ``high``th percentiles (20th and 80th by default; linear interpolation between reps, as
  ``numpy.percentile`` does);
- ``percentile_core``: the share of core reps below the star's value, ties counted as half
  (mid-rank), 0-100; ``percentile_all``: the same among every ranked rep with a value (stars,
  core and tail, the star included);
- ``percentile_on_mix``: the mix-adjusted percentile of :mod:`.profiles` (where the star stands
  among core reps once each rep's deal mix is accounted for), when there are enough core reps;
- ``q_value``: the behaviour's star-against-core q-value from the drivers comparison.

Only behaviours (what a rep does, see :mod:`.catalogue`) are distinctive or unusual: they are
what the debrief asks about and what a practice card can cite. Outcomes (conversions, time in
stage, cycle) where the star stands out by the same rule are listed apart as *where they win*.

**The rule for "distinctive".** A behaviour is distinctive for a star when both hold:

1. the star is far from the core: the star's value is above the core's ``high``th percentile
   (direction ``"high"``) or below its ``low``th (``"low"``), and
2. the behaviour separates stars from core in general: its q-value is below ``q_max`` (0.1).

The second condition keeps a star's idiosyncrasies on behaviours that have nothing to do with
being a star out of the interview guide. Behaviours that meet only the first condition are
listed apart as *unusual*: far from the core, on a behaviour where stars as a group do not
clearly differ (in a small organisation, often every behaviour). They are leads for questions,
with weaker evidence. A behaviour with fewer than ``min_core`` core reps with a
value gives no standing. Everything here describes; none of it shows that a behaviour causes
results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from uplift.analytics.behaviour.catalogue import Behaviour
from uplift.analytics.behaviour.groups import RepGroup, RepKey
from uplift.analytics.behaviour.profiles import mid_rank_percentile, star_profiles
from uplift.analytics.behaviour.wording import number
from uplift.analytics.stats._arrays import FloatArray

Direction = Literal["high", "low"]
DIGITS = 6


@dataclass(frozen=True)
class ProfileRule:
    """When a star's behaviour counts as distinctive (see the module docstring)."""

    high: float = 80.0
    low: float = 20.0
    q_max: float = 0.1
    min_core: int = 10

    def __post_init__(self) -> None:
        if not 0 <= self.low < 50 < self.high <= 100:
            raise ValueError("need 0 <= low < 50 < high <= 100")
        if not 0 < self.q_max <= 1:
            raise ValueError("q_max must be in (0, 1]")
        if self.min_core < 3:
            raise ValueError("min_core must be at least 3")

    def text(self) -> str:
        return (
            f"A behaviour is distinctive for a star when the star's value is above the core's "
            f"{self.high:.0f}th percentile or below its {self.low:.0f}th, on a behaviour where "
            f"stars and core differ with q < {self.q_max:g} (Benjamini-Hochberg, across the "
            f"behaviours compared). Behaviours with fewer than {self.min_core} core reps with a "
            "value are not placed. Conversions, time in stage and cycle length are results, not "
            "behaviours: where a star stands out on them is shown apart, as where they win."
        )

    def to_dict(self) -> dict[str, Any]:
        return {"high": self.high, "low": self.low, "q_max": self.q_max, "min_core": self.min_core}


@dataclass(frozen=True)
class BehaviourStanding:
    """One star on one behaviour (see the module docstring for each number)."""

    behaviour: Behaviour
    value: float
    core_median: float
    core_low: float
    core_high: float
    percentile_core: float
    percentile_all: float
    n_core: int
    n_all: int
    q_value: float | None
    direction: Direction | None
    distinctive: bool
    percentile_on_mix: float | None = None


@dataclass(frozen=True)
class StarBehaviourProfile:
    """A star's standing on every behaviour placed, and the distinctive ones."""

    rep: RepGroup
    standings: tuple[BehaviourStanding, ...] = field(default_factory=tuple)

    @property
    def behaviours(self) -> tuple[BehaviourStanding, ...]:
        """The standings on behaviours (what the star does)."""
        return tuple(s for s in self.standings if s.behaviour.is_behaviour)

    @property
    def outcomes(self) -> tuple[BehaviourStanding, ...]:
        """The standings on outcomes (conversions, time in stage, cycle)."""
        return tuple(s for s in self.standings if not s.behaviour.is_behaviour)

    @property
    def distinctive(self) -> tuple[BehaviourStanding, ...]:
        """Distinctive behaviours, the furthest from the core's middle first."""
        return _furthest_first([s for s in self.behaviours if s.distinctive])

    @property
    def unusual(self) -> tuple[BehaviourStanding, ...]:
        """Far from the core on a behaviour where stars do not clearly differ; furthest first."""
        return _furthest_first(
            [s for s in self.behaviours if s.direction is not None and not s.distinctive]
        )

    @property
    def where_they_win(self) -> tuple[BehaviourStanding, ...]:
        """Outcomes where the star stands out by the same rule (far from the core, on an outcome
        where stars and core differ); furthest first. Never debrief questions or evidence."""
        return _furthest_first([s for s in self.outcomes if s.distinctive])


def _furthest_first(found: list[BehaviourStanding]) -> tuple[BehaviourStanding, ...]:
    return tuple(sorted(found, key=lambda s: (-abs(s.percentile_core - 50), s.behaviour.key)))


def _direction(value: float, low: float, high: float) -> Direction | None:
    if value > high:
        return "high"
    if value < low:
        return "low"
    return None


def _mix_percentiles(
    behaviours: Sequence[Behaviour],
    values: Mapping[str, Mapping[RepKey, float]],
    reps: Sequence[RepGroup],
    rule: ProfileRule,
) -> dict[tuple[RepKey, str], float]:
    found: dict[tuple[RepKey, str], float] = {}
    for profile in star_profiles(behaviours, values, reps, min_core=rule.min_core):
        for standing in profile.standings:
            found[(profile.rep.key, standing.behaviour.key)] = standing.percentile
    return found


def behaviour_profiles(
    behaviours: Sequence[Behaviour],
    values: Mapping[str, Mapping[RepKey, float]],
    reps: Sequence[RepGroup],
    q_values: Mapping[str, float | None],
    *,
    rule: ProfileRule | None = None,
) -> tuple[StarBehaviourProfile, ...]:
    """A profile for every star of ``reps`` (in their order).

    ``values`` are the reps' numbers per behaviour key (only those resting on enough deals);
    ``q_values`` the drivers comparison's q-value per behaviour key (``None`` when the behaviour
    could not be compared, which makes it never distinctive).
    """
    settings = rule or ProfileRule()
    on_mix = _mix_percentiles(behaviours, values, reps, settings)
    stars = [rep for rep in reps if rep.band == "star"]
    standings: dict[RepKey, list[BehaviourStanding]] = {rep.key: [] for rep in stars}
    for behaviour in behaviours:
        found = values.get(behaviour.key, {})
        core: FloatArray = np.array(
            [found[r.key] for r in reps if r.band == "core" and r.key in found], dtype=np.float64
        )
        if len(core) < settings.min_core:
            continue
        everyone: FloatArray = np.array(
            [found[r.key] for r in reps if r.key in found], dtype=np.float64
        )
        median = float(np.median(core))
        low, high = (float(x) for x in np.percentile(core, [settings.low, settings.high]))
        q_value = q_values.get(behaviour.key)
        differ = q_value is not None and q_value < settings.q_max
        for star in stars:
            if star.key not in found:
                continue
            value = found[star.key]
            direction = _direction(value, low, high)
            standings[star.key].append(
                BehaviourStanding(
                    behaviour=behaviour,
                    value=value,
                    core_median=median,
                    core_low=low,
                    core_high=high,
                    percentile_core=mid_rank_percentile(value, core),
                    percentile_all=mid_rank_percentile(value, everyone),
                    n_core=len(core),
                    n_all=len(everyone),
                    q_value=q_value,
                    direction=direction,
                    distinctive=direction is not None and differ,
                    percentile_on_mix=on_mix.get((star.key, behaviour.key)),
                )
            )
    return tuple(StarBehaviourProfile(rep, tuple(standings[rep.key])) for rep in stars)


# --- As JSON --------------------------------------------------------------------------------------


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


def _reading(s: BehaviourStanding) -> str:
    b = s.behaviour
    if s.percentile_core >= 100:
        where = "above every core rep"
    elif s.percentile_core <= 0:
        where = "below every core rep"
    elif s.percentile_core >= 50:
        where = f"above {s.percentile_core:.0f}% of the core"
    else:
        where = f"below {100 - s.percentile_core:.0f}% of the core"
    return (
        f"{b.label}: {number(s.value, b.unit)} against a core median of "
        f"{number(s.core_median, b.unit)} ({where}, {s.n_core} core reps)."
    )


def standing_document(s: BehaviourStanding) -> dict[str, Any]:
    """Keys: behavior, label, kind ("behaviour" | "outcome"), unit, meaning, value, core_median,
    core_low, core_high, percentile_core, percentile_all, percentile_on_mix, n_core, n_all,
    q_value (within the metric's family), direction, distinctive, reading."""
    b = s.behaviour
    return {
        "behavior": b.key,
        "label": b.label,
        "kind": b.kind,
        "unit": b.unit,
        "meaning": b.meaning,
        "value": _round(s.value),
        "core_median": _round(s.core_median),
        "core_low": _round(s.core_low),
        "core_high": _round(s.core_high),
        "percentile_core": round(s.percentile_core, 1),
        "percentile_all": round(s.percentile_all, 1),
        "percentile_on_mix": None if s.percentile_on_mix is None else round(s.percentile_on_mix, 1),
        "n_core": s.n_core,
        "n_all": s.n_all,
        "q_value": s.q_value,
        "direction": s.direction,
        "distinctive": s.distinctive,
        "reading": _reading(s),
    }


def profile_document(profile: StarBehaviourProfile) -> dict[str, Any]:
    """Keys: rep_id, source, email, name, team, distinctive (behaviours, furthest first), unusual
    (behaviours far from the core where stars do not clearly differ, furthest first), behaviours
    (every behaviour placed, in catalogue order), where_they_win (outcomes where the star stands
    out, furthest first), outcomes (every outcome placed)."""
    rep = profile.rep
    return {
        "rep_id": rep.rep_id,
        "source": rep.source,
        "email": rep.email,
        "name": rep.name,
        "team": rep.team,
        "distinctive": [standing_document(s) for s in profile.distinctive],
        "unusual": [standing_document(s) for s in profile.unusual],
        "behaviours": [standing_document(s) for s in profile.behaviours],
        "where_they_win": [standing_document(s) for s in profile.where_they_win],
        "outcomes": [standing_document(s) for s in profile.outcomes],
    }
