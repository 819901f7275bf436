"""Writes for competencies, assessments, development plans and accountability."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from uplift.core.refusals import Invalid
from uplift.development.framework import DEFAULT_FRAMEWORK
from uplift.development.metrics import BEHAVIOUR_METRICS, OUTCOME_METRICS, metric_baseline
from uplift.development.models import (
    LEVELS,
    Assessment,
    CheckIn,
    Competency,
    DevelopmentPlan,
    Milestone,
    PlanComment,
    Rating,
)
from uplift.orgs.models import Organisation, Person
from uplift.practices.models import Adoption, Practice


class DevelopmentError(Invalid):
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


# --- Framework ----------------------------------------------------------------------------------


def competency_update(
    *, competency: Competency, name: str, description: str, levels: Sequence[str]
) -> Competency:
    """Edit a competency's wording. The slug never changes (practices and rubrics key on it)."""
    name = name.strip()
    texts = [text.strip() for text in levels]
    if not name:
        raise DevelopmentError("A competency needs a name.")
    if len(name) > 120:
        raise DevelopmentError("A competency name has at most 120 characters.")
    if len(texts) != len(LEVELS) or not all(texts):
        raise DevelopmentError("Describe the behaviour at each of the five levels.")
    competency.name = name
    competency.description = description.strip()
    competency.levels = texts
    competency.updated_at = timezone.now()
    if competency.pk is None:
        competency.save()
    else:
        competency.save(update_fields=["name", "description", "levels", "updated_at"])
    return competency


def competency_create(
    *,
    organisation: Organisation,
    slug: str,
    name: str,
    description: str,
    levels: Sequence[str],
) -> Competency:
    """Add an organisation's own competency at the end of its framework."""
    slug = slug.strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,59}", slug):
        raise DevelopmentError(
            "A key is 2 to 60 lower-case letters, digits or underscores, starting with a letter."
        )
    competency_framework_ensure(organisation=organisation)
    if Competency.objects.filter(organisation=organisation, slug=slug).exists():
        raise DevelopmentError(f"The framework already has a competency with the key {slug!r}.")
    last = Competency.objects.filter(organisation=organisation).order_by("-position").first()
    competency = Competency(
        organisation=organisation, slug=slug, position=(last.position if last else 0) + 10
    )
    return competency_update(
        competency=competency, name=name, description=description, levels=levels
    )


# --- Assessments --------------------------------------------------------------------------------


def assessment_create(
    *,
    subject: Person,
    rater: Person,
    kind: str,
    assessed_on: date,
    ratings: Mapping[int, tuple[int, str]],
    summary: str = "",
) -> Assessment:
    """Record a manager or self assessment. `ratings` maps competency ids to (level, comment);
    every active competency of the framework must be rated 1 to 5."""
    if kind not in Assessment.Kind.values:
        raise DevelopmentError("An assessment is a manager or a self assessment.")
    if kind == Assessment.Kind.SELF and rater.pk != subject.pk:
        raise DevelopmentError("A self assessment is made by the rep themself.")
    if kind == Assessment.Kind.MANAGER and rater.pk == subject.pk:
        raise DevelopmentError("A manager assessment is made by the rep's manager.")
    if assessed_on > timezone.localdate():
        raise DevelopmentError("An assessment cannot be dated in the future.")
    organisation = subject.organisation
    if organisation is None:
        raise DevelopmentError("The rep belongs to no organisation.")
    framework = {c.pk: c for c in competency_framework_ensure(organisation=organisation)}
    unknown = set(ratings) - set(framework)
    if unknown:
        raise DevelopmentError("Rate only the competencies of your organisation's framework.")
    missing = [c.name for pk, c in framework.items() if pk not in ratings]
    if missing:
        raise DevelopmentError(f"Rate every competency; missing: {', '.join(missing)}.")
    for level, _ in ratings.values():
        if level not in LEVELS:
            raise DevelopmentError("Ratings are levels 1 to 5.")
    with transaction.atomic():
        assessment = Assessment.objects.create(
            organisation=organisation,
            subject=subject,
            rater=rater,
            kind=kind,
            assessed_on=assessed_on,
            summary=summary.strip(),
        )
        Rating.objects.bulk_create(
            Rating(assessment=assessment, competency_id=pk, level=level, comment=comment.strip())
            for pk, (level, comment) in ratings.items()
        )
    return assessment


# --- Plans --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanInput:
    goal: str
    started_on: date
    target_on: date | None = None
    competency_ids: Sequence[int] = ()
    practice_ids: Sequence[int] = ()
    behaviour_metric: str = ""
    behaviour_target: float | None = None
    outcome_metric: str = ""
    outcome_target: float | None = None


