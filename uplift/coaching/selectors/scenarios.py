"""Reads for the scenario library."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from uplift.coaching import access
from uplift.coaching.competencies import competency_names
from uplift.coaching.models import RolePlayScenario
from uplift.orgs.models import Person
from uplift.practices.models import Practice


def scenario_library(*, viewer: Person, competency: str = "") -> QuerySet[RolePlayScenario]:
    scenarios = access.scenarios_visible(viewer).annotate(items=Count("rubric_items"))
    if competency:
        scenarios = scenarios.filter(competency=competency)
    return scenarios.order_by("competency", "title")


def practices_without_scenario(*, viewer: Person) -> QuerySet[Practice]:
    """Approved practices of the organisation that no scenario is built from yet."""
    return (
        Practice.objects.filter(
            organisation_id=access.organisation_id(viewer), status=Practice.Status.APPROVED
        )
        .exclude(roleplay_scenarios__isnull=False)
        .order_by("title")
    )


def practice_choices(*, viewer: Person) -> list[tuple[int, str]]:
    practices = Practice.objects.filter(organisation_id=access.organisation_id(viewer)).exclude(
        status=Practice.Status.RETIRED
    )
    return [(p.pk, p.title) for p in practices.order_by("title")]


def competency_choices(*, viewer: Person) -> dict[str, str]:
    if viewer.organisation is None:
        return {}
    return competency_names(organisation=viewer.organisation)
