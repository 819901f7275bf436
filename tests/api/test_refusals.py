"""Every refusal answers the same way: the status of its kind and one JSON body, `detail` in
words, `code` for programs, `field` the input it is about (null when none)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import timezone

from tests.conftest import World
from uplift.api.urls import api
from uplift.awards.services import CategorySpec, award_event_create
from uplift.coaching.errors import CoachingConflict, CoachingError
from uplift.core.refusals import Conflict, Invalid, NotAllowed, NotFound, Refusal
from uplift.debriefs.services import DebriefError
from uplift.development.services import DevelopmentError, PlanInput, plan_create
from uplift.insights.definition import DefinitionError
from uplift.practices.services import PracticeError, SponsorError


def _answer(error: Exception) -> tuple[int, Any]:
    response = api.on_exception(RequestFactory().post("/api/anything"), error)
    return response.status_code, json.loads(response.content)


@pytest.mark.parametrize(
    ("refusal", "status", "body"),
    [
        (
            Invalid("Say why the points are reversed.", field="reason"),
            400,
            {"detail": "Say why the points are reversed.", "code": "invalid", "field": "reason"},
        ),
        (
            NotAllowed("Only the named sponsor may approve this practice."),
            403,
            {
                "detail": "Only the named sponsor may approve this practice.",
                "code": "not_allowed",
                "field": None,
            },
        ),
        (
            NotFound("No such colleague."),
            404,
            {"detail": "No such colleague.", "code": "not_found", "field": None},
        ),
        (
            Conflict("These points were already reversed.", code="already_reversed"),
            409,
            {
                "detail": "These points were already reversed.",
                "code": "already_reversed",
                "field": None,
            },
        ),
        (
            DevelopmentError("A milestone needs a title.", field="title"),
            400,
            {"detail": "A milestone needs a title.", "code": "invalid", "field": "title"},
        ),
        (
            CoachingConflict("Attempt 1 already has a retry.", code="retry_exists"),
            409,
            {"detail": "Attempt 1 already has a retry.", "code": "retry_exists", "field": None},
        ),
    ],
)
def test_each_kind_of_refusal_answers_its_status_with_one_body(
    refusal: Refusal, status: int, body: dict[str, Any]
) -> None:
    assert _answer(refusal) == (status, body)


def test_djangos_own_403_and_404_answer_with_the_same_body() -> None:
    assert _answer(PermissionDenied("Only the rep's manager changes this plan.")) == (
        403,
        {
            "detail": "Only the rep's manager changes this plan.",
            "code": "not_allowed",
            "field": None,
        },
    )
    assert _answer(PermissionDenied()) == (
        403,
        {"detail": "Not allowed.", "code": "not_allowed", "field": None},
    )
    assert _answer(Http404()) == (404, {"detail": "Not found.", "code": "not_found", "field": None})


@pytest.mark.parametrize(
    "error", [DevelopmentError, DebriefError, CoachingError, PracticeError, DefinitionError]
)
def test_the_apps_errors_are_invalid_refusals_under_their_own_names(error: type) -> None:
    assert issubclass(error, Invalid)


def test_a_sponsor_refusal_is_a_practice_refusal_and_a_coaching_conflict_both() -> None:
    assert issubclass(SponsorError, PracticeError)
    assert issubclass(CoachingConflict, CoachingError)
    assert issubclass(CoachingConflict, Conflict)


def test_not_allowed_and_not_found_are_still_djangos_403_and_404_for_the_pages() -> None:
    assert issubclass(NotAllowed, PermissionDenied)
    assert issubclass(NotFound, Http404)
    assert str(NotAllowed("You may not edit this practice.")) == "You may not edit this practice."


def test_a_services_refusal_through_an_operation(world: World, client: Client) -> None:
    client.force_login(world.ann)
    response = client.post(
        "/api/recognition/kudos",
        {"receiver_id": world.ann.pk, "message": "Thanks"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Kudos are for someone else.", "code": "invalid", "field": "receiver"},
    )


def test_an_operations_own_refusal_and_an_access_check(world: World, client: Client) -> None:
    event = award_event_create(
        organisation=world.org,
        created_by=world.lou,
        name="Summit",
        held_on=date(2026, 6, 1),
        categories=[CategorySpec("Best coach")],
    )
    client.force_login(world.ann)
    response = client.get(f"/api/awards/events/{event.pk}/evidence/{world.otto.pk}")
    assert (response.status_code, response.json()) == (
        404,
        {"detail": "No such colleague.", "code": "not_found", "field": None},
    )
    plan = plan_create(
        rep=world.ann,
        manager=world.mia,
        data=PlanInput(goal="Shorter cycles", started_on=timezone.localdate()),
    )
    client.force_login(world.lea)  # sees Ann's plan in her region, but is not Ann's manager
    response = client.post(
        f"/api/development/plans/{plan.pk}/comments",
        {"body": "Good goal"},
        content_type="application/json",
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (response.status_code, response.json()) == (
        403,
        {
            "detail": "Only the rep and their manager comment on this plan.",
            "code": "not_allowed",
            "field": None,
        },
    )
