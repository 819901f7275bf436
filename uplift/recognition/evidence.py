"""The evidence a spotlight carries: the practice, its spread, its measured impact, help given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from uplift.core.plain_words import SAME_WIN_RATE, impact_words
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import impact_of
from uplift.insights.snapshots.impact_documents import ImpactRow, NotEstimatedRow
from uplift.orgs.models import Organisation, Person
from uplift.practices.models import Adoption, Practice
from uplift.recognition.models import Kudos
from uplift.recognition.sources import (
    ADOPTED_STAGES,
    Event,
    contributors_by_practice,
    partnering_facts,
)

NOT_MEASURED = "not measured yet"


@dataclass(frozen=True)
class ImpactReading:
    """The latest analysis's impact document, read once and looked up per practice."""

    rows: list[ImpactRow]
    not_estimated: list[NotEstimatedRow]
    as_of: str | None

    def for_practice(self, practice_id: int, title: str) -> dict[str, Any]:
        def mine(row: Mapping[str, Any]) -> bool:
            found = row.get("practice_id")
            return found == practice_id or (found is None and row.get("practice") == title)

        rows = [{key: row.get(key) for key in IMPACT_KEYS} for row in self.rows if mine(row)]
        reason = next((r.get("reason") for r in self.not_estimated if mine(r)), None)
        return {
            "impact": rows,
            "impact_as_of": self.as_of if rows else None,
            "impact_status": "measured" if rows else NOT_MEASURED,
            "impact_note": None if rows else reason,
        }


IMPACT_KEYS = ("metric", "unit", "att", "ci", "adopters", "reading")


def impact_reading(*, organisation: Organisation) -> ImpactReading:
    run = analysis_latest(organisation=organisation)
    document = impact_of(run)
    stored = document.as_of if document else None
    as_of = stored or (run.as_of.isoformat() if run and run.as_of else None)
    return ImpactReading(
        rows=list(document.practices) if document else [],
        not_estimated=list(document.not_estimated) if document else [],
        as_of=as_of,
    )


def evidence_with_latest_impact(evidence: dict[str, Any], reading: ImpactReading) -> dict[str, Any]:
    """A spotlight's evidence with the impact measured since it was posted, when there is one:
    the post said "not measured yet" and the analysis has since measured it."""
    practice = evidence.get("practice")
    if not practice or practice.get("impact_status") != NOT_MEASURED:
        return evidence
    latest = reading.for_practice(practice["id"], practice["title"])
    if latest["impact_status"] == NOT_MEASURED and not latest["impact_note"]:
        return evidence
    return {**evidence, "practice": {**practice, **latest}}


def impact_phrase(row: dict[str, Any]) -> str:
    """'win rate +6.0 points: likely better': the change and its plain reading, worded from the
    impact analysis' reading (uplift.core.plain_words.impact_words), for the feed and the chat
    posts alike; the interval itself is on the practice's impact page."""
    att, unit = row.get("att"), row.get("unit")
    metric = str(row.get("metric") or "").replace("_", " ")
    if att is None:
        amount = "unknown"
    elif unit == "fraction":
        amount = f"{att * 100:+.1f} points"
    else:
        amount = f"{att:+,.0f}"
    reading = impact_words(
        row.get("reading"),
        row.get("ci"),
        same_within=SAME_WIN_RATE if unit == "fraction" else None,
    )
    return f"{metric} {amount}: {reading.words}"


def spotlight_evidence(
    *, organisation: Organisation, contributor: Person, practice: Practice | None
) -> dict[str, Any]:
    """What the records say about the contributor (and the practice), at the time of asking."""
    helped = [
        f for f in partnering_facts(organisation=organisation) if f.actor_id == contributor.pk
    ]
    evidence: dict[str, Any] = {
        "contributor": contributor.full_name,
        "coaching_given": sum(1 for f in helped if f.event == Event.COACHING_PARTNERED),
        "role_plays_partnered": sum(1 for f in helped if f.event == Event.ROLE_PLAY_PARTNERED),
        "kudos_received": Kudos.objects.filter(receiver=contributor).count(),
        "practice": None,
    }
    if practice is None:
        return evidence
    credited = contributors_by_practice(organisation=organisation).get(practice.pk, ())
    adopters = (
        Adoption.objects.filter(practice=practice, stage__in=ADOPTED_STAGES)
        .exclude(person_id__in=credited)
        .values("person_id")
        .distinct()
        .count()
    )
    latest = impact_reading(organisation=organisation).for_practice(practice.pk, practice.title)
    evidence["practice"] = {
        "id": practice.pk,
        "title": practice.title,
        "status": practice.status,
        "contributors": list(
            Person.objects.filter(pk__in=credited)
            .order_by("full_name")
            .values_list("full_name", flat=True)
        ),
        "adopted_by_others": adopters,
        **latest,
    }
    return evidence


def evidence_lines(evidence: dict[str, Any]) -> list[tuple[str, str]]:
    """The evidence as (label, value) pairs, for the feed and the Slack and Teams posts."""
    lines: list[tuple[str, str]] = []
    practice = evidence.get("practice")
    if practice:
        lines.append(("Practice", str(practice["title"])))
        count = practice["adopted_by_others"]
        people = "person" if count == 1 else "people"
        lines.append(("Adopted by", f"{count} {people} besides its contributors"))
        if practice["impact"]:
            lines.extend(("Measured impact", impact_phrase(row)) for row in practice["impact"])
        else:
            note = practice.get("impact_note")
            lines.append(("Measured impact", f"{NOT_MEASURED} ({note})" if note else NOT_MEASURED))
    coaching, role_plays = (
        evidence.get("coaching_given", 0),
        evidence.get("role_plays_partnered", 0),
    )
    if coaching or role_plays:
        help_given = f"{coaching} coaching session(s), {role_plays} role play(s) partnered"
        lines.append(("Help given", help_given))
    kudos = evidence.get("kudos_received", 0)
    if kudos:
        lines.append(("Kudos received", f"{kudos} from colleagues"))
    return lines
