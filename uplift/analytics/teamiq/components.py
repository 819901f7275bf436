"""Each component's level for one group of reps and one period, with the sample behind it.

A level is a number on a 0-1 scale ("how far along"), so that one index point is one percentage
point of the level whatever the component (see :mod:`.index`):

- **capability**: each rep's latest rating per competency and per source (assessment, role
  play) up to the period's end, averaged, rescaled from the 1-5 rubric to 0-1 as
  (rating - 1) / 4;
- **knowledge flow**: the mean of (a) the share of the group's reps who had adopted at least one
  practice someone else contributed, (b) the share who had contributed a practice, (c) how
  evenly the group's adoptions spread over the organisation's contributors (1 - normalised
  Gini; undefined with fewer than two contributors or no adoption), all as of the period's end;
- **results**: the core's result as a share of the stars' on the primary metric, pooled over
  the period's months (win rate: wins over closed deals; bookings: bookings per rep with a
  closed deal) — the gap closing shows as this share rising.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from uplift.analytics.teamiq.evenness import evenness
from uplift.analytics.teamiq.inputs import (
    AdoptionRecord,
    ContributionRecord,
    ResultsMetric,
    ResultsRecord,
    SkillObservation,
)

RUBRIC_MIN, RUBRIC_MAX = 1.0, 5.0


# Why a component has no level, in plain words (the period is the row's).
NO_REPS = "no active rep in Uplift is on this team (reps count once they have a team)"
NOT_RATED = "none of its reps had a manager assessment or a scored role play by the period's end"
# What a reader says for a component of a document stored before components gave a reason.
REASON_NOT_STORED = "no data in this period (analyses stored before this version do not say why)"


@dataclass(frozen=True)
class Level:
    """A component's level (None: no data for the period), its sample sizes and its parts;
    ``reason`` says why in plain words when there is no level."""

    value: float | None
    n: dict[str, int] = field(default_factory=dict)
    parts: dict[str, float | None] = field(default_factory=dict)
    reason: str | None = None


def capability_level(
    skills: Iterable[SkillObservation], people: Collection[int], end: date
) -> Level:
    """The group's capability at ``end`` from the latest rating of each (rep, competency,
    source)."""
    latest: dict[tuple[int, str, str], SkillObservation] = {}
    for item in skills:
        if item.person not in people or item.on > end:
            continue
        key = (item.person, item.competency, item.source)
        if key not in latest or (item.on, item.level) > (latest[key].on, latest[key].level):
            latest[key] = item
    by_source: dict[str, list[float]] = defaultdict(list)
    for item in latest.values():
        by_source[item.source].append(min(RUBRIC_MAX, max(RUBRIC_MIN, item.level)))
    ratings = [r for values in by_source.values() for r in values]
    n = {
        "ratings": len(ratings),
        "reps": len({key[0] for key in latest}),
        "assessment_ratings": len(by_source["assessment"]),
        "role_play_scores": len(by_source["role_play"]),
    }
    if not ratings:
        return Level(None, n, {"mean_rating": None}, NO_REPS if not people else NOT_RATED)
    mean = sum(ratings) / len(ratings)
    parts: dict[str, float | None] = {
        "mean_rating": mean,
        "mean_assessment": _mean(by_source["assessment"]),
        "mean_role_play": _mean(by_source["role_play"]),
    }
    return Level((mean - RUBRIC_MIN) / (RUBRIC_MAX - RUBRIC_MIN), n, parts)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def knowledge_flow_level(
    *,
    adoptions: Iterable[AdoptionRecord],
    contributions: Iterable[ContributionRecord],
    people: Collection[int],
    end: date,
) -> Level:
    """Breadth and evenness of sharing and adoption in the group at ``end``."""
    contributors_of: dict[str, set[int]] = defaultdict(set)
    for c in contributions:
        if c.since <= end:
            contributors_of[c.practice].add(c.person)
    everyone_contributing = set().union(*contributors_of.values()) if contributors_of else set()
    adopted = [
        a
        for a in adoptions
        if a.person in people
        and a.adopted_on <= end
        and a.person not in contributors_of.get(a.practice, set())
    ]
    n = {
        "reps": len(people),
        "adopters": len({a.person for a in adopted}),
        "adoptions": len(adopted),
        "contributors": len(everyone_contributing & set(people)),
        "contributors_in_organisation": len(everyone_contributing),
    }
    if not people:
        empty: dict[str, float | None] = dict.fromkeys(
            ("adopted_share", "contributed_share", "evenness")
        )
        return Level(None, n, empty, NO_REPS)
    adopted_share = n["adopters"] / len(people)
    contributed_share = n["contributors"] / len(people)
    credit: dict[int, float] = dict.fromkeys(everyone_contributing, 0.0)
    for a in adopted:
        sources = contributors_of.get(a.practice, set())
        for person in sources:
            credit[person] += 1 / len(sources)
    spread = evenness(list(credit.values()))
    parts: dict[str, float | None] = {
        "adopted_share": adopted_share,
        "contributed_share": contributed_share,
        "evenness": spread,
    }
    present = [v for v in parts.values() if v is not None]
    return Level(sum(present) / len(present), n, parts)


def results_level(
    records: Iterable[ResultsRecord], months: Collection[date], metric: ResultsMetric
) -> Level:
    """The core's result as a share of the stars' over ``months`` (pooled)."""
    reps: dict[str, set[str]] = {"star": set(), "core": set()}
    sums: dict[str, list[int]] = {"star": [0, 0, 0], "core": [0, 0, 0]}
    for r in records:
        if r.month not in months or r.closed <= 0:
            continue
        sums[r.band][0] += r.closed
        sums[r.band][1] += r.won
        sums[r.band][2] += r.bookings_cents
        reps[r.band].add(r.rep)
    values: dict[str, float | None] = {}
    for band in ("star", "core"):
        closed, won, cents = sums[band]
        if closed == 0:
            values[band] = None
        elif metric == "win_rate":
            values[band] = won / closed
        else:
            values[band] = cents / 100 / len(reps[band])
    n = {
        "stars": len(reps["star"]),
        "core": len(reps["core"]),
        "closed_deals": sums["star"][0] + sums["core"][0],
    }
    star, core = values["star"], values["core"]
    ratio = core / star if star and core is not None else None
    gap = star / core - 1 if star is not None and core else None
    parts = {"star": star, "core": core, "core_to_star": ratio, "gap_pct": gap}
    return Level(ratio, n, parts, None if ratio is not None else _no_results(star, core, metric))


def _no_results(star: float | None, core: float | None, metric: ResultsMetric) -> str:
    """Why there is no core-to-star share: a group closed nothing, or the stars' result is 0."""
    if star is None and core is None:
        return "no star and no core rep closed a deal in the period"
    if star is None:
        return "no star closed a deal in the period"
    if core is None:
        return "no core rep closed a deal in the period"
    won = "won no deal" if metric == "win_rate" else "booked nothing"
    return f"the stars {won} in the period, so there is nothing to measure the core against"
