"""The library (search and filters, htmx), a card, an old version, the review queue."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import Http404, HttpResponse
from django.shortcuts import render

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.practices import selectors
from uplift.practices.access import access_practice
from uplift.practices.tags import COMPETENCY_TAGS, STAGE_TAGS
from uplift.presenters.practice_card import practice_card
from uplift.web.http import AuthedRequest, query_choice, query_id, query_text

STATUS_LABELS = {
    "approved": "Approved",
    "mine": "Mine (any status)",
    "in_review": "In review",
    "draft": "Drafts",
    "retired": "Retired",
    "all": "All",
}


def _filters(request: AuthedRequest) -> tuple[selectors.LibraryFilters, list[str]]:
    """The filters from the query string, and what was wrong with it (ignored, and said)."""
    problems: list[str] = []  # a bad filter is ignored, and the page says so
    stage = query_choice(request, "stage", STAGE_TAGS, default="", problems=problems)
    competency = query_choice(request, "competency", COMPETENCY_TAGS, default="", problems=problems)
    status = query_choice(request, "status", STATUS_LABELS, default="approved", problems=problems)
    contributor = query_id(request, "contributor", problems=problems)
    text = query_text(request, "q", problems=problems)
    filters = selectors.LibraryFilters(text, stage, competency, contributor, status)
    return filters, problems


@page_rule(access.SIGNED_IN)
def practice_library(request: AuthedRequest) -> HttpResponse:
    filters, problems = _filters(request)
    cards = list(selectors.practice_library(viewer=request.user, filters=filters))
    context = {
        "cards": cards,
        "filters": filters,
        "problems": problems,
        "stages": STAGE_TAGS,
        "competencies": COMPETENCY_TAGS,
        "statuses": STATUS_LABELS,
        "contributors": selectors.library_contributors(viewer=request.user),
        "nav_current": "practice_library",
        "to_review": selectors.review_count(viewer=request.user),
    }
    status = 400 if problems else 200
    if request.htmx and request.htmx.target == "library-results":
        return render(request, "practices/_results.html", context, status=status)
    return render(request, "practices/library.html", context, status=status)


def card_page(
    request: AuthedRequest,
    practice_id: int,
    *,
    error: str = "",
    sponsor_error: str = "",
    status: int = 200,
    kept: Mapping[str, object] | None = None,
) -> HttpResponse:
    """The card; `sponsor_error` is shown on the sponsor field of the submit form. After a
    refused comment, review or retirement, `kept` names the form (`form`) and what was typed in
    it (`text`), which the form shows again."""
    practice = access_practice(request.user, practice_id)
    card = practice_card(viewer=request.user, practice=practice)
    context = {
        "card": card,
        "p": practice,
        "error": error,
        "sponsor_error": sponsor_error,
        "kept": kept or {},
        "nav_current": "practice_library",
    }
    return render(request, "practices/card.html", context, status=status)


@page_rule(access.SIGNED_IN)
def practice_detail(request: AuthedRequest, practice_id: int) -> HttpResponse:
    return card_page(request, practice_id)


@page_rule(access.SIGNED_IN)
def practice_version(request: AuthedRequest, practice_id: int, number: int) -> HttpResponse:
    practice = access_practice(request.user, practice_id)
    version = selectors.practice_version(practice=practice, number=number)
    if version is None:
        raise Http404("No such version.")
    context = {
        "p": practice,
        "version": version,
        "diff": selectors.version_diff(version),
        "nav_current": "practice_library",
    }
    return render(request, "practices/version.html", context)


@page_rule(access.LEADERS)
def practice_review_queue(request: AuthedRequest) -> HttpResponse:
    queue = selectors.review_queue(viewer=request.user)
    context = {"queue": queue, "nav_current": "practice_review_queue"}
    return render(request, "practices/review_queue.html", context)
