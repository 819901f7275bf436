"""The impact pages. Views parse, call one shaping function, render; numbers come from the
stored impact, credit and team-iq snapshots (`.boards`, `.iq`)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.practices.access import access_practice
from uplift.presenters.impact_board.boards import impact_board, practice_impact
from uplift.presenters.impact_board.iq import team_iq_board
from uplift.presenters.impact_board.loading import impact_snapshots
from uplift.web.http import AuthedRequest, query_text


@page_rule(access.LEADERS)
def impact_dashboard(request: AuthedRequest) -> HttpResponse:
    snapshots = impact_snapshots(organisation=access.viewer_organisation(request.user))
    board = None
    if snapshots is not None:
        board = impact_board(
            snapshots=snapshots, viewer=request.user, team=query_text(request, "team")
        )
    return render(request, "impact/dashboard.html", {"board": board})


@page_rule(access.SIGNED_IN)
def practice_impact_page(request: AuthedRequest, practice_id: int) -> HttpResponse:
    practice = access_practice(request.user, practice_id)
    snapshots = impact_snapshots(
        organisation=access.viewer_organisation(request.user), kinds=("impact", "credit", "summary")
    )
    view = None if snapshots is None else practice_impact(snapshots=snapshots, practice=practice)
    return render(request, "impact/practice.html", {"practice": practice, "view": view})


def _iq_context(request: AuthedRequest) -> dict[str, object]:
    snapshots = impact_snapshots(
        organisation=access.viewer_organisation(request.user), kinds=("team-iq", "summary")
    )
    board = team_iq_board(
        document=snapshots.documents.team_iq if snapshots is not None else None,
        as_of=snapshots.as_of if snapshots is not None else None,
        viewer=request.user,
        team=query_text(request, "team"),
    )
    if board is None:
        raise Http404("No such team in your scope.")
    return board


@page_rule(access.MANAGERS)
def team_iq_page(request: AuthedRequest) -> HttpResponse:
    return render(request, "impact/team_iq.html", _iq_context(request))


@page_rule(access.MANAGERS)
def team_iq_fragment(request: AuthedRequest) -> HttpResponse:
    """One team's Sales IQ and gap closure (an htmx fragment for the team selector)."""
    return render(request, "impact/_iq.html", _iq_context(request))
