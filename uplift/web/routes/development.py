"""Pages for competencies, assessments, development plans and accountability."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.tables import download_path
from uplift.web.views.development import accountability, assessments, framework, items, plans

urlpatterns: list[URLPattern] = [
    path("development/framework/", framework.development_framework, name="development_framework"),
    path(
        "development/framework/new/",
        framework.development_competency_new,
        name="development_competency_new",
    ),
    path(
        "development/framework/<int:competency_id>/edit/",
        framework.development_competency_edit,
        name="development_competency_edit",
    ),
    path(
        "development/me/assess/",
        assessments.development_self_assess,
        name="development_self_assess",
    ),
    path(
        "development/me/assessments/",
        assessments.development_my_assessments,
        name="development_my_assessments",
    ),
    path("development/me/plan/", plans.development_my_plan, name="development_my_plan"),
    path(
        "development/people/<int:person_id>/assess/",
        assessments.development_assess,
        name="development_assess",
    ),
    path(
        "development/people/<int:person_id>/assessments/",
        assessments.development_assessments,
        name="development_assessments",
    ),
    path(
        "development/people/<int:person_id>/plan/new/",
        plans.development_plan_new,
        name="development_plan_new",
    ),
    path("development/plans/<int:plan_id>/", plans.development_plan, name="development_plan"),
    path(
        "development/plans/<int:plan_id>/edit/",
        plans.development_plan_edit,
        name="development_plan_edit",
    ),
    path(
        "development/plans/<int:plan_id>/close/",
        plans.development_plan_close,
        name="development_plan_close",
    ),
    path(
        "development/plans/<int:plan_id>/comments/",
        items.development_plan_comment,
        name="development_plan_comment",
    ),
    path(
        "development/plans/<int:plan_id>/milestones/",
        items.development_milestone_add,
        name="development_milestone_add",
    ),
    path(
        "development/milestones/<int:milestone_id>/done/",
        items.development_milestone_done,
        name="development_milestone_done",
    ),
    path(
        "development/plans/<int:plan_id>/check-ins/",
        items.development_check_in_add,
        name="development_check_in_add",
    ),
    path(
        "development/team/",
        accountability.development_accountability,
        name="development_accountability",
    ),
    download_path(
        "development/team/",
        accountability.development_accountability_download,
        "development_accountability_download",
    ),
    path("development/leader/", accountability.development_rollup, name="development_rollup"),
    download_path(
        "development/leader/",
        accountability.development_rollup_download,
        "development_rollup_download",
    ),
]

nav_items: tuple[NavItem, ...] = (
    NavItem(
        "My plan",
        "development_my_plan",
        "signpost-2",
        frozenset({Role.REP}),
        30,
        "development",
    ),
    NavItem(
        "Development plans",
        "development_accountability",
        "clipboard-check",
        frozenset({Role.MANAGER}),
        30,
        "development",
    ),
    NavItem(
        "Development plans",
        "development_rollup",
        "clipboard-data",
        frozenset({Role.LEADER}),
        30,
        "development",
    ),
    NavItem(
        "Competencies",
        "development_framework",
        "ui-checks-grid",
        frozenset({Role.ADMIN}),
        20,
        "development",
    ),
)
