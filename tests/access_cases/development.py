"""Roles x endpoints rows for this capability's pages and API operations (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin). Rep Ann and her teammate Art
report to manager Mia; Gil is in another team; Otto works for another company. Plans and
assessments are private: a rep sees only their own, a manager their reps', a leader their part of
the organisation, the enablement admin none (404). Only the rep's manager changes a plan (403 for
a leader who reads it); the framework is for everyone to read and for admins to edit.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.access_cases import Case
from tests.conftest import World
from uplift.development.models import Assessment, DevelopmentPlan, Milestone
from uplift.development.services import competency_framework_ensure
from uplift.orgs.models import Person


def _plan(rep: Person, manager: Person) -> DevelopmentPlan:
    assert rep.organisation is not None
    return DevelopmentPlan.objects.create(
        organisation=rep.organisation, rep=rep, manager=manager, goal="Better discovery",
        started_on=timezone.localdate() - timedelta(days=30),
    )  # fmt: skip


def plans(w: World) -> dict[str, Any]:
    competency_framework_ensure(organisation=w.org)
    other = competency_framework_ensure(organisation=w.other_org)
    ann = _plan(w.ann, w.mia)
    milestone = Milestone.objects.create(
        plan=ann, title="Three discovery calls", due_on=timezone.localdate() - timedelta(days=2)
    )
    assessment = Assessment.objects.create(
        organisation=w.org,
        subject=w.art,
        rater=w.mia,
        kind="manager",
        assessed_on=timezone.localdate(),
    )
    return {
        "plan": ann,
        "art_plan": _plan(w.art, w.mia),
        "gil_plan": _plan(w.gil, w.gus),
        "otto_plan": _plan(w.otto, w.olga),
        "milestone": milestone,
        "competency": competency_framework_ensure(organisation=w.org)[0],
        "other_competency": other[0],
        "art_assessment": assessment,
    }


CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("development_framework",       "/development/framework/",      (302, 200, 200, 200, 200)),
    Case("development_competency_edit", "/development/framework/{competency.pk}/edit/",
                                                                        (302, 403, 403, 403, 200),
         objects=plans),
    Case("development_competency_edit (other firm)",
                                        "/development/framework/{other_competency.pk}/edit/",
                                                                        (302, 403, 403, 403, 404),
         objects=plans),
    Case("development_self_assess",     "/development/me/assess/",      (302, 200, 200, 200, 200)),
    Case("development_my_assessments",  "/development/me/assessments/", (302, 200, 200, 200, 200)),
    Case("development_my_plan",         "/development/me/plan/",        (302, 200, 200, 200, 200)),
    Case("development_assess",          "/development/people/{w.ann.pk}/assess/",
                                                                        (302, 403, 200, 403, 403)),
    Case("development_assess (other team)", "/development/people/{w.gil.pk}/assess/",
                                                                        (302, 403, 404, 403, 403)),
    Case("development_assess (other firm)", "/development/people/{w.otto.pk}/assess/",
                                                                        (302, 403, 404, 404, 403)),
    Case("development_assessments",     "/development/people/{w.ann.pk}/assessments/",
                                                                        (302, 200, 200, 200, 404)),
    Case("development_assessments (teammate)", "/development/people/{w.art.pk}/assessments/",
                                                                        (302, 404, 200, 200, 404)),
    Case("development_assessments (other team)", "/development/people/{w.gil.pk}/assessments/",
                                                                        (302, 404, 404, 200, 404)),
    Case("development_assessments (other firm)", "/development/people/{w.otto.pk}/assessments/",
                                                                        (302, 404, 404, 404, 404)),
    Case("development_plan_new",        "/development/people/{w.ann.pk}/plan/new/",
                                                                        (302, 403, 200, 403, 403)),
    Case("development_plan_new (other team)", "/development/people/{w.gil.pk}/plan/new/",
                                                                        (302, 403, 404, 403, 403)),
    Case("development_plan",            "/development/plans/{plan.pk}/",
                                                                        (302, 200, 200, 200, 404),
         objects=plans),
    Case("development_plan (teammate)", "/development/plans/{art_plan.pk}/",
                                                                        (302, 404, 200, 200, 404),
         objects=plans),
    Case("development_plan (other team)", "/development/plans/{gil_plan.pk}/",
                                                                        (302, 404, 404, 200, 404),
         objects=plans),
    Case("development_plan (other firm)", "/development/plans/{otto_plan.pk}/",
                                                                        (302, 404, 404, 404, 404),
         objects=plans),
    Case("development_plan_edit",       "/development/plans/{plan.pk}/edit/",
                                                                        (302, 403, 200, 403, 403),
         objects=plans),
    Case("development_plan_edit (other team)", "/development/plans/{gil_plan.pk}/edit/",
                                                                        (302, 403, 404, 403, 403),
         objects=plans),
    Case("development_plan_close",      "/development/plans/{plan.pk}/close/",
                                                                        (302, 403, 302, 403, 403),
         "post", objects=plans, data={"status": "completed"}),
    Case("development_plan_comment",    "/development/plans/{plan.pk}/comments/",
                                                                        (302, 302, 302, 403, 404),
         "post", objects=plans, data={"body": "On it."}),
    Case("development_plan_comment (teammate)", "/development/plans/{art_plan.pk}/comments/",
                                                                        (302, 404, 302, 403, 404),
         "post", objects=plans, data={"body": "Hello"}),
    Case("development_milestone_add",   "/development/plans/{plan.pk}/milestones/",
                                                                        (302, 403, 302, 403, 403),
         "post", objects=plans, data={"title": "Shadow a star", "due_on": "2026-12-01"}),
    Case("development_milestone_add (other team)", "/development/plans/{gil_plan.pk}/milestones/",
                                                                        (302, 403, 404, 403, 403),
         "post", objects=plans, data={"title": "Shadow a star", "due_on": "2026-12-01"}),
    Case("development_milestone_done",  "/development/milestones/{milestone.pk}/done/",
                                                                        (302, 403, 302, 403, 403),
         "post", objects=plans, data={"done": "1"}),
    Case("development_check_in_add",    "/development/plans/{plan.pk}/check-ins/",
                                                                        (302, 403, 302, 403, 403),
         "post", objects=plans, data={"held_on": "2026-11-01", "notes": "Good progress"}),
    Case("development_accountability",  "/development/team/",           (302, 403, 200, 200, 403)),
    Case("development_rollup",          "/development/leader/",         (302, 403, 403, 200, 403)),
]  # fmt: skip
