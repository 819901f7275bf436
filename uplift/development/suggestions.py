"""Which competencies a rep's plan should focus on, and why.

Three sources, each giving a reason a manager can check:

1. the latest manager assessment: the lowest-rated competencies (level 2 or below, or the
   lowest level given when all are higher);
2. the gap between the latest self and manager assessments: competencies the rep rates at least
   two levels higher than their manager does (a blind spot) — or lower (a confidence issue);
3. the rep's gaps to the stars on the behaviours where stars differ from the core (the drivers
   analysis, significant at its false-discovery level): the rep's own value and the stars' average
   on the scorecards of the latest analysis, mapped to the competency the behaviour belongs to.
   Correlation, not causation: behaviours that go with being a star.

Outcomes (where stars win: the sales cycle, conversion from stage to stage, time in a stage) are
never a reason. They are the result, not something a rep practises, and no single competency
drives them: a shorter cycle can come from better qualification, discovery or closing alike. An
older drivers document that still lists one among its behaviours is read the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from uplift.analytics.behaviour.catalogue import (
    CALLS,
    CONTACTS,
    EMAILS,
    MEETINGS,
    is_behaviour_item,
)
from uplift.analytics.performance.results import RepIdentity, Scorecards, Segments
from uplift.development.models import Assessment, Competency
from uplift.development.selectors import assessment_latest, framework_list, person_organisation
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import drivers_of, scorecards_of, segments_of
from uplift.insights.snapshots.documents import DriversDocument
from uplift.orgs.models import Organisation, Person

LOW_LEVEL = 2
GAP_LEVELS = 2
MIN_SHORTFALL = 0.15  # a rep is this share short of the stars' average before it counts
SUGGESTED = 3
MAX_TIED = 3

# The behaviours of the drivers analysis that the scorecards also measure (same key, same
# column), by the competency a rep practises to change them. Behaviours only: see the docstring.
BEHAVIOUR_COMPETENCY: dict[str, str] = {
    CALLS.key: "prospecting",
    EMAILS.key: "prospecting",
    MEETINGS.key: "discovery",
    CONTACTS.key: "qualification",
}


@dataclass
class Suggestion:
    competency: Competency
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    suggested: bool = False


def _rep_key(rep: Person) -> tuple[str, str]:
    return rep.crm_user_id, rep.email.lower()


def _matches(row: RepIdentity, rep: Person) -> bool:
    crm_id, email = _rep_key(rep)
    if crm_id:
        return row.rep_id == crm_id
    return (row.email or "").lower() == email


def _practisable(driver: Mapping[str, Any]) -> bool:
    """A behaviour the scorecards measure and a competency covers, never an outcome."""
    return driver.get("behavior") in BEHAVIOUR_COMPETENCY and is_behaviour_item(driver)


def _stars_do_more(driver: Mapping[str, Any]) -> bool:
    """Whether stars do more of the behaviour: the sign of the mix-adjusted difference (star
    minus core on the same deal mix, the one the q-value tests). The raw averages can point the
    other way when stars come mostly from segments with other activity levels; they decide only
    for a driver stored without an adjusted difference."""
    adjusted = driver.get("adjusted_difference")
    if adjusted:
        return float(adjusted) > 0
    return float(driver["star"]) > float(driver["core"])


def behaviour_gaps(
    *,
    drivers: DriversDocument,
    scorecards: Scorecards,
    segments: Segments,
    rep: Person,
) -> list[dict[str, Any]]:
    """The rep's shortfall against the stars' average on each behaviour where stars differ.

    Values come from the scorecards (one row per rep for the window); the stars are the star
    band of the same analysis; only significant drivers count, in the direction they go."""
    stars = {r.rep.rep_id for r in segments.reps if r.segment == "star"}
    rows = scorecards.reps
    mine = next((r.values for r in rows if _matches(r.rep, rep)), None)
    if mine is None or not stars:
        return []
    found = []
    for driver in drivers.drivers:
        key = str(driver.get("behavior"))
        if not _practisable(driver) or not driver.get("significant"):
            continue
        if driver.get("star") is None or driver.get("core") is None:
            continue
        star_values = [
            float(v) for r in rows if r.rep.rep_id in stars and (v := r.values.get(key)) is not None
        ]
        value = mine.get(key)
        if not star_values or value is None:
            continue
        star = sum(star_values) / len(star_values)
        if not star:
            continue
        higher = _stars_do_more(driver)
        shortfall = (star - value) / abs(star) if higher else (value - star) / abs(star)
        if shortfall < MIN_SHORTFALL:
            continue
        found.append(
            {
                "behavior": key,
                "label": driver.get("label", key),
                "competency": BEHAVIOUR_COMPETENCY[key],
                "value": float(value),
                "star": star,
                "n_star": len(star_values),
                "shortfall": shortfall,
                "higher_is_better": higher,
                "q_value": driver.get("q_value"),
                "effect_size": driver.get("effect_size"),
            }
        )
    return sorted(found, key=lambda g: -g["shortfall"])


def _analysis_gaps(rep: Person) -> list[dict[str, Any]]:
    organisation = person_organisation(rep)
    run = analysis_latest(organisation=organisation)
    if run is None:
        return []
    drivers, scorecards, segments = drivers_of(run), scorecards_of(run), segments_of(run)
    if drivers is None or scorecards is None or segments is None:
        return []
    return behaviour_gaps(drivers=drivers, scorecards=scorecards, segments=segments, rep=rep)


def _lowest(levels: Mapping[int, int]) -> list[int]:
    """Competencies rated LOW_LEVEL or below; without any, those tied at the lowest level when
    they are few enough (MAX_TIED) to stand out."""
    low = [pk for pk, level in levels.items() if level <= LOW_LEVEL]
    if low or not levels:
        return low
    bottom = min(levels.values())
    tied = [pk for pk, level in levels.items() if level == bottom]
    return tied if len(tied) <= MAX_TIED and bottom < max(levels.values()) else []


def drivers_note(*, organisation: Organisation) -> str:
    """What the stars comparison contributes to the suggestions, in a sentence."""
    run = analysis_latest(organisation=organisation)
    drivers = drivers_of(run)
    if drivers is None:
        return "No analysis of the CRM data yet, so no comparison with the stars."
    clear = [d["label"] for d in drivers.drivers if d.get("significant") and _practisable(d)]
    outcomes = (
        " Where stars win (the sales cycle, conversion and time in each stage) is the result, "
        "not a behaviour to practise, so it suggests nothing."
    )
    if not clear:
        return (
            f"In the analysis as of {run.as_of if run else ''}, no activity behaviour differs "
            "clearly between stars and core (none passes the check for chance findings), so "
            "nothing is suggested from behaviour." + outcomes
        )
    return (
        f"Behaviours where stars differ clearly (as of {run.as_of if run else ''}): "
        + ", ".join(clear)
        + "."
        + outcomes
    )


def _number(value: float) -> str:
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


def focus_suggestions(
    *, rep: Person, gaps: Sequence[Mapping[str, Any]] | None = None
) -> list[Suggestion]:
    """Every competency with its reasons, the strongest first; the top ones are `suggested`."""
    organisation = person_organisation(rep)
    framework = framework_list(organisation=organisation)
    by_id = {c.pk: Suggestion(c) for c in framework}
    by_slug = {s.competency.slug: s for s in by_id.values()}
    manager = assessment_latest(subject=rep, kind=Assessment.Kind.MANAGER)
    self_assessment = assessment_latest(subject=rep, kind=Assessment.Kind.SELF)
    manager_levels = {r.competency_id: r.level for r in manager.ratings.all()} if manager else {}
    self_levels = (
        {r.competency_id: r.level for r in self_assessment.ratings.all()} if self_assessment else {}
    )
    for pk in _lowest(manager_levels):
        level = manager_levels[pk]
        if pk in by_id and manager is not None:
            by_id[pk].reasons.append(
                f"Rated {level} of 5 by their manager on {manager.assessed_on}"
            )
            by_id[pk].score += 1 + max(0, LOW_LEVEL + 1 - level)
    for pk, mine in self_levels.items():
        theirs = manager_levels.get(pk)
        if pk not in by_id or theirs is None or abs(mine - theirs) < GAP_LEVELS:
            continue
        direction = "higher" if mine > theirs else "lower"
        by_id[pk].reasons.append(
            f"Rates themself {abs(mine - theirs)} levels {direction} than their manager "
            f"({mine} against {theirs})"
        )
        by_id[pk].score += abs(mine - theirs)
    for gap in _analysis_gaps(rep) if gaps is None else gaps:
        suggestion = by_slug.get(gap["competency"])
        if suggestion is None:
            continue
        side = "below" if gap["higher_is_better"] else "above"
        suggestion.reasons.append(
            f"{gap['label']}: {_number(gap['value'])}, {gap['shortfall']:.0%} {side} the stars' "
            f"average of {_number(gap['star'])} ({gap['n_star']} stars)"
        )
        suggestion.score += 1 + 2 * min(gap["shortfall"], 1.0)
    ranked = sorted(
        by_id.values(), key=lambda s: (-s.score, s.competency.position, s.competency.name)
    )
    for suggestion in ranked[:SUGGESTED]:
        suggestion.suggested = suggestion.score > 0
    return ranked
