"""The impact pages. Views parse, call one shaping function, render; numbers come from the
stored impact, credit and team-iq snapshots (`.boards`, `.iq`)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.practices.access import access_practice
from uplift.presenters.impact_board.boards import ImpactBoard, impact_board, practice_impact
from uplift.presenters.impact_board.iq import team_iq_board
from uplift.presenters.impact_board.loading import impact_snapshots
from uplift.web.http import AuthedRequest, query_text
from uplift.web.tables import download, render_tables, table_view
from uplift.web.views.impact.tables import coaching_table, credit_table, practices_table


def _impact_board(request: AuthedRequest) -> ImpactBoard | None:
    snapshots = impact_snapshots(organisation=access.viewer_organisation(request.user))
    if snapshots is None:
        return None
    return impact_board(snapshots=snapshots, viewer=request.user, team=query_text(request, "team"))


@page_rule(access.LEADERS)
def impact_dashboard(request: AuthedRequest) -> HttpResponse:
    board = _impact_board(request)
    context: dict[str, Any] = {"board": board}
    if board is not None:
        keep = {"team": query_text(request, "team") or None}
        context |= {
            "practices_table": table_view(request, practices_table(), board.rows, keep=keep),
            "coaching_table": table_view(request, coaching_table(), board.coaching, keep=keep),
            "credit_table": table_view(
                request, credit_table(board.horizon), board.people, keep=keep
            ),
        }
    return render_tables(request, "impact/dashboard.html", context)


@page_rule(access.LEADERS)
def impact_download(request: AuthedRequest, table: str, fmt: str) -> HttpResponse:
    """A table of the impact page, every row, as CSV or XLSX."""
    board = _impact_board(request)
    if board is None:
        raise Http404("No analysis with impact yet.")
    if table == "impact-table":
        return download(request, practices_table(), board.rows, fmt)
    if table == "coaching-table":
        return download(request, coaching_table(), board.coaching, fmt)
    if table == "credit-table":
        return download(request, credit_table(board.horizon), board.people, fmt)
    raise Http404("No such table on this page.")


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
