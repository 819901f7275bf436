"""API: Competencies, assessments, development plans and accountability."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from uplift.api.calls import caller
from uplift.api.pagination import paginated
from uplift.api.schemas import ErrorOut, Id, InputSchema, Text
from uplift.api.security import api_rule, rate_limit
from uplift.core.refusals import Invalid, NotAllowed
from uplift.development import access as dev_access
from uplift.development.models import Competency, DevelopmentPlan
from uplift.development.selectors import (
    assessments_of,
    framework_list,
    plan_movements,
)
from uplift.development.services import (
    PlanInput,
    assessment_create,
    check_in_create,
    competency_create,
    competency_update,
    milestone_create,
    plan_comment_create,
    plan_create,
)
from uplift.development.suggestions import focus_suggestions
from uplift.orgs import access
from uplift.presenters.accountability import manager_accountability

router = Router(tags=["Development"])
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class RubricLevelOut(Schema):
    level: int = Field(description="1 (Beginning) to 5 (Role model).")
    name: str
    behaviour: str = Field(description="What someone does at this level.")


class CompetencyOut(Schema):
    id: int
    slug: str = Field(description="Stable key, shared with practice tags and role-play rubrics.")
    name: str
    description: str
    levels: list[RubricLevelOut]

    @staticmethod
    def resolve_levels(obj: Competency) -> list[dict[str, Any]]:
        return [{"level": lv, "name": n, "behaviour": t} for lv, n, t in obj.rubric]


class CompetencyIn(InputSchema):
    name: str
    description: str = ""
    levels: list[str] = Field(description="Five behaviour descriptions, level 1 to level 5.")


class CompetencyNewIn(CompetencyIn):
    slug: str = Field(description="Lower-case letters, digits and underscores; fixed once made.")


class RatingIO(Schema):
    competency: str = Field(description="Competency slug.")
    level: int = Field(ge=1, le=5)
    comment: str = ""


class RatingIn(InputSchema, RatingIO):
    """A rating as a client sends it."""


class AssessmentOut(Schema):
    id: int
    kind: str = Field(description="manager or self.")
    assessed_on: date
    rater_id: int | None
    summary: str
    ratings: list[RatingIO]

    @staticmethod
    def resolve_ratings(obj: Any) -> list[dict[str, Any]]:
        return [
            {"competency": r.competency.slug, "level": r.level, "comment": r.comment}
            for r in obj.ratings.all()
        ]


class AssessmentIn(InputSchema):
    kind: Literal["manager", "self"]
    assessed_on: date | None = Field(None, description="Defaults to today.")
    summary: str = ""
    ratings: list[RatingIn] = Field(description="One rating per competency of the framework.")


class SuggestionOut(Schema):
    competency: str = Field(description="Competency slug.")
    name: str
    suggested: bool = Field(description="Among the top suggestions.")
    score: float
    reasons: list[str]


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: date
    done_on: date | None
    source: str


class MovementOut(Schema):
    metric: str
    label: str
    baseline: float | None
    target: float | None
    current: float | None = Field(description="Over the full months since the start.")
    months_since: int
    deals_since: int = Field(description="Deals closed in the months since the start.")
    status: str = Field(description="moved, not_yet, moved_away or no_data.")


class PlanOut(Schema):
    id: int
    rep_id: int
    manager_id: int | None
    goal: str
    status: str
    started_on: date
    target_on: date | None
    competencies: list[str] = Field(description="Focus competency slugs.")
    practice_ids: list[int]
    behaviour_metric: str
    behaviour_baseline: float | None
    behaviour_target: float | None
    outcome_metric: str
    outcome_baseline: float | None
    outcome_target: float | None
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_competencies(obj: DevelopmentPlan) -> list[str]:
        return [c.slug for c in obj.competencies.all()]

    @staticmethod
    def resolve_practice_ids(obj: DevelopmentPlan) -> list[int]:
        return [p.pk for p in obj.practices.all()]

    @staticmethod
    def resolve_milestones(obj: DevelopmentPlan) -> list[Any]:
        return list(obj.milestones.all())


class PlanDetailOut(PlanOut):
    movements: list[MovementOut]


class PlanIn(InputSchema):
    rep_id: int
    goal: str
    started_on: date | None = Field(None, description="Defaults to today.")
    target_on: date | None = None
    competencies: list[str] = Field(default_factory=list, description="Competency slugs.")
    practice_ids: list[int] = Field(default_factory=list, description="Approved practices.")
    behaviour_metric: str = ""
    behaviour_target: float | None = None
    outcome_metric: str = Field("", description="Rates as fractions (0.28 is 28 %).")
    outcome_target: float | None = None


class MilestoneIn(InputSchema):
    title: str
    due_on: date


class CheckInIn(InputSchema):
    held_on: date
    notes: str


class CheckInOut(Schema):
    id: int
    held_on: date
    notes: str


class PlanCommentIn(InputSchema):
    body: str


class PlanCommentOut(Schema):
    id: int
    author_id: int | None
    body: str
    created_at: datetime


class AccountabilityOut(Schema):
    rep_id: int
    name: str
    plan_id: int | None
    overdue_milestones: int
    open_milestones: int
    last_coaching_on: date | None
    targets_moved: bool | None = Field(description="null when no target has a reading yet.")


# --- Framework ----------------------------------------------------------------------------------


@router.get(
    "/development/competencies",
    response=list[CompetencyOut],
    auth=api_rule(access.SIGNED_IN),
    summary="The competency framework with its rubric",
)
@paginated(order=("position", "id"))
def competencies_list(request: HttpRequest) -> list[Competency]:
    return framework_list(organisation=access.viewer_organisation(caller(request)))


@router.post(
    "/development/competencies",
    response={201: CompetencyOut, **WRITE},
    auth=api_rule(access.ADMINS),
    summary="Add a competency of your own to the framework",
)
def competency_post(request: HttpRequest, body: CompetencyNewIn) -> Status[Competency]:
    competency = competency_create(
        organisation=access.viewer_organisation(caller(request)),
        slug=body.slug,
        name=body.name,
        description=body.description,
        levels=body.levels,
    )
    return Status(201, competency)


@router.put(
    "/development/competencies/{competency_id}",
    response={200: CompetencyOut, **WRITE},
    auth=api_rule(access.ADMINS),
    summary="Edit a competency's name, description and rubric",
)
def competency_put(request: HttpRequest, competency_id: Id, body: CompetencyIn) -> Competency:
    competency = dev_access.access_competency(caller(request), competency_id)
    return competency_update(
        competency=competency, name=body.name, description=body.description, levels=body.levels
    )


# --- Assessments --------------------------------------------------------------------------------


@router.get(
    "/development/people/{person_id}/assessments",
    response={200: list[AssessmentOut], 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="A rep's manager and self assessments, newest first",
)
@paginated(order=("-assessed_on", "-created_at", "-id"))
def assessments_list(request: HttpRequest, person_id: Id) -> QuerySet[Any]:
    subject = access.access_person(caller(request), person_id)
    return assessments_of(subject=subject)


@router.post(
    "/development/people/{person_id}/assessments",
    response={201: AssessmentOut, **WRITE},
    auth=api_rule(access.SIGNED_IN),
    summary="Record a manager assessment (the rep's manager) or a self assessment (the rep)",
)
def assessment_post(request: HttpRequest, person_id: Id, body: AssessmentIn) -> Status[Any]:
    viewer = caller(request)
    subject = access.access_person(viewer, person_id)
    if body.kind == "manager" and not dev_access.can_develop_rep(viewer, subject):
        raise NotAllowed("Only the rep's manager makes a manager assessment.")
    if body.kind == "self" and subject.pk != viewer.pk:
        raise NotAllowed("A self assessment is made by the rep themself.")
    slugs = {c.slug: c.pk for c in framework_list(organisation=access.viewer_organisation(viewer))}
    unknown = [r.competency for r in body.ratings if r.competency not in slugs]
    if unknown:
        raise Invalid(f"Unknown competencies: {', '.join(unknown)}.", field="ratings")
    assessment = assessment_create(
        subject=subject,
        rater=viewer,
        kind=body.kind,
        assessed_on=body.assessed_on or timezone.localdate(),
        ratings={slugs[r.competency]: (r.level, r.comment) for r in body.ratings},
        summary=body.summary,
    )
    return Status(201, assessment)


@router.get(
    "/development/people/{person_id}/suggestions",
    response={200: list[SuggestionOut], 403: ErrorOut, 404: ErrorOut},
    auth=api_rule(access.MANAGERS),
    summary="Suggested focus competencies for a rep's plan, with the reasons",
)
@paginated(order=("-score", "competency"))
def suggestions_list(request: HttpRequest, person_id: Id) -> list[dict[str, Any]]:
    rep = access.access_person(caller(request), person_id)
    return [
        {
            "competency": s.competency.slug,
            "name": s.competency.name,
            "suggested": s.suggested,
            "score": round(s.score, 3),
            "reasons": s.reasons,
        }
        for s in focus_suggestions(rep=rep)
    ]


# --- Plans --------------------------------------------------------------------------------------


@router.get(
    "/development/plans",
    response={200: list[PlanOut], 400: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="Development plans you may see (yours, or your reps')",
)
@paginated(order=("-started_on", "-id"))
def plans_list(request: HttpRequest, status: Text = "active") -> QuerySet[DevelopmentPlan]:
    if status != "all" and status not in DevelopmentPlan.Status.values:
        raise Invalid("status is one of active, completed, cancelled or all.", field="status")
    plans = dev_access.plans_visible(caller(request))
    if status != "all":
        plans = plans.filter(status=status)
    return plans


@router.post(
    "/development/plans",
    response={201: PlanOut, **WRITE},
    auth=api_rule(access.MANAGERS),
    summary="Start a rep's plan (you become its owner)",
)
def plan_post(request: HttpRequest, body: PlanIn) -> Status[DevelopmentPlan]:
    viewer = caller(request)
    rep = access.access_person(viewer, body.rep_id)
    if not dev_access.can_develop_rep(viewer, rep):
        raise NotAllowed("Only the rep's manager makes their plan.")
    slugs = {c.slug: c.pk for c in framework_list(organisation=access.viewer_organisation(viewer))}
    unknown = [s for s in body.competencies if s not in slugs]
    if unknown:
        raise Invalid(f"Unknown competencies: {', '.join(unknown)}.", field="competencies")
    data = PlanInput(
        goal=body.goal,
        started_on=body.started_on or timezone.localdate(),
        target_on=body.target_on,
        competency_ids=[slugs[s] for s in body.competencies],
        practice_ids=body.practice_ids,
        behaviour_metric=body.behaviour_metric,
        behaviour_target=body.behaviour_target,
        outcome_metric=body.outcome_metric,
        outcome_target=body.outcome_target,
    )
    return Status(201, plan_create(rep=rep, manager=viewer, data=data))


@router.get(
    "/development/plans/{plan_id}",
    response={200: PlanDetailOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="One plan, with whether its target metrics moved",
)
def plan_get(request: HttpRequest, plan_id: Id) -> DevelopmentPlan:
    plan = dev_access.access_plan(caller(request), plan_id)
    movements = [
        {
            "metric": m.key,
            "label": m.label,
            "baseline": m.baseline,
            "target": m.target,
            "current": m.current,
            "months_since": m.months_since,
            "deals_since": m.deals_since,
            "status": m.status,
        }
        for m in plan_movements(plan=plan)
    ]
    plan.movements = movements  # type: ignore[attr-defined]
    return plan


@router.post(
    "/development/plans/{plan_id}/milestones",
    response={201: MilestoneOut, **WRITE},
    auth=api_rule(access.MANAGERS),
    summary="Add a milestone to a plan you own",
)
def milestone_post(request: HttpRequest, plan_id: Id, body: MilestoneIn) -> Status[Any]:
    viewer = caller(request)
    plan = dev_access.access_plan_for_edit(viewer, plan_id)
    milestone = milestone_create(plan=plan, title=body.title, due_on=body.due_on, created_by=viewer)
    return Status(201, milestone)


@router.post(
    "/development/plans/{plan_id}/check-ins",
    response={201: CheckInOut, **WRITE},
    auth=api_rule(access.MANAGERS),
    summary="Record a check-in on a plan you own",
)
def check_in_post(request: HttpRequest, plan_id: Id, body: CheckInIn) -> Status[Any]:
    viewer = caller(request)
    plan = dev_access.access_plan_for_edit(viewer, plan_id)
    check_in = check_in_create(plan=plan, author=viewer, held_on=body.held_on, notes=body.notes)
    return Status(201, check_in)


@router.post(
    "/development/plans/{plan_id}/comments",
    response={201: PlanCommentOut, **WRITE},
    auth=api_rule(access.SIGNED_IN),
    throttle=rate_limit("comments"),
    summary="Comment on a plan (the rep or their manager)",
)
def comment_post(request: HttpRequest, plan_id: Id, body: PlanCommentIn) -> Status[Any]:
    viewer = caller(request)
    plan = dev_access.access_plan_for_comment(viewer, plan_id)
    comment = plan_comment_create(plan=plan, author=viewer, body=body.body)
    return Status(201, comment)


@router.get(
    "/development/accountability",
    response=list[AccountabilityOut],
    auth=api_rule(access.MANAGERS),
    summary="Each rep in your scope: plan, overdue milestones, last coaching, targets moved",
)
@paginated(order=("name", "rep_id"))
def accountability_list(request: HttpRequest) -> list[dict[str, Any]]:
    lines = manager_accountability(viewer=caller(request), today=timezone.localdate())
    return [
        {
            "rep_id": line.rep.pk,
            "name": line.rep.full_name,
            "plan_id": line.plan.pk if line.plan else None,
            "overdue_milestones": line.overdue,
            "open_milestones": line.open_milestones,
            "last_coaching_on": line.coaching.held_on if line.coaching else None,
            "targets_moved": line.moved,
        }
        for line in lines
    ]
