"""The future-leaders pages (leaders only): the components side by side, and one person's
evidence."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.presenters.leaders_board import (
    SORTS,
    component_cards,
    leader_person,
    leaders_board,
)
from uplift.web.http import AuthedRequest, query_choice

SORT_COLUMNS = (
    ("name", "Person", ""),
    ("contribution", "Contribution", "shared / approved"),
    ("help", "Help", "given · thanked"),
    ("network", "Network", "in · PageRank · between"),
    ("reach", "Reach", "adopters"),
    ("impact", "Impact", "positive / measured"),
    ("score", "Score", "sort key"),
)


@page_rule(access.LEADERS)
def leaders(request: AuthedRequest) -> HttpResponse:
    sort = query_choice(request, "sort", SORTS, default="score")
    default_direction = "desc" if sort != "name" else "asc"
    descending = query_choice(request, "dir", ("asc", "desc"), default=default_direction) == "desc"
    board = leaders_board(viewer=request.user, sort=sort, descending=descending)
    template = "leaders/_table.html" if request.htmx else "leaders/index.html"
    return render(request, template, {"board": board, "sort_columns": SORT_COLUMNS})


@page_rule(access.LEADERS)
def leaders_person(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id)
    evidence = leader_person(viewer=request.user, person=person)
    context = {"evidence": evidence, "components": component_cards(evidence)}
    return render(request, "leaders/person.html", context)
