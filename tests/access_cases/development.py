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
from uplift.development.framework import DEFAULT_SLUGS
from uplift.development.models import Assessment, DevelopmentPlan, Milestone
from uplift.development.services import competency_framework_ensure
from uplift.orgs.models import Person


def _plan(rep: Person, manager: Person) -> DevelopmentPlan:
    assert rep.organisation is not None
    return DevelopmentPlan.objects.create(
        organisation=rep.organisation,
        rep=rep,
        manager=manager,
        goal="Better discovery",
        started_on=timezone.localdate() - timedelta(days=30),
    )


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


# A milestone due in a month: a past or far date asks to be confirmed first.
DUE = (timezone.localdate() + timedelta(days=30)).isoformat()
ASSESSMENT = {
    "kind": "manager",
    "ratings": [{"competency": slug, "level": 3} for slug in DEFAULT_SLUGS],
}
COMPETENCY = {"name": "Prospecting", "levels": ["one", "two", "three", "four", "five"]}
MILESTONE = {"title": "Shadow a star on two calls", "due_on": DUE}
API_PLANS = "/api/development/plans"

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("development_framework", "/development/framework/", (302, 200, 200, 200, 200)),
    Case("development_competency_new", "/development/framework/new/", (302, 403, 403, 403, 200)),
    Case(
        "development_competency_edit",
        "/development/framework/{competency.pk}/edit/",
        (302, 403, 403, 403, 200),
        objects=plans,
    ),
    Case(
        "development_competency_edit (other firm)",
        "/development/framework/{other_competency.pk}/edit/",
        (302, 403, 403, 403, 404),
        objects=plans,
    ),
    Case("development_self_assess", "/development/me/assess/", (302, 200, 200, 200, 200)),
    Case("development_my_assessments", "/development/me/assessments/", (302, 200, 200, 200, 200)),
    Case("development_my_plan", "/development/me/plan/", (302, 200, 200, 200, 200)),
    Case("development_assess", "/development/people/{w.ann.pk}/assess/", (302, 403, 200, 403, 403)),
    Case(
        "development_assess (other team)",
        "/development/people/{w.gil.pk}/assess/",
        (302, 403, 404, 403, 403),
    ),
    Case(
        "development_assess (other firm)",
        "/development/people/{w.otto.pk}/assess/",
        (302, 403, 404, 404, 403),
    ),
    Case(
        "development_assessments",
        "/development/people/{w.ann.pk}/assessments/",
        (302, 200, 200, 200, 404),
    ),
    Case(
        "development_assessments (teammate)",
        "/development/people/{w.art.pk}/assessments/",
        (302, 404, 200, 200, 404),
    ),
    Case(
        "development_assessments (other team)",
        "/development/people/{w.gil.pk}/assessments/",
        (302, 404, 404, 200, 404),
    ),
    Case(
        "development_assessments (other firm)",
        "/development/people/{w.otto.pk}/assessments/",
        (302, 404, 404, 404, 404),
    ),
    Case(
        "development_plan_new",
        "/development/people/{w.ann.pk}/plan/new/",
        (302, 403, 200, 403, 403),
    ),
    Case(
        "development_plan_new (other team)",
        "/development/people/{w.gil.pk}/plan/new/",
        (302, 403, 404, 403, 403),
    ),
    Case(
        "development_plan",
        "/development/plans/{plan.pk}/",
        (302, 200, 200, 200, 404),
        objects=plans,
    ),
    Case(
        "development_plan (teammate)",
        "/development/plans/{art_plan.pk}/",
        (302, 404, 200, 200, 404),
        objects=plans,
    ),
    Case(
        "development_plan (other team)",
        "/development/plans/{gil_plan.pk}/",
        (302, 404, 404, 200, 404),
        objects=plans,
    ),
    Case(
        "development_plan (other firm)",
        "/development/plans/{otto_plan.pk}/",
        (302, 404, 404, 404, 404),
        objects=plans,
    ),
    Case(
        "development_plan_edit",
        "/development/plans/{plan.pk}/edit/",
        (302, 403, 200, 403, 403),
        objects=plans,
    ),
    Case(
        "development_plan_edit (other team)",
        "/development/plans/{gil_plan.pk}/edit/",
        (302, 403, 404, 403, 403),
        objects=plans,
    ),
    Case(
        "development_plan_close",
        "/development/plans/{plan.pk}/close/",
        (302, 403, 302, 403, 403),
        "post",
        objects=plans,
        data={"status": "completed"},
    ),
    Case(
        "development_plan_comment",
        "/development/plans/{plan.pk}/comments/",
        (302, 302, 302, 403, 404),
        "post",
        objects=plans,
        data={"body": "On it."},
    ),
    Case(
        "development_plan_comment (teammate)",
        "/development/plans/{art_plan.pk}/comments/",
        (302, 404, 302, 403, 404),
        "post",
        objects=plans,
        data={"body": "Hello"},
    ),
    Case(
        "development_milestone_add",
        "/development/plans/{plan.pk}/milestones/",
        (302, 403, 302, 403, 403),
        "post",
        objects=plans,
        data={"title": "Shadow a star", "due_on": DUE},
    ),
    Case(
        "development_milestone_add (other team)",
        "/development/plans/{gil_plan.pk}/milestones/",
        (302, 403, 404, 403, 403),
        "post",
        objects=plans,
        data={"title": "Shadow a star", "due_on": DUE},
    ),
    Case(
        "development_milestone_done",
        "/development/milestones/{milestone.pk}/done/",
        (302, 403, 302, 403, 403),
        "post",
        objects=plans,
        data={"done": "1"},
    ),
    Case(
        "development_check_in_add",
        "/development/plans/{plan.pk}/check-ins/",
        (302, 403, 302, 403, 403),
        "post",
        objects=plans,
        data={"held_on": "2026-11-01", "notes": "Good progress"},
    ),
    Case("development_accountability", "/development/team/", (302, 403, 200, 200, 403)),
    Case(
        "development_accountability (bad sort)",
        "/development/team/?sort=salary",
        (302, 403, 400, 400, 403),
    ),
    Case(
        "development_accountability_download",
        "/development/team/accountability-table.csv",
        (302, 403, 200, 200, 403),
    ),
    Case(
        "development_accountability_download (XLSX)",
        "/development/team/accountability-table.xlsx",
        (302, 403, 200, 200, 403),
    ),
    Case("development_rollup", "/development/leader/", (302, 403, 403, 200, 403)),
    Case(
        "development_rollup_download",
        "/development/leader/rollup-table.csv",
        (302, 403, 403, 200, 403),
    ),
    Case(
        "development_rollup_download (XLSX)",
        "/development/leader/rollup-table.xlsx",
        (302, 403, 403, 200, 403),
    ),
    # The API: the same rules, with 401 instead of a redirect to the sign-in page.
    Case(
        "GET /api/development/competencies",
        "/api/development/competencies",
        (401, 200, 200, 200, 200),
    ),
    Case(
        "POST /api/development/competencies",
        "/api/development/competencies",
        (401, 403, 403, 403, 201),
        "post",
        data={**COMPETENCY, "slug": "product_knowledge"},
    ),
    Case(
        "PUT /api/development/competencies/{competency_id}",
        "/api/development/competencies/{competency.pk}",
        (401, 403, 403, 403, 200),
        "put",
        objects=plans,
        data=COMPETENCY,
    ),
    Case(
        "PUT /api/development/competencies/{competency_id} (other firm)",
        "/api/development/competencies/{other_competency.pk}",
        (401, 403, 403, 403, 404),
        "put",
        objects=plans,
        data=COMPETENCY,
    ),
    Case(
        "GET /api/development/people/{person_id}/assessments",
        "/api/development/people/{w.ann.pk}/assessments",
        (401, 200, 200, 200, 404),
    ),
    Case(
        "GET /api/development/people/{person_id}/assessments (teammate)",
        "/api/development/people/{w.art.pk}/assessments",
        (401, 404, 200, 200, 404),
    ),
    Case(
        "GET /api/development/people/{person_id}/assessments (other firm)",
        "/api/development/people/{w.otto.pk}/assessments",
        (401, 404, 404, 404, 404),
    ),
    Case(
        "POST /api/development/people/{person_id}/assessments",
        "/api/development/people/{w.ann.pk}/assessments",
        (401, 403, 201, 403, 404),
        "post",
        data=ASSESSMENT,
    ),
    Case(
        "POST /api/development/people/{person_id}/assessments (other team)",
        "/api/development/people/{w.gil.pk}/assessments",
        (401, 404, 404, 403, 404),
        "post",
        data=ASSESSMENT,
    ),
    Case(
        "GET /api/development/people/{person_id}/suggestions",
        "/api/development/people/{w.ann.pk}/suggestions",
        (401, 403, 200, 200, 403),
    ),
    Case(
        "GET /api/development/people/{person_id}/suggestions (other team)",
        "/api/development/people/{w.gil.pk}/suggestions",
        (401, 403, 404, 200, 403),
    ),
    Case("GET /api/development/plans", API_PLANS, (401, 200, 200, 200, 200)),
    Case(
        "POST /api/development/plans (unknown rep)",
        API_PLANS,
        (401, 403, 404, 404, 403),
        "post",
        data={"rep_id": 999999, "goal": "Better discovery"},
    ),
    Case(
        "GET /api/development/plans/{plan_id}",
        API_PLANS + "/{plan.pk}",
        (401, 200, 200, 200, 404),
        objects=plans,
    ),
    Case(
        "GET /api/development/plans/{plan_id} (teammate)",
        API_PLANS + "/{art_plan.pk}",
        (401, 404, 200, 200, 404),
        objects=plans,
    ),
    Case(
        "GET /api/development/plans/{plan_id} (other firm)",
        API_PLANS + "/{otto_plan.pk}",
        (401, 404, 404, 404, 404),
        objects=plans,
    ),
    Case(
        "POST /api/development/plans/{plan_id}/milestones",
        API_PLANS + "/{plan.pk}/milestones",
        (401, 403, 201, 403, 403),
        "post",
        objects=plans,
        data=MILESTONE,
    ),
    Case(
        "POST /api/development/plans/{plan_id}/milestones (other team)",
        API_PLANS + "/{gil_plan.pk}/milestones",
        (401, 403, 404, 403, 403),
        "post",
        objects=plans,
        data=MILESTONE,
    ),
    Case(
        "POST /api/development/plans/{plan_id}/check-ins",
        API_PLANS + "/{plan.pk}/check-ins",
        (401, 403, 201, 403, 403),
        "post",
        objects=plans,
        data={"held_on": "2026-11-01", "notes": "Good progress"},
    ),
    Case(
        "POST /api/development/plans/{plan_id}/comments",
        API_PLANS + "/{plan.pk}/comments",
        (401, 201, 201, 403, 404),
        "post",
        objects=plans,
        data={"body": "On it."},
    ),
    Case(
        "POST /api/development/plans/{plan_id}/comments (teammate)",
        API_PLANS + "/{art_plan.pk}/comments",
        (401, 404, 201, 403, 404),
        "post",
        objects=plans,
        data={"body": "Hello"},
    ),
    Case(
        "GET /api/development/accountability",
        "/api/development/accountability",
        (401, 403, 200, 200, 403),
    ),
]
