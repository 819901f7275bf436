"""The future-leaders pages (leaders only): the components side by side, and one person's
evidence."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.presenters.leaders_board import (
    LeadersBoard,
    component_cards,
    leader_person,
    leaders_board,
)
from uplift.web.http import AuthedRequest, query_choice
from uplift.web.tables import download, render_tables, table_state, table_view
from uplift.web.views.leaders_tables import has_record, leaders_table

EVERYONE = "everyone"


def _board(request: AuthedRequest) -> tuple[LeadersBoard | None, list[dict[str, Any]], bool]:
    """The board sorted as the table asks, the rows the table lists (people with something
    recorded unless `?show=everyone`), and whether everyone is shown."""
    state = table_state(request, leaders_table())
    everyone = query_choice(request, "show", (EVERYONE,), default="") == EVERYONE
    board = leaders_board(viewer=request.user, sort=state.sort, descending=state.descending)
    rows = [] if board is None else [r for r in board.rows if everyone or has_record(r)]
    return board, rows, everyone


@page_rule(access.LEADERS)
def leaders(request: AuthedRequest) -> HttpResponse:
    board, rows, everyone = _board(request)
    context: dict[str, Any] = {"board": board, "everyone": everyone}
    if board is not None:
        keep = {"show": EVERYONE if everyone else None}
        context["leaders_table"] = table_view(request, leaders_table(), rows, keep=keep)
        context["nothing_recorded"] = len(board.rows) - sum(has_record(r) for r in board.rows)
    return render_tables(request, "leaders/index.html", context)


@page_rule(access.LEADERS)
def leaders_download(request: AuthedRequest, table: str, fmt: str) -> HttpResponse:
    """The components of everyone the table lists, every number behind them, as CSV or XLSX."""
    board, rows, _ = _board(request)
    if board is None or table != "leaders-table":
        raise Http404("No such table.")
    return download(request, leaders_table(), rows, fmt)


@page_rule(access.LEADERS)
def leaders_person(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id)
    evidence = leader_person(viewer=request.user, person=person)
    context = {"evidence": evidence, "components": component_cards(evidence)}
    return render(request, "leaders/person.html", context)
