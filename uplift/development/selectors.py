"""Reads: the framework, a rep's assessments and their comparison, plans and what moved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from uplift.development.metrics import (
    STATUS_TEXT,
    Monthly,
    Movement,
    analysis_currency,
    format_value,
    metric_movement,
    metric_since,
)
from uplift.development.models import (
    LEVEL_NAMES,
    Assessment,
    Competency,
    DevelopmentPlan,
    Milestone,
    Rating,
)
from uplift.development.services import competency_framework_ensure
from uplift.orgs.models import Organisation, Person
from uplift.practices.models import Practice


def person_organisation(person: Person) -> Organisation:
    if person.organisation is None:
        raise ValueError(f"{person} belongs to no organisation.")
    return person.organisation


def framework_list(*, organisation: Organisation) -> list[Competency]:
    """The organisation's active competencies in order (the default framework on first use)."""
    return competency_framework_ensure(organisation=organisation)


def framework_competencies(*, organisation: Organisation) -> QuerySet[Competency]:
    """The competencies of `framework_list`, as a query (for a form's choices)."""
    return Competency.objects.filter(
        pk__in=[c.pk for c in framework_list(organisation=organisation)]
    )


def practices_approved(*, organisation: Organisation) -> QuerySet[Practice]:
    return Practice.objects.filter(
        organisation=organisation, status=Practice.Status.APPROVED
    ).order_by("title")


# --- Assessments --------------------------------------------------------------------------------


def assessments_of(*, subject: Person) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(subject=subject)
        .select_related("rater")
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.select_related("competency")))
        .order_by("-assessed_on", "-created_at")
    )


def assessment_latest(*, subject: Person, kind: str) -> Assessment | None:
    return assessments_of(subject=subject).filter(kind=kind).first()


@dataclass(frozen=True)
class ComparisonRow:
    competency: Competency
    manager: int | None
    self_rating: int | None
    manager_comment: str
    self_comment: str

    @property
    def gap(self) -> int | None:
        """Self minus manager: positive when the rep rates themself higher."""
        if self.manager is None or self.self_rating is None:
            return None
        return self.self_rating - self.manager

    @property
    def reading(self) -> str:
        gap = self.gap
        if gap is None:
            return ""
        if gap == 0:
            return "agree"
        levels = "level" if abs(gap) == 1 else "levels"
        return f"rates themself {abs(gap)} {levels} {'higher' if gap > 0 else 'lower'}"


@dataclass(frozen=True)
class Comparison:
    manager: Assessment | None
    self_assessment: Assessment | None
    rows: list[ComparisonRow]

    @property
    def has_both(self) -> bool:
        return self.manager is not None and self.self_assessment is not None


def _levels(assessment: Assessment | None) -> dict[int, Rating]:
    if assessment is None:
        return {}
    return {r.competency_id: r for r in assessment.ratings.all()}


def assessment_comparison(*, subject: Person) -> Comparison:
    """The latest manager and self assessments side by side, competency by competency."""
    organisation = person_organisation(subject)
    manager = assessment_latest(subject=subject, kind=Assessment.Kind.MANAGER)
    self_assessment = assessment_latest(subject=subject, kind=Assessment.Kind.SELF)
    by_manager, by_self = _levels(manager), _levels(self_assessment)
    rows = []
    for competency in framework_list(organisation=organisation):
        m, s = by_manager.get(competency.pk), by_self.get(competency.pk)
        rows.append(
            ComparisonRow(
                competency=competency,
                manager=m.level if m else None,
                self_rating=s.level if s else None,
                manager_comment=m.comment if m else "",
                self_comment=s.comment if s else "",
            )
        )
    return Comparison(manager=manager, self_assessment=self_assessment, rows=rows)


@dataclass(frozen=True)
class CompetencyHistory:
    competency: Competency
    chart: dict[str, Any]
    points: list[tuple[date, str, int]]  # (day, kind, level), oldest first


