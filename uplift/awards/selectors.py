"""Reads for recognition events, each through the viewer's access (`uplift.awards.access`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from uplift.awards.access import nominations_visible
from uplift.awards.models import AwardCategory, AwardEvent, AwardWinner, Nomination
from uplift.orgs.access import colleagues_visible, viewer_organisation
from uplift.orgs.models import Person


def award_events_list(*, viewer: Person) -> QuerySet[AwardEvent]:
    return AwardEvent.objects.filter(organisation=viewer_organisation(viewer)).annotate(
        category_count=Count("categories", distinct=True),
        nomination_count=Count("categories__nominations", distinct=True),
    )


def nominee_choices(*, viewer: Person) -> QuerySet[Person]:
    """Whom the viewer may nominate: active colleagues other than themselves."""
    return (
        colleagues_visible(viewer)
        .exclude(pk=viewer.pk)
        .select_related("team")
        .order_by("full_name")
    )


@dataclass
class NomineeGroup:
    """One person's nominations in one category, together."""

    nominee: Person
    nominations: list[Nomination] = field(default_factory=list)

    @property
    def shortlisted(self) -> bool:
        return any(n.shortlisted for n in self.nominations)

    @property
    def evidence(self) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for nomination in self.nominations:
            for item in nomination.evidence:
                seen.setdefault(item["key"], item)
        return list(seen.values())


@dataclass
class CategoryView:
    category: AwardCategory
    winner: AwardWinner | None
    groups: list[NomineeGroup]  # what the viewer may see
    finalists: list[Person]  # the shortlist, shown to everyone once decided

    @property
    def winner_evidence(self) -> list[dict[str, Any]]:
        if self.winner is None:
            return []
        for group in self.groups:
            if group.nominee.pk == self.winner.nominee_id:
                return group.evidence
        return []


def _groups(nominations: list[Nomination]) -> list[NomineeGroup]:
    groups: dict[int, NomineeGroup] = {}
    for nomination in nominations:
        groups.setdefault(
            nomination.nominee_id, NomineeGroup(nomination.nominee)
        ).nominations.append(nomination)
    return sorted(groups.values(), key=lambda g: (not g.shortlisted, g.nominee.full_name))


def event_categories(*, viewer: Person, event: AwardEvent) -> list[CategoryView]:
    """The event's categories with what the viewer may see of each."""
    visible = list(nominations_visible(viewer, event))
    winners = {
        w.category_id: w
        for w in AwardWinner.objects.filter(category__event=event).select_related("nominee__team")
    }
    shortlist: dict[int, dict[int, Person]] = {}
    if event.is_decided:
        for n in Nomination.objects.filter(category__event=event, shortlisted=True).select_related(
            "nominee__team"
        ):
            shortlist.setdefault(n.category_id, {})[n.nominee_id] = n.nominee
    return [
        CategoryView(
            category=category,
            winner=winners.get(category.pk) if event.is_decided else None,
            groups=_groups([n for n in visible if n.category_id == category.pk]),
            finalists=sorted(shortlist.get(category.pk, {}).values(), key=lambda p: p.full_name),
        )
        for category in event.categories.all()
    ]


def winner_evidence_public(*, event: AwardEvent) -> dict[int, list[dict[str, Any]]]:
    """The evidence behind each winner (what their nominators picked), by category, for the
    programme once the event is decided."""
    found: dict[int, dict[str, dict[str, Any]]] = {}
    winners = {
        w.category_id: w.nominee_id for w in AwardWinner.objects.filter(category__event=event)
    }
    for n in Nomination.objects.filter(category__event=event).order_by("created_at"):
        if winners.get(n.category_id) == n.nominee_id:
            for item in n.evidence:
                found.setdefault(n.category_id, {}).setdefault(item["key"], item)
    return {category_id: list(items.values()) for category_id, items in found.items()}
