"""Writes for competencies, assessments, development plans and accountability."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from uplift.development.framework import DEFAULT_FRAMEWORK
from uplift.development.models import Competency, DevelopmentPlan, Milestone
from uplift.orgs.models import Organisation, Person


class DevelopmentError(ValueError):
    """Input a person can correct (shown as a 4xx with the message)."""


def competency_framework_ensure(*, organisation: Organisation) -> list[Competency]:
    """Give the organisation the default framework, once: competencies it already has (by slug)
    are left as edited; missing default ones are added. Returns the framework in order."""
    existing = set(
        Competency.objects.filter(organisation=organisation).values_list("slug", flat=True)
    )
    missing = [
        Competency(
            organisation=organisation,
            slug=template.slug,
            name=template.name,
            description=template.description,
            levels=list(template.levels),
            position=(index + 1) * 10,
        )
        for index, template in enumerate(DEFAULT_FRAMEWORK)
        if template.slug not in existing
    ]
    if missing:
        Competency.objects.bulk_create(missing, ignore_conflicts=True)
    return list(Competency.objects.filter(organisation=organisation, is_active=True))


def milestone_create(
    *,
    plan: DevelopmentPlan,
    title: str,
    due_on: date,
    created_by: Person | None,
    source: str = "manual",
) -> Milestone:
    """A milestone on a plan (coaching action items arrive here with source="coaching")."""
    title = title.strip()
    if not title:
        raise DevelopmentError("A milestone needs a title.")
    if len(title) > 200:
        raise DevelopmentError("A milestone title has at most 200 characters.")
    with transaction.atomic():
        milestone = Milestone.objects.create(
            plan=plan,
            title=title,
            due_on=due_on,
            created_by=created_by,
            source=source or "manual",
        )
        DevelopmentPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    return milestone