def assessment_history(*, subject: Person) -> list[CompetencyHistory]:
    """Per competency, every rating over time as a small line chart (manager and self)."""
    organisation = person_organisation(subject)
    assessments = list(assessments_of(subject=subject).order_by("assessed_on", "created_at"))
    # One point per month and kind (the latest that month), so that a manager assessment and the
    # self assessment of the same round share a column.
    months = sorted({a.assessed_on.replace(day=1) for a in assessments})
    labels = [m.strftime("%b %Y") for m in months]
    values: dict[tuple[int, str], dict[date, int]] = defaultdict(dict)
    points: dict[int, list[tuple[date, str, int]]] = defaultdict(list)
    for assessment in assessments:
        month = assessment.assessed_on.replace(day=1)
        for rating in assessment.ratings.all():
            values[(rating.competency_id, assessment.kind)][month] = rating.level
            points[rating.competency_id].append(
                (assessment.assessed_on, assessment.get_kind_display(), rating.level)
            )
    history = []
    for competency in framework_list(organisation=organisation):
        series = [
            {
                "key": key,
                "label": label,
                "values": [values[(competency.pk, kind)].get(m) for m in months],
            }
            for kind, key, label in (("manager", "team", "Manager"), ("self", "me", "Self"))
        ]
        chart = {"kind": "lines", "unit": "rank", "labels": labels, "series": series, "max": 5}
        history.append(CompetencyHistory(competency, chart, points[competency.pk]))
    return history


def level_name(level: int | None) -> str:
    return LEVEL_NAMES.get(level or 0, "")


# --- Plans --------------------------------------------------------------------------------------


def plan_current(*, rep: Person) -> DevelopmentPlan | None:
    return (
        DevelopmentPlan.objects.filter(rep=rep, status=DevelopmentPlan.Status.ACTIVE)
        .select_related("manager", "rep")
        .first()
    )


def active_plans_by_rep(*, rep_ids: Iterable[int]) -> dict[int, DevelopmentPlan]:
    """Each listed rep's plan in progress, for the rosters that show who has one."""
    plans = DevelopmentPlan.objects.filter(
        rep_id__in=list(rep_ids), status=DevelopmentPlan.Status.ACTIVE
    )
    return {plan.rep_id: plan for plan in plans}


def plan_next_milestones(*, plan: DevelopmentPlan, limit: int = 3) -> list[Milestone]:
    """The plan's milestones not done yet, soonest due first."""
    return list(plan.milestones.filter(done_on__isnull=True).order_by("due_on", "id")[:limit])


def plans_of(*, rep: Person) -> QuerySet[DevelopmentPlan]:
    return DevelopmentPlan.objects.filter(rep=rep).select_related("manager").order_by("-started_on")


FEW_DEALS = 10  # below this many closed deals since the start, a reading is flagged as thin


def plan_movements(*, plan: DevelopmentPlan, monthly: Monthly | None = None) -> list[Movement]:
    """The plan's targeted metrics: baseline, target, value since the start, and whether each
    moved (see uplift.development.metrics; `monthly` when the caller read the scorecards for
    several plans)."""
    found = []
    for key, baseline, target in (
        (plan.behaviour_metric, plan.behaviour_baseline, plan.behaviour_target),
        (plan.outcome_metric, plan.outcome_baseline, plan.outcome_target),
    ):
        if not key:
            continue
        reading = metric_since(
            organisation=plan.organisation,
            rep=plan.rep,
            key=key,
            start=plan.started_on,
            monthly=monthly,
        )
        movement = metric_movement(
            key=key,
            baseline=baseline,
            target=target,
            current=reading.value,
            months_since=reading.months,
        )
        found.append(replace(movement, deals_since=reading.deals))
    return found


def movement_rows(*, plan: DevelopmentPlan, movements: list[Movement]) -> list[dict[str, Any]]:
    currency = analysis_currency(organisation=plan.organisation)
    return [
        {
            "label": m.label,
            "key": m.key,
            "baseline": format_value(m.key, m.baseline, currency),
            "target": format_value(m.key, m.target, currency),
            "current": format_value(m.key, m.current, currency),
            "months": m.months_since,
            "deals": m.deals_since,
            "few_deals": m.status != "no_data" and m.deals_since < FEW_DEALS,
            "status": m.status,
            "status_text": STATUS_TEXT[m.status],
            "progress": None if m.progress is None else round(m.progress * 100),
        }
        for m in movements
    ]


@dataclass
class PlanView:
    plan: DevelopmentPlan
    competencies: list[Competency]
    practices: list[Practice]
    milestones: list[Milestone]
    overdue: list[Milestone]
    check_ins: list[Any]
    comments: list[Any]
    movements: list[dict[str, Any]] = field(default_factory=list)


def plan_view(*, plan: DevelopmentPlan, today: date) -> PlanView:
    milestones = list(plan.milestones.select_related("created_by"))
    return PlanView(
        plan=plan,
        competencies=list(plan.competencies.all()),
        practices=list(plan.practices.all()),
        milestones=milestones,
        overdue=[m for m in milestones if m.is_overdue(today)],
        check_ins=list(plan.check_ins.select_related("author")),
        comments=list(plan.comments.select_related("author")),
        movements=movement_rows(plan=plan, movements=plan_movements(plan=plan)),
    )
