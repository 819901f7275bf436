"""A service's refusal lands on the form that asked: on its field when the form has one, on the
form otherwise; refusals that are not input to correct go on to Django's 403 and 404."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from uplift.awards.services import CategorySpec, award_event_create
from uplift.core.refusals import Conflict, Invalid, NotAllowed, NotFound, Refusal
from uplift.development.services import DevelopmentError
from uplift.web.refusals import form_add_refusal, refusals_to_form


class NoteForm(forms.Form):
    title = forms.CharField()
    body = forms.CharField(required=False)


def _form() -> NoteForm:
    form = NoteForm({"title": "Call plan", "body": ""})
    assert form.is_valid()
    return form


def test_a_refusal_about_a_field_of_the_form_is_shown_on_that_field() -> None:
    form = _form()
    form_add_refusal(form, Invalid("A title has at most 20 characters.", field="title"))
    assert form.errors == {"title": ["A title has at most 20 characters."]}


@pytest.mark.parametrize("field", [None, "reason"])
def test_any_other_refusal_is_shown_on_the_form(field: str | None) -> None:
    form = _form()
    form_add_refusal(form, Conflict("This plan is already closed.", field=field))
    assert form.errors == {"__all__": ["This plan is already closed."]}
    assert form.non_field_errors() == ["This plan is already closed."]


def test_the_block_stops_at_the_refusal_and_the_page_goes_on() -> None:
    form = _form()
    reached = []
    with refusals_to_form(form):
        raise DevelopmentError("Write what you went through at the check-in.", field="body")
        reached.append("after")
    assert not reached
    assert form.errors == {"body": ["Write what you went through at the check-in."]}


def test_without_a_refusal_the_block_runs_as_written() -> None:
    form = _form()
    reached = []
    with refusals_to_form(form):
        reached.append("saved")
    assert reached == ["saved"]
    assert form.errors == {}


@pytest.mark.parametrize(
    ("error", "django_error"),
    [
        (NotAllowed("Only the rep's manager makes their plan."), PermissionDenied),
        (NotFound("No such version."), Http404),
    ],
)
def test_a_refusal_that_is_not_input_to_correct_goes_on_to_django(
    error: Refusal, django_error: type[Exception]
) -> None:
    form = _form()
    with pytest.raises(django_error), refusals_to_form(form):
        raise error
    assert form.errors == {}


def test_other_errors_are_not_refusals() -> None:
    form = _form()
    with pytest.raises(ValueError, match="a bug"), refusals_to_form(form):
        raise ValueError("a bug")
    assert form.errors == {}


def test_a_page_shows_the_services_refusal_on_the_field_it_names(
    world: World, client: Client
) -> None:
    award_event_create(
        organisation=world.org,
        created_by=world.lou,
        name="Summit",
        held_on=date(2026, 6, 1),
        categories=[CategorySpec("Best coach")],
    )
    client.force_login(world.lou)
    response = client.post(
        "/awards/",
        {
            "name": "summit",
            "held_on": (timezone.localdate() + timedelta(days=30)).isoformat(),  # not in the past
            "categories": "Best mentor",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "name": ["There is already an event called “summit”."]
    }
    assert "There is already an event called “summit”." in response.content.decode()
