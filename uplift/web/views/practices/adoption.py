"""Adopting practices: a rep's own list, a manager's team board, and the moves between stages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.practices import adoptions, habits, selectors
from uplift.practices.access import access_adoption, access_practice
from uplift.practices.services import PracticeError
from uplift.web.http import AuthedRequest, posted_id, query_id
from uplift.web.tables import download, render_tables, table_view
from uplift.web.views.practices.library import card_page
from uplift.web.views.practices.tables import adoption_table


def _back(request: AuthedRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _error(request: AuthedRequest, message: str) -> HttpResponse:
    return render(request, "practices/error.html", {"message": message}, status=400)


@require_POST
@page_rule(access.SIGNED_IN)
def practice_adopt(request: AuthedRequest, practice_id: int) -> HttpResponse:
    """Plan to adopt: for oneself, or (a manager) for a rep in their scope."""
    practice = access_practice(request.user, practice_id)
    person_id = posted_id(request.POST, "person")
    person = access.access_person(request.user, person_id) if person_id else request.user
    try:
        adoptions.adoption_start(practice=practice, person=person, actor=request.user)
    except PracticeError as error:
        return card_page(request, practice_id, error=str(error), status=400)
    messages.success(request, f"{practice.title}: planned.")
    return _back(request, f"/practices/{practice.pk}/")


@require_POST
@page_rule(access.SIGNED_IN)
def adoption_advance(request: AuthedRequest, adoption_id: int) -> HttpResponse:
    adoption = access_adoption(request.user, adoption_id)
    stage = request.POST.get("stage", "")
    try:
        adoption = adoptions.adoption_advance(
            adoption=adoption, actor=request.user, stage=stage, note=request.POST.get("note", "")
        )
    except PracticeError as error:
        return _error(request, str(error))
    messages.success(
        request,
        f"{adoption.person.full_name} · {adoption.practice.title}: "
        f"{adoption.get_stage_display().lower()}.",
    )
    return _back(request, "my_practices")


@require_POST
@page_rule(access.SIGNED_IN)
def adoption_check(request: AuthedRequest, adoption_id: int) -> HttpResponse:
    """Look at the rep's numbers: habitual when the linked behaviour moved."""
    adoption = access_adoption(request.user, adoption_id)
    try:
        result = habits.adoption_habit_check(adoption=adoption, actor=request.user)
    except PracticeError as error:
        return _error(request, str(error))
    (messages.success if result.moved else messages.info)(request, result.message)
    return _back(request, "my_practices")


@page_rule(access.SIGNED_IN)
def my_practices(request: AuthedRequest) -> HttpResponse:
    rows = [
        (a, selectors.adoption_actions(viewer=request.user, adoption=a))
        for a in selectors.my_adoptions(person=request.user)
    ]
    context = {"rows": rows, "nav_current": "my_practices"}
    return render(request, "practices/mine.html", context)


def _board(request: AuthedRequest) -> tuple[selectors.AdoptionBoard, int | None]:
    team_id = query_id(request, "team")
    team = access.access_team(request.user, team_id) if team_id is not None else None
    return selectors.adoption_board(viewer=request.user, team=team), team_id


@page_rule(access.MANAGERS)
def adoption_board(request: AuthedRequest) -> HttpResponse:
    board, team_id = _board(request)
    table = table_view(request, adoption_table(board), board.rows, keep={"team": team_id})
    context = {"board": board, "adoption": table, "nav_current": "adoption_board"}
    return render_tables(request, "practices/board.html", context)


@page_rule(access.MANAGERS)
def adoption_board_download(request: AuthedRequest, table: str, fmt: str) -> HttpResponse:
    """Each rep's stage with each approved practice, for the team chosen, as CSV or XLSX."""
    if table != "adoption-board":
        raise Http404("No such table on this page.")
    board, _ = _board(request)
    return download(request, adoption_table(board), board.rows, fmt)