def _check_plan_input(*, organisation: Organisation, data: PlanInput) -> None:
    if not data.goal.strip():
        raise DevelopmentError("Say what the plan should achieve (the goal).")
    if data.target_on is not None and data.target_on < data.started_on:
        raise DevelopmentError("The target date comes after the start.")
    if data.behaviour_metric and data.behaviour_metric not in {m.key for m in BEHAVIOUR_METRICS}:
        raise DevelopmentError(f"Unknown behaviour metric {data.behaviour_metric!r}.")
    if data.outcome_metric and data.outcome_metric not in {m.key for m in OUTCOME_METRICS}:
        raise DevelopmentError(f"Unknown outcome metric {data.outcome_metric!r}.")
    for value in (data.behaviour_target, data.outcome_target):
        if value is not None and not math.isfinite(value):
            raise DevelopmentError("Targets are numbers.")
    known = set(
        Competency.objects.filter(
            organisation=organisation, pk__in=list(data.competency_ids)
        ).values_list("pk", flat=True)
    )
    if known != set(data.competency_ids):
        raise DevelopmentError("Pick focus competencies from your organisation's framework.")
    approved = set(
        Practice.objects.filter(
            organisation=organisation,
            status=Practice.Status.APPROVED,
            pk__in=list(data.practice_ids),
        ).values_list("pk", flat=True)
    )
    if approved != set(data.practice_ids):
        raise DevelopmentError("Pick practices from the approved practices of the library.")


def _apply(plan: DevelopmentPlan, data: PlanInput) -> None:
    organisation = plan.organisation
    plan.goal = data.goal.strip()
    plan.started_on = data.started_on
    plan.target_on = data.target_on
    plan.behaviour_target = data.behaviour_target
    plan.outcome_target = data.outcome_target
    for field, key in (("behaviour", data.behaviour_metric), ("outcome", data.outcome_metric)):
        if getattr(plan, f"{field}_metric") != key or getattr(plan, f"{field}_baseline") is None:
            reading = metric_baseline(
                organisation=organisation, rep=plan.rep, key=key, start=data.started_on
            )
            setattr(plan, f"{field}_baseline", reading.value if key else None)
            if key and reading.as_of is not None:
                plan.baseline_as_of = reading.as_of
        setattr(plan, f"{field}_metric", key)


def plan_create(*, rep: Person, manager: Person, data: PlanInput) -> DevelopmentPlan:
    """Start a rep's plan, owned by `manager`, with baselines read from the latest analysis."""
    organisation = rep.organisation
    if organisation is None:
        raise DevelopmentError("The rep belongs to no organisation.")
    _check_plan_input(organisation=organisation, data=data)
    if DevelopmentPlan.objects.filter(rep=rep, status=DevelopmentPlan.Status.ACTIVE).exists():
        raise DevelopmentError(f"{rep} already has an active plan; close it first.")
    with transaction.atomic():
        plan = DevelopmentPlan(organisation=organisation, rep=rep, manager=manager)
        _apply(plan, data)
        plan.save()
        plan.competencies.set(data.competency_ids)
        plan.practices.set(data.practice_ids)
        _plan_adoptions(plan)
    return plan


def plan_update(*, plan: DevelopmentPlan, data: PlanInput) -> DevelopmentPlan:
    _check_plan_input(organisation=plan.organisation, data=data)
    with transaction.atomic():
        _apply(plan, data)
        plan.updated_at = timezone.now()
        plan.save()
        plan.competencies.set(data.competency_ids)
        plan.practices.set(data.practice_ids)
        _plan_adoptions(plan)
    return plan


def _plan_adoptions(plan: DevelopmentPlan) -> None:
    """A practice in a plan is one the rep plans to adopt (an adoption already further along is
    left as it is)."""
    for practice in plan.practices.all():
        Adoption.objects.get_or_create(
            practice=practice,
            person=plan.rep,
            defaults={"stage": Adoption.Stage.PLANNED, "planned_on": plan.started_on},
        )


def plan_close(*, plan: DevelopmentPlan, status: str, closed_on: date) -> DevelopmentPlan:
    if status not in (DevelopmentPlan.Status.COMPLETED, DevelopmentPlan.Status.CANCELLED):
        raise DevelopmentError("A plan closes as completed or cancelled.")
    if plan.status != DevelopmentPlan.Status.ACTIVE:
        raise DevelopmentError("This plan is already closed.")
    plan.status = status
    plan.closed_on = closed_on
    plan.updated_at = timezone.now()
    plan.save(update_fields=["status", "closed_on", "updated_at"])
    return plan


def milestone_set_done(*, milestone: Milestone, done_on: date | None) -> Milestone:
    """Mark a milestone done on a day, or open again with None."""
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    return milestone


def check_in_create(*, plan: DevelopmentPlan, author: Person, held_on: date, notes: str) -> CheckIn:
    notes = notes.strip()
    if not notes:
        raise DevelopmentError("Write what you went through at the check-in.")
    if held_on > timezone.localdate():
        raise DevelopmentError("A check-in is recorded once it has been held.")
    return CheckIn.objects.create(plan=plan, author=author, held_on=held_on, notes=notes)


def plan_comment_create(*, plan: DevelopmentPlan, author: Person, body: str) -> PlanComment:
    body = body.strip()
    if not body:
        raise DevelopmentError("A comment cannot be empty.")
    if len(body) > 4000:
        raise DevelopmentError("A comment has at most 4,000 characters.")
    return PlanComment.objects.create(plan=plan, author=author, body=body)
