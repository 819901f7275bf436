"""The landing page of each role. Later capabilities add their panels to these pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from uplift.development.access import can_develop_rep
from uplift.development.selectors import active_plans_by_rep
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.invitations import people_awaiting_invitation, people_without_address
from uplift.orgs.models import Person, Team
from uplift.orgs.selectors import (
    jobs_recent,
    manager_chain,
    people_with_usable_password_count,
    role_counts,
    team_path,
    teams_with_headcount,
)
from uplift.presenters import dashboards
from uplift.pulse.selectors import pulse_todo
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
    context = {
        "person": me,
        "pulse": pulse_todo(person=me),
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
        "rows": [(rep, plans.get(rep.pk), can_develop_rep(me, rep)) for rep in reps],
        "reps": reps,
        "with_plan": len(plans),
        "openable_team_ids": access.team_ids_visible(me),
        "headline": headline,
        "pulse": pulse_todo(person=me),
    }
    return render(request, "web/manager_home.html", context)


@page_rule(access.LEADERS)
def leader_home(request: AuthedRequest) -> HttpResponse:
    me: Person = request.user
    teams = list(teams_with_headcount(team_ids=access.team_ids_visible(me)))
    by_parent: dict[int | None, list[Team]] = {}
    for team in teams:
        by_parent.setdefault(team.parent_id, []).append(team)
    visible = {team.pk for team in teams}
    roots = [team for team in teams if team.parent_id not in visible]
    analysis = dashboards.analysis_for_pages(
        organisation=access.viewer_organisation(me), kinds=("segments", "gap")
    )
    context = {
        "roots": roots,
        "children": by_parent,
        "role_counts": role_counts(organisation=access.viewer_organisation(me)),
        "people_in_scope": len(access.private_person_ids_visible(me)),
        "pulse": pulse_todo(person=me),
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
    organisation = access.viewer_organisation(me)
    counts = role_counts(organisation=organisation)
    context = {
        "role_counts": counts,
        "people_total": sum(counts.values()),
        "can_sign_in": people_with_usable_password_count(organisation=organisation),
        "team_count": organisation.teams.count(),
        "awaiting_invitation": people_awaiting_invitation(organisation=organisation).count(),
        "without_address": people_without_address(organisation=organisation).count(),
        "jobs": jobs_recent(organisation=organisation),
        "pulse": pulse_todo(person=me),
    }
    return render(request, "web/enablement_home.html", context)
