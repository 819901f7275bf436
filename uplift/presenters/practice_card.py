"""A practice card's page as the pages show it: its evidence (with the debriefed star's own
numbers when the card came from a debrief), comment threads, versions, adoption and the actions
open to the viewer."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from uplift.analytics.behaviour.catalogue import Unit
from uplift.analytics.behaviour.wording import number, ordinal, q_text, signed
from uplift.core.plain_words import Reading, behaviour_sentence, difference_reading
from uplift.debriefs import access as debrief_access
from uplift.debriefs.models import Debrief
from uplift.orgs.models import Person
from uplift.practices import access as practice_access
from uplift.practices.adoptions import next_stage
from uplift.practices.card_fields import trail_note_in_words
from uplift.practices.models import (
    Adoption,
    Practice,
    PracticeComment,
    PracticeEvidence,
    PracticeVersion,
)


@dataclass
class EvidenceRow:
    evidence: PracticeEvidence
    star_width: float
    core_width: float
    ratio: float | None
    reading: str  # the statistics (effect size, q-value, group sizes), for the disclosure
    plain: Reading  # the plain reading: "stars clearly higher", "no clear difference"
    sentence: str  # what stars do, in words ("" when the row holds one star's own value)
    star_text: str
    core_text: str
    difference_text: str = ""  # star minus core on the same deal mix, in the behaviour's unit
    own_text: str = ""  # the debriefed star's own value, when the card came from a debrief
    own_percentile: str = ""  # their percentile among core reps: "93rd"
    own_standing: str = ""  # the same in words: "above 93% of the core"
    averages: bool = True  # False: star and core hold the star's own value and the core median


@dataclass(frozen=True)
class EvidenceSource:
    """The debrief a card was drafted from: whose own numbers sit beside the group averages."""

    debrief: Debrief
    star: Person
    may_open: bool  # the viewer may see the debrief, so the card links to it
    standings: dict[str, dict[str, Any]]  # behaviour -> the star's standing in the debrief
    averaged: frozenset[str]  # behaviours the drivers analysis gave the groups' averages for


def evidence_source(*, viewer: Person, practice: Practice) -> EvidenceSource | None:
    """The debrief the card came from (one whose star is credited on the card, first held
    first), or None for a card written without one."""
    credited = set(practice.contributors.values_list("pk", flat=True))
    debriefs = list(practice.debriefs.select_related("star").order_by("scheduled_at", "pk"))
    debrief = next((d for d in debriefs if d.star_id in credited), None)
    if debrief is None:
        return None
    profile = debrief.profile or {}
    standings = {
        str(item["behavior"]): item
        for item in [*(profile.get("behaviours") or []), *debrief.distinctive, *debrief.unusual]
        if item.get("behavior")
    }
    drivers = profile.get("drivers") or {}
    averaged = frozenset(
        key
        for key, driver in drivers.items()
        if driver.get("star") is not None and driver.get("core") is not None
    )
    return EvidenceSource(
        debrief=debrief,
        star=debrief.star,
        may_open=debrief_access.can_view_debrief(viewer, debrief),
        standings=standings,
        averaged=averaged,
    )


def _unit(behavior: str) -> Unit:
    if behavior.startswith("conversion_"):
        return "fraction"
    if behavior.startswith("days_") or behavior.endswith("_days"):
        return "days"
    return "per_opportunity"


def evidence_value(behavior: str, value: float) -> str:
    """A behaviour's value in its unit: conversions as percentages, durations in days."""
    return number(value, _unit(behavior))


def _size_word(g: float | None) -> str:
    if g is None:
        return "effect size not given"
    size = abs(g)
    word = (
        "large"
        if size >= 0.8
        else "medium"
        if size >= 0.5
        else "small"
        if size >= 0.2
        else "negligible"
    )
    return f"a {word} difference (g = {g:+.2f})"


def _q_word(q: float | None) -> str:
    if q is None:
        return ""
    if q < 0.05:
        return f"unlikely to be chance ({q_text(q)}, false discoveries held to 5%)"
    return f"could be chance ({q_text(q)})"


def _standing_words(percentile: float) -> str:
    """A percentile among the core as a share of them: "above 93% of the core"."""
    whole = math.floor(percentile + 0.5)  # half up, as `ordinal` rounds it
    if whole >= 50:
        return f"above {whole}% of the core"
    return f"below {100 - whole}% of the core"


