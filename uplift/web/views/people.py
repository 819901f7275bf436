from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from uplift.coaching.access import can_coach_person
from uplift.coaching.selectors.sessions import sessions_of
from uplift.development.access import can_develop_rep
from uplift.development.selectors import plan_current, plan_next_milestones
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.selectors import manager_chain, team_path
from uplift.practices.selectors import adoptions_of
from uplift.web.http import AuthedRequest


@page_rule(access.SIGNED_IN)
def person_detail(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id)
    plan = plan_current(rep=person)
    session_count, sessions = sessions_of(rep=person)
    context = {
        "person": person,
        "plan": plan,
        "milestones": plan_next_milestones(plan=plan) if plan else [],
        "may_start_plan": plan is None and can_develop_rep(request.user, person),
        "may_coach": person.pk != request.user.pk and can_coach_person(request.user, person),
        "session_count": session_count,
        "sessions": sessions,
        "adoptions": list(adoptions_of(person=person)),
        "chain": manager_chain(person=person),
        "team_path": team_path(team=person.team) if person.team else [],
        "reports": access.private_people_visible(request.user).filter(manager=person),
    }
    return render(request, "web/person_detail.html", context)


@page_rule(access.MANAGERS)
def team_detail(request: AuthedRequest, team_id: int) -> HttpResponse:
    team = access.access_team(request.user, team_id)
    members = team.members.filter(is_active=True).select_related("manager").order_by("full_name")
    context = {
        "team": team,
        "path": team_path(team=team),
        "openable_team_ids": access.team_ids_visible(request.user),
        "members": members,
        "subteams": team.children.select_related("manager").order_by("name"),
    }
    return render(request, "web/team_detail.html", context)
