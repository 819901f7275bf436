"""Capability 1 pages: the leader's dashboard, the manager's team view and a rep's own numbers.

Views parse, call the selectors in `uplift.presenters.dashboards` and render; every number and all
chart data come from there."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from uplift.debriefs import selectors as debrief_selectors
from uplift.debriefs.models import Debrief
from uplift.insights.definition import can_change_performance_definition
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Person
from uplift.presenters import dashboards
from uplift.web.http import AuthedRequest, query_number, query_text

LEADER_PARTS = ("segments", "gap", "trend")
TEAM_PARTS = ("segments", "gap", "scorecards")
REP_PARTS = ("segments", "gap", "scorecards", "trend")


def _analysis(request: AuthedRequest, kinds: tuple[str, ...]) -> dashboards.Analysis | None:
    organisation = access.viewer_organisation(request.user)
    return dashboards.analysis_for_pages(organisation=organisation, kinds=kinds)


def _definition(analysis: dashboards.Analysis | None) -> dict[str, Any] | None:
    """The definition the stars were made with, as the page shows it."""
    definition = analysis.segments.definition if analysis else None
    return definition.to_dict() if definition else None


@page_rule(access.LEADERS)
def leader_performance(request: AuthedRequest) -> HttpResponse:
    analysis = _analysis(request, LEADER_PARTS)
    board = None
    schedulable: dict[int, bool] = {}
    debriefs: dict[int, Debrief] = {}
    if analysis is not None:
        people = dashboards.members_visible(viewer=request.user)
        board = dashboards.leader_dashboard(analysis=analysis, people=people)
        stars = [r.person_id for r in board.reps if r.segment == "star" and r.person_id]
        may = debrief_selectors.schedulable_star_ids(viewer=request.user)
        schedulable = {person_id: True for person_id in stars if person_id in may}
        debriefs = debrief_selectors.debriefs_on_record(viewer=request.user, star_ids=stars)
    context = {
        "board": board,
        "schedulable": schedulable,
        "star_debriefs": debriefs,
        "definition": _definition(analysis),
        "may_change_definition": can_change_performance_definition(request.user),
    }
    return render(request, "performance/leader.html", context)


@page_rule(access.LEADERS)
def leader_opportunity(request: AuthedRequest) -> HttpResponse:
    """The calculator's value for the close fraction on the slider (an htmx fragment)."""
    analysis = _analysis(request, ("gap",))
    if analysis is None:
        return render(request, "performance/_opportunity.html", {"value": None})
    opportunity = analysis.gap.opportunity
    fraction = query_number(request, "close_fraction")  # kept on the slider's range below
    if fraction is None:
        fraction = float(opportunity.close_fraction)
    value = dashboards.opportunity_at(
        opportunity=opportunity, close_fraction=dashboards.clamp_fraction(fraction)
    )
    return render(request, "performance/_opportunity.html", {"value": value})


@page_rule(access.LEADERS)
def leader_trend(request: AuthedRequest) -> HttpResponse:
    """The gap month by month for one team or everyone (an htmx fragment)."""
    analysis = _analysis(request, ("segments", "trend"))
    if analysis is None:
        return render(request, "performance/_trend.html", {"trend": None})
    people = dashboards.members_visible(viewer=request.user)
    team = query_text(request, "team", default=dashboards.ALL_TEAMS)
    trend = dashboards.trend_for_viewer(analysis=analysis, people=people, team=team)
    if trend is None:
        raise Http404("No such team in your scope.")
    return render(request, "performance/_trend.html", {"trend": trend})


@page_rule(access.MANAGERS)
def team_performance(request: AuthedRequest) -> HttpResponse:
    analysis = _analysis(request, TEAM_PARTS)
    board = None
    if analysis is not None:
        members = dashboards.members_visible(viewer=request.user, include_viewer=False)
        board = dashboards.team_dashboard(analysis=analysis, members=members)
    return render(request, "performance/team.html", {"board": board})


def _rep_page(request: AuthedRequest, subject: Person) -> HttpResponse:
    analysis = _analysis(request, REP_PARTS)
    board = None
    if analysis is not None:
        board = dashboards.rep_dashboard(analysis=analysis, crm_user_id=subject.crm_user_id)
    context = {"board": board, "subject": subject, "is_me": subject.pk == request.user.pk}
    return render(request, "performance/rep.html", context)


@page_rule(access.SIGNED_IN)
def my_performance(request: AuthedRequest) -> HttpResponse:
    return _rep_page(request, request.user)


@page_rule(access.SIGNED_IN)
def person_performance(request: AuthedRequest, person_id: int) -> HttpResponse:
    return _rep_page(request, access.access_person(request.user, person_id))
