"""The landing page of each role: a to-do list first (`uplift.presenters.worklist` and its
module per role), then where the person stands."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from uplift.development.access import can_develop_rep
from uplift.development.selectors import active_plans_by_rep
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.head_counts import head_counts
from uplift.orgs.models import Person, Role
from uplift.orgs.selectors import (
    jobs_recent,
    manager_chain,
    people_with_usable_password_count,
    role_counts,
    team_path,
    team_tree,
    teams_with_headcount,
)
from uplift.presenters import dashboards
from uplift.presenters.worklist_admin import admin_facts, admin_worklist
from uplift.presenters.worklist_leader import leader_facts, leader_worklist
from uplift.presenters.worklist_manager import manager_facts, manager_worklist
from uplift.presenters.worklist_rep import rep_facts, rep_worklist
from uplift.web.http import AuthedRequest
from uplift.web.navigation import HOME_BY_ROLE


@page_rule(access.SIGNED_IN)
def home(request: AuthedRequest) -> HttpResponse:
    return redirect(HOME_BY_ROLE.get(request.user.role, "my_home"))


@page_rule(access.SIGNED_IN)
def my_home(request: AuthedRequest) -> HttpResponse:
    me: Person = request.user
    analysis = dashboards.analysis_for_pages(
        organisation=access.viewer_organisation(me),
        kinds=("segments", "gap", "scorecards", "trend"),
    )
    today = timezone.localdate()
    context = {
        "person": me,
        "worklist": rep_worklist(rep_facts(person=me, today=today), today=today),
        "chain": manager_chain(person=me),
        "team_path": team_path(team=me.team) if me.team else [],
        "performance": (
            dashboards.rep_dashboard(analysis=analysis, crm_user_id=me.crm_user_id)
            if analysis
            else None
        ),
    }
    return render(request, "web/my_home.html", context)


@page_rule(access.MANAGERS)
def manager_home(request: AuthedRequest) -> HttpResponse:
    me: Person = request.user
    today = timezone.localdate()
    teams = teams_with_headcount(team_ids=access.team_ids_visible(me))
    reps = list(
        access.private_people_visible(me).exclude(pk=me.pk).order_by("team__name", "full_name")
    )
    plans = active_plans_by_rep(rep_ids=[rep.pk for rep in reps])
    analysis = dashboards.analysis_for_pages(
        organisation=access.viewer_organisation(me), kinds=("segments", "gap")
    )
    people = dashboards.members_visible(viewer=me, include_viewer=False)
    headline = dashboards.headline(analysis=analysis, people=people) if analysis else None
    context = {
        "teams": teams,
        "counts": head_counts(
            people=access.private_people_visible(me).exclude(pk=me.pk), scope="in your teams"
        ),
        "rows": [(rep, plans.get(rep.pk), can_develop_rep(me, rep)) for rep in reps],
        "reps": reps,
        # Of the active reps the tile beside it counts (people who left keep their old plans).
        "with_plan": sum(1 for r in reps if r.is_active and r.role == Role.REP and r.pk in plans),
        "openable_team_ids": access.team_ids_visible(me),
        "headline": headline,
        "worklist": manager_worklist(manager_facts(person=me, today=today), today=today),
    }
    return render(request, "web/manager_home.html", context)


@page_rule(access.LEADERS)
def leader_home(request: AuthedRequest) -> HttpResponse:
    me: Person = request.user
    today = timezone.localdate()
    tree = team_tree(team_ids=access.team_ids_visible(me))
    analysis = dashboards.analysis_for_pages(
        organisation=access.viewer_organisation(me), kinds=("segments", "gap")
    )
    context = {
        "roots": tree.roots,
        "children": tree.children,
        "role_counts": role_counts(organisation=access.viewer_organisation(me)),
        "counts": head_counts(
            people=access.private_people_visible(me), scope="in your part of the organisation"
        ),
        "worklist": leader_worklist(leader_facts(person=me, today=today), today=today),
        "headline": (
            dashboards.headline(analysis=analysis, people=dashboards.members_visible(viewer=me))
            if analysis
            else None
        ),
    }
    return render(request, "web/leader_home.html", context)


@page_rule(access.ADMINS)
def enablement_home(request: AuthedRequest) -> HttpResponse:
    me: Person = request.user
    today = timezone.localdate()
    organisation = access.viewer_organisation(me)
    counts = role_counts(organisation=organisation)
    facts = admin_facts(person=me, today=today)
    context = {
        "role_counts": counts,
        "counts": head_counts(people=access.colleagues_visible(me), scope="in the organisation"),
        "can_sign_in": people_with_usable_password_count(organisation=organisation),
        "team_count": organisation.teams.count(),
        "facts": facts,
        "jobs": jobs_recent(organisation=organisation),
        "worklist": admin_worklist(facts, today=today),
    }
    return render(request, "web/enablement_home.html", context)
