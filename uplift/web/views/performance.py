"""Capability 1 pages: the leader's dashboard, the manager's team view and a rep's own numbers.

Views parse, call the selectors in `uplift.presenters.dashboards` and render; every number and all
chart data come from there."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from uplift.debriefs import selectors as debrief_selectors
from uplift.insights.definition import can_change_performance_definition
from uplift.orgs import access
from uplift.orgs import selectors as org_selectors
from uplift.orgs.access import page_rule
from uplift.orgs.models import Person
from uplift.presenters import dashboards
from uplift.web.http import AuthedRequest, query_number, query_text
from uplift.web.tables import Footer, download, render_tables, table_view
from uplift.web.views.performance_tables import (
    excluded_table,
    gap_table,
    ranked_reps_table,
    scorecards_table,
)

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


def _not_selling(request: AuthedRequest) -> frozenset[str]:
    organisation = access.viewer_organisation(request.user)
    return org_selectors.crm_ids_not_selling(organisation=organisation)


def _leader_board(request: AuthedRequest) -> dashboards.LeaderDashboard | None:
    analysis = _analysis(request, LEADER_PARTS)
    if analysis is None:
        return None
    people = dashboards.members_visible(viewer=request.user)
    return dashboards.leader_dashboard(
        analysis=analysis, people=people, not_selling=_not_selling(request)
    )


@page_rule(access.LEADERS)
def leader_performance(request: AuthedRequest) -> HttpResponse:
    analysis = _analysis(request, LEADER_PARTS)
    context: dict[str, Any] = {
        "board": None,
        "definition": _definition(analysis),
        "may_change_definition": can_change_performance_definition(request.user),
    }
    if analysis is not None:
        people = dashboards.members_visible(viewer=request.user)
        board = dashboards.leader_dashboard(
            analysis=analysis, people=people, not_selling=_not_selling(request)
        )
        ranked = table_view(
            request, ranked_reps_table(board.metric_label, board.currency), board.reps
        )
        # The debriefs of the stars on this page of the table only: one query whatever the length.
        stars = [r.row.person_id for r in ranked.rows if r.row.segment == "star"]
        may = debrief_selectors.schedulable_star_ids(viewer=request.user)
        context |= {
            "board": board,
            "ranked_reps": ranked,
            "gap_table": table_view(request, gap_table(), board.gap_rows),
            "not_ranked": table_view(request, excluded_table(), board.excluded),
            "schedulable": {person_id: True for person_id in stars if person_id in may},
            "star_debriefs": debrief_selectors.debriefs_on_record(
                viewer=request.user, star_ids=stars
            ),
        }
    return render_tables(request, "performance/leader.html", context)


@page_rule(access.LEADERS)
def leader_performance_download(request: AuthedRequest, table: str, fmt: str) -> HttpResponse:
    """The ranked reps or the gap table as the leader sees them, every row, as CSV or XLSX."""
    board = _leader_board(request)
    if board is None:
        raise Http404("No analysis yet.")
    if table == "ranked-reps":
        return download(
            request, ranked_reps_table(board.metric_label, board.currency), board.reps, fmt
        )
    if table == "gap":
        return download(request, gap_table(), board.gap_rows, fmt)
    if table == "not-ranked":
        return download(request, excluded_table(), board.excluded, fmt)
    raise Http404("No such table on this page.")


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


def _team_board(request: AuthedRequest) -> dashboards.TeamDashboard | None:
    analysis = _analysis(request, TEAM_PARTS)
    if analysis is None:
        return None
    members = dashboards.members_visible(viewer=request.user, include_viewer=False)
    return dashboards.team_dashboard(analysis=analysis, members=members)


def _scorecard_footers(board: dashboards.TeamDashboard) -> list[Footer]:
    return [
        Footer("Team average", board.team_average, "team-average"),
        Footer("Core average (organisation)", board.core_average),
        Footer("Star benchmark (organisation)", board.star_benchmark, "star-benchmark"),
    ]


@page_rule(access.MANAGERS)
def team_performance(request: AuthedRequest) -> HttpResponse:
    board = _team_board(request)
    context: dict[str, Any] = {"board": board}
    if board is not None:
        context["scorecards"] = table_view(
            request,
            scorecards_table(board.metrics, board.currency, board.no_data),
            board.reps,
            footers=_scorecard_footers(board),
        )
    return render_tables(request, "performance/team.html", context)


@page_rule(access.MANAGERS)
def team_performance_download(request: AuthedRequest, table: str, fmt: str) -> HttpResponse:
    """The scorecards as the manager sees them, with the averages, as CSV or XLSX."""
    board = _team_board(request)
    if board is None:
        raise Http404("No analysis yet.")
    if table != "scorecards":
        raise Http404("No such table on this page.")
    definition = scorecards_table(board.metrics, board.currency, board.no_data)
    return download(request, definition, board.reps, fmt, footers=_scorecard_footers(board))


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