def evidence_rows(practice: Practice, source: EvidenceSource | None = None) -> list[EvidenceRow]:
    """The card's evidence as the page reads it; with the debrief it came from (`source`), each
    behaviour the star was placed on also carries the star's own value and percentile."""
    rows = []
    for item in practice.evidence.all():
        top = max(abs(item.star), abs(item.core)) or 1.0
        ratio = item.star / item.core if item.core else None
        if item.behavior.startswith("conversion_"):
            ratio = None  # a ratio of two rates reads badly; the points say it
        unit = _unit(item.behavior)
        standing = source.standings.get(item.behavior) if source else None
        averages = source is None or standing is None or item.behavior in source.averaged
        if not averages:
            ratio = None  # the star's own value against the core median: not the groups
        parts = [_size_word(item.effect_size) if averages else "", _q_word(item.q_value)]
        if item.n_star and item.n_core:
            parts.append(f"{item.n_star} stars against {item.n_core} core reps")
        adjusted = item.adjusted_difference
        higher = item.star > item.core if adjusted is None else adjusted > 0
        percentile = standing.get("percentile_core") if standing else None
        rows.append(
            EvidenceRow(
                evidence=item,
                star_width=round(100 * abs(item.star) / top, 1),
                core_width=round(100 * abs(item.core) / top, 1),
                ratio=ratio,
                reading="; ".join(p for p in parts if p),
                plain=difference_reading(item.q_value, stars_higher=higher),
                sentence=behaviour_sentence(
                    behavior=item.behavior,
                    label=item.label,
                    star=item.star,
                    core=item.core,
                    unit=unit,
                )
                if averages
                else "",
                star_text=evidence_value(item.behavior, item.star),
                core_text=evidence_value(item.behavior, item.core),
                difference_text="" if adjusted is None else signed(adjusted, unit),
                own_text=number(standing.get("value"), unit) if standing else "",
                own_percentile="" if percentile is None else ordinal(float(percentile)),
                own_standing="" if percentile is None else _standing_words(float(percentile)),
                averages=averages,
            )
        )
    return rows


@dataclass
class Thread:
    comment: PracticeComment
    replies: list[PracticeComment] = field(default_factory=list)


def comment_threads(practice: Practice) -> list[Thread]:
    comments = practice.comments.select_related("author").order_by("created_at", "pk")
    threads: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment)
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    return list(threads.values())


@dataclass(frozen=True)
class TrailEntry:
    """One line of the review trail, in words: what happened, who did it, when, and the note
    (an edit's changed fields by their labels, never their names)."""

    what: str
    who: str
    at: Any
    note: str


def review_trail(practice: Practice, *, limit: int = 30) -> list[TrailEntry]:
    return [
        TrailEntry(
            what=event.get_kind_display(),
            who=event.actor.full_name if event.actor else "",
            at=event.at,
            note=trail_note_in_words(event.note),
        )
        for event in practice.events.select_related("actor")[:limit]
    ]


@dataclass
class CardActions:
    edit: bool
    submit: bool
    review: bool
    retire: bool
    comment: bool
    adopt: bool


@dataclass
class CardView:
    practice: Practice
    evidence: list[EvidenceRow]
    source: EvidenceSource | None  # the debrief the card came from
    contributors: list[Person]
    threads: list[Thread]
    versions: list[PracticeVersion]
    events: list[TrailEntry]
    stage_counts: dict[str, int]
    my_adoption: Adoption | None
    my_next_stage: str | None
    actions: CardActions
    leaders: list[Person]  # who may sponsor it: leaders independent of the card


def practice_card(*, viewer: Person, practice: Practice) -> CardView:
    """Everything the card page shows (the practice was fetched through access_practice)."""
    counts = Counter(practice.adoptions.values_list("stage", flat=True))
    mine = practice.adoptions.filter(person=viewer).first()
    approved = practice.status == Practice.Status.APPROVED
    source = evidence_source(viewer=viewer, practice=practice)
    return CardView(
        practice=practice,
        evidence=evidence_rows(practice, source),
        source=source,
        contributors=list(practice.contributors.order_by("full_name")),
        threads=comment_threads(practice),
        versions=list(practice.versions.select_related("changed_by")),
        events=review_trail(practice),
        stage_counts={stage: counts.get(stage, 0) for stage in Adoption.Stage.values},
        my_adoption=mine,
        my_next_stage=next_stage(mine) if mine else None,
        actions=CardActions(
            edit=practice_access.can_edit_practice(viewer, practice),
            submit=practice_access.can_submit_practice(viewer, practice),
            review=practice_access.can_review_practice(viewer, practice),
            retire=practice_access.can_retire_practice(viewer, practice),
            comment=practice_access.can_view_practice(viewer, practice),
            adopt=approved and mine is None,
        ),
        leaders=list(practice_access.eligible_sponsors(practice)),
    )
