"""Reads for the practice library: the list with search and filters, a card with everything it
shows, the review queue, versions and their differences, and adoptions."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from uplift.orgs.access import private_person_ids_visible, team_ids_visible
from uplift.orgs.models import Person, Role, Team
from uplift.practices import access as practice_access
from uplift.practices.access import can_confirm_adoption, can_move_adoption
from uplift.practices.adoptions import next_stage
from uplift.practices.card_fields import CARD_FIELDS
from uplift.practices.models import (
    Adoption,
    Practice,
    PracticeComment,
    PracticeVersion,
)
from uplift.practices.search import practice_text_filter

STATUS_FILTERS = ("approved", "draft", "in_review", "retired", "mine", "all")
# What a version's difference names each field by: the card's declared fields, then its evidence.
FIELD_LABELS = {**{field.name: field.label for field in CARD_FIELDS}, "evidence": "Evidence"}


@dataclass(frozen=True)
class LibraryFilters:
    text: str = ""
    stage: str = ""
    competency: str = ""
    contributor: int | None = None
    status: str = "approved"


def practice_comment_find(*, practice: Practice, comment_id: int) -> PracticeComment | None:
    """A comment on this card by id, or None (a comment on another card is not found)."""
    return PracticeComment.objects.filter(practice=practice, pk=comment_id).first()


def practice_library(*, viewer: Person, filters: LibraryFilters) -> QuerySet[Practice]:
    """The cards the viewer may see, narrowed by the filters; search results come best first."""
    cards = practice_access.practices_visible(viewer)
    if filters.status == "mine":
        cards = cards.filter(Q(created_by=viewer) | Q(contributors=viewer)).distinct()
    elif filters.status != "all":
        cards = cards.filter(status=filters.status)
    if filters.stage:
        cards = cards.filter(stage_tags__icontains=f'"{filters.stage}"')
    if filters.competency:
        cards = cards.filter(competency_tags__icontains=f'"{filters.competency}"')
    if filters.contributor:
        cards = cards.filter(contributors=filters.contributor)
    cards = cards.select_related("sponsor").prefetch_related("contributors")
    cards = cards.annotate(
        adopter_count=Count("adoptions", distinct=True),
        comment_count=Count("comments", distinct=True),
    )
    if filters.text:
        return practice_text_filter(cards, text=filters.text)
    return cards.order_by("title")


def library_contributors(*, viewer: Person) -> QuerySet[Person]:
    """People credited on a card the viewer can see, for the contributor filter."""
    ids = practice_access.practices_visible(viewer).values("contributors")
    return Person.objects.filter(pk__in=ids).order_by("full_name")


def review_queue(*, viewer: Person) -> dict[str, list[Practice]]:
    """Cards in review: those the viewer sponsors, and the others in the organisation."""
    cards = (
        practice_access.practices_visible(viewer)
        .filter(status=Practice.Status.IN_REVIEW)
        .select_related("sponsor", "created_by")
        .prefetch_related("contributors")
        .order_by("submitted_at")
    )
    return {
        "mine": [c for c in cards if c.sponsor_id == viewer.pk],
        "others": [c for c in cards if c.sponsor_id != viewer.pk],
    }


def review_count(*, viewer: Person) -> int | None:
    """Cards waiting for the viewer's review (None for whoever does not review)."""
    if viewer.role != Role.LEADER:
        return None
    cards = practice_access.practices_visible(viewer)
    return cards.filter(status=Practice.Status.IN_REVIEW, sponsor=viewer).count()


@dataclass
class FieldDiff:
    name: str
    label: str
    lines: list[tuple[str, str]]  # (kind: "same" | "added" | "removed", text)


def _as_lines(value: Any) -> list[str]:
    if isinstance(value, list):
        return [
            f"{row.get('label')}: star {row.get('star')} vs core {row.get('core')}"
            if isinstance(row, dict)
            else str(row)
            for row in value
        ]
    return str(value or "").splitlines()


def version_diff(version: PracticeVersion) -> list[FieldDiff]:
    """What changed from the version before it, field by field, line by line."""
    before = (
        PracticeVersion.objects.filter(practice_id=version.practice_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    diffs = []
    for name, label in FIELD_LABELS.items():
        new = _as_lines(getattr(version, name))
        old = _as_lines(getattr(before, name)) if before else new
        if old == new:
            continue
        lines: list[tuple[str, str]] = []
        for line in difflib.ndiff(old, new):
            code, text = line[:1], line[2:]
            if code == "?":
                continue
            kind = {"+": "added", "-": "removed"}.get(code, "same")
            lines.append((kind, text))
        diffs.append(FieldDiff(name, label, lines))
    return diffs


def practice_version(*, practice: Practice, number: int) -> PracticeVersion | None:
    return practice.versions.select_related("changed_by").filter(number=number).first()


def my_adoptions(*, person: Person) -> list[Adoption]:
    return list(
        Adoption.objects.filter(person=person)
        .select_related("practice", "demonstrated_by")
        .order_by("practice__title")
    )


@dataclass
class BoardRow:
    person: Person
    adoptions: dict[int, Adoption]  # by practice id


@dataclass
class AdoptionBoard:
    team: Team | None
    teams: list[Team]
    practices: list[Practice]
    rows: list[BoardRow]
    stage_totals: dict[str, int]


def adoption_board(*, viewer: Person, team: Team | None) -> AdoptionBoard:
    """The reps in the viewer's private scope (one team, or all), each approved practice's
    adoption stage for them. `team` was fetched through access_team."""
    people = Person.objects.filter(
        pk__in=private_person_ids_visible(viewer), is_active=True, role=Role.REP
    ).exclude(pk=viewer.pk)
    if team is not None:
        people = people.filter(team=team)
    people = people.select_related("team").order_by("team__name", "full_name")
    adoptions = Adoption.objects.filter(person__in=people).select_related("practice")
    practices = list(
        practice_access.practices_visible(viewer)
        .filter(status=Practice.Status.APPROVED)
        .order_by("title")
    )
    teams = Team.objects.filter(pk__in=team_ids_visible(viewer), kind=Team.Kind.TEAM)
    by_person: dict[int, dict[int, Adoption]] = {}
    for adoption in adoptions:
        by_person.setdefault(adoption.person_id, {})[adoption.practice_id] = adoption
    totals = Counter(a.stage for a in adoptions)
    return AdoptionBoard(
        team=team,
        teams=list(teams.order_by("name")),
        practices=practices,
        rows=[BoardRow(p, by_person.get(p.pk, {})) for p in people],
        stage_totals={s: totals.get(s, 0) for s in Adoption.Stage.values},
    )


def adoption_actions(*, viewer: Person, adoption: Adoption) -> dict[str, bool]:
    """Which moves the viewer may make on an adoption, for the buttons shown."""
    step = next_stage(adoption)
    manager = can_confirm_adoption(viewer, adoption.person)
    return {
        "advance": step == "practising" and can_move_adoption(viewer, adoption.person),
        "confirm": step == "demonstrated" and manager,
        "habit": step == "habitual" and can_move_adoption(viewer, adoption.person),
        "habit_by_manager": step == "habitual" and manager,
    }


def adoptions_of(*, person: Person) -> QuerySet[Adoption]:
    """The practices the person has taken up, with the stage each has reached."""
    return person.adoptions.select_related("practice").order_by("practice__title")
