"""Who may read and change competencies, assessments and plans (on top of uplift.orgs.access).

Plans and assessments are a rep's private data: they are fetched only through `access_plan` and
`access_assessment`, which answer 404 outside the viewer's private scope (so an enablement admin,
who curates the framework, sees no plan unless they are in the rep's manager chain).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from uplift.audit.models import PrivateRecord
from uplift.audit.services import audit_private_view
from uplift.development.models import Assessment, Competency, DevelopmentPlan, Milestone
from uplift.orgs.access import can_view_private_data, private_person_ids_visible
from uplift.orgs.models import Person, Role


def can_develop_rep(viewer: Person, rep: Person) -> bool:
    """May the viewer assess the rep as their manager and own their plan? Managers may for the
    reps in their scope; a leader only for their own direct reports; nobody for themself."""
    if rep.pk == viewer.pk or not can_view_private_data(viewer, rep):
        return False
    return viewer.role == Role.MANAGER or rep.manager_id == viewer.pk


def plans_visible(viewer: Person) -> QuerySet[DevelopmentPlan]:
    """The plans of the people whose private data the viewer may see."""
    return DevelopmentPlan.objects.filter(rep_id__in=private_person_ids_visible(viewer))


def access_plan(viewer: Person, plan_id: int) -> DevelopmentPlan:
    """A plan whose rep's private data the viewer may see, or 404."""
    plan = (
        DevelopmentPlan.objects.select_related("rep", "rep__team", "manager", "organisation")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None or not can_view_private_data(viewer, plan.rep):
        raise Http404("No such plan in your scope.")
    # Opening another person's plan is on their audit trail (docs/audit.md).
    audit_private_view(
        viewer=viewer, subject=plan.rep, record=PrivateRecord.DEVELOPMENT_PLAN, record_id=plan.pk
    )
    return plan


def access_plan_for_edit(viewer: Person, plan_id: int) -> DevelopmentPlan:
    """A plan the viewer may change (its rep's manager), 404 outside their scope, 403 inside it."""
    plan = access_plan(viewer, plan_id)
    if not can_develop_rep(viewer, plan.rep):
        raise PermissionDenied("Only the rep's manager changes this plan.")
    return plan


def access_plan_for_comment(viewer: Person, plan_id: int) -> DevelopmentPlan:
    """A plan the viewer may comment on: the rep themself or someone who manages the rep."""
    plan = access_plan(viewer, plan_id)
    if plan.rep_id != viewer.pk and not can_develop_rep(viewer, plan.rep):
        raise PermissionDenied("Only the rep and their manager comment on this plan.")
    return plan


def access_milestone(viewer: Person, milestone_id: int) -> Milestone:
    """A milestone of a plan the viewer may change, 404 outside their scope."""
    milestone = Milestone.objects.select_related("plan").filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404("No such milestone in your scope.")
    access_plan_for_edit(viewer, milestone.plan_id)
    return milestone


def access_assessment(viewer: Person, assessment_id: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related("subject", "rater").filter(pk=assessment_id).first()
    )
    if assessment is None or not can_view_private_data(viewer, assessment.subject):
        raise Http404("No such assessment in your scope.")
    audit_private_view(
        viewer=viewer,
        subject=assessment.subject,
        record=PrivateRecord.ASSESSMENT,
        record_id=assessment.pk,
    )
    return assessment


def access_competency(viewer: Person, competency_id: int) -> Competency:
    """A competency of the viewer's organisation (the framework is not private), or 404."""
    competency = Competency.objects.filter(pk=competency_id).first()
    if competency is None or competency.organisation_id != viewer.organisation_id:
        raise Http404("No such competency.")
    return competency
