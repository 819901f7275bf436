from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from uplift.audit.models import PrivateRecord
from uplift.audit.services import audit_private_view
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.selectors import team_path
from uplift.presenters.person_record import person_record
from uplift.web.http import AuthedRequest


@page_rule(access.SIGNED_IN)
def person_detail(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id)
    # The person's page shows their private scorecard: opening it is on their audit trail.
    audit_private_view(
        viewer=request.user, subject=person, record=PrivateRecord.SCORECARD, record_id=person.pk
    )
    record = person_record(viewer=request.user, person=person)
    return render(request, "web/person_detail.html", {"record": record, "person": person})


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
