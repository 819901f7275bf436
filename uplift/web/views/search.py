"""Finding things: the global search (people, practices, scenarios, coaching sessions, debriefs,
each only among what the viewer may see), the people directory, and the people pickers'
type-ahead."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.directory import directory_search, directory_teams, people_matching
from uplift.orgs.models import Role
from uplift.presenters.search import LIMIT, MIN_LENGTH, search_everything
from uplift.web.http import AuthedRequest, query_choice, query_id, query_number, query_text
from uplift.web.pickers import SCOPES

LIVE_LIMIT = 4  # per kind, in the live results under the top bar's search box
HEADER_RESULTS = "topbar-search-results"
PICK_LIMIT = 12
DIRECTORY_PAGE = 50


@page_rule(access.SIGNED_IN)
def search(request: AuthedRequest) -> HttpResponse:
    """GET ?q=: the results grouped by kind; htmx asks for the results alone as one types."""
    text = query_text(request, "q", max_length=100)
    live = bool(request.htmx) and request.htmx.target == HEADER_RESULTS
    results = search_everything(viewer=request.user, text=text, limit=LIVE_LIMIT if live else LIMIT)
    context = {"results": results, "text": text, "min_length": MIN_LENGTH, "live": live}
    if request.htmx:
        return render(request, "search/_results.html", context)
    return render(request, "search/page.html", context)


@page_rule(access.SIGNED_IN)
def people_directory(request: AuthedRequest) -> HttpResponse:
    """Everyone active in the organisation, searchable, with their team and role (no private
    data: a person's own page opens only for those who may see it)."""
    me = request.user
    text = query_text(request, "q", max_length=100)
    team_id = query_id(request, "team")
    role = query_choice(request, "role", Role.values, default="")
    page_number = int(query_number(request, "page", low=1, high=10_000) or 1)
    found = directory_search(viewer=me, text=text, team_id=team_id, role=role)
    page = Paginator(found, DIRECTORY_PAGE).get_page(page_number)
    private = access.private_person_ids_visible(me)
    context = {
        "page": page,
        "text": text,
        "team_id": team_id,
        "role": role,
        "roles": Role.choices,
        "teams": directory_teams(viewer=me),
        "private": private,
    }
    template = "search/_directory_rows.html" if request.htmx else "search/directory.html"
    return render(request, template, context)


@page_rule(access.SIGNED_IN)
def people_pick(request: AuthedRequest) -> HttpResponse:
    """The type-ahead of a people picker: up to PICK_LIMIT people of the field's scope who
    match, with team and role beside each name."""
    scope = query_choice(request, "scope", SCOPES, default="colleagues")
    text = query_text(request, "q", max_length=100)
    found = list(people_matching(SCOPES[scope](request.user), text)[: PICK_LIMIT + 1])
    context = {"people": found[:PICK_LIMIT], "more": len(found) > PICK_LIMIT, "text": text}
    return render(request, "search/_pick_results.html", context)
