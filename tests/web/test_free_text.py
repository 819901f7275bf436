"""Free text (kudos, comments, practice cards, names…) with a NUL or made only of invisible
characters is refused wherever it is accepted: every page form and every API body or query."""

from __future__ import annotations

import importlib
import pkgutil
import typing
from typing import Any

import pydantic
import pytest
from django import forms
from django.test import Client

import uplift.web.views
from tests.coaching.builders import scenario, scored_roleplay
from tests.conftest import World
from tests.recognition.helpers import practice_make
from tests.test_access_matrix import api_operations
from uplift.api.schemas import InputSchema, free_text
from uplift.core.text import free_text_problem
from uplift.practices.models import Practice, PracticeComment
from uplift.recognition.models import Kudos
from uplift.web.forms import SignInForm
from uplift.web.text_forms import FreeTextForm
from uplift.web.views.recognition_forms import KudosForm

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200b\u200c\u200d",  # and the zero-width non-joiner and joiner
    "\ufeff\ufeff\ufeff",  # byte-order marks
    " \u2060 \u00ad ",  # word joiner, soft hyphen, spaces
    "\u3164\u3164\u3164",  # Hangul filler
    "\u2800\u2800\u2800",  # Braille blank
    "\u202e\u202d\u200e",  # direction marks
    "\t\n\u00a0\u2003",  # whitespace of every kind
]
VISIBLE = ["Thanks!", "a\u200bb", "👍", "é", "Merci\ufeff", "٣"]


@pytest.mark.parametrize("text", INVISIBLE)
def test_text_of_invisible_characters_only_is_refused(text: str) -> None:
    assert free_text_problem(text) == (
        "holds only invisible characters (spaces, zero-width characters and the like)"
    )


@pytest.mark.parametrize("text", ["\x00", "Thanks\x00", "\x00\x00\x00"])
def test_a_nul_anywhere_is_refused(text: str) -> None:
    assert free_text_problem(text) == "must not contain NUL characters"


@pytest.mark.parametrize("text", ["", *VISIBLE])
def test_visible_text_and_the_empty_text_pass(text: str) -> None:
    assert free_text_problem(text) is None


# --- Every form and every API input applies the rule ---------------------------------------


def _page_forms() -> set[type[forms.Form]]:
    for module in pkgutil.walk_packages(uplift.web.views.__path__, "uplift.web.views."):
        importlib.import_module(module.name)
    found: set[type[forms.Form]] = set()
    pending: list[type[forms.Form]] = [forms.Form]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("uplift.web.views"):
                found.add(sub)
    return found


def test_every_form_of_the_pages_applies_the_free_text_rule() -> None:
    found = _page_forms()
    assert KudosForm in found
    assert SignInForm not in found  # a password is not stored text, and may hold any character
    assert sorted(f.__qualname__ for f in found if not issubclass(f, FreeTextForm)) == []


def _models(annotation: Any) -> typing.Iterator[type[pydantic.BaseModel]]:
    if typing.get_origin(annotation) is not None:
        for argument in typing.get_args(annotation):
            yield from _models(argument)
    elif isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation)


def _bare_text(annotation: Any, metadata: list[Any]) -> bool:
    """Whether a parameter takes text without the free-text rule (uplift.api.schemas.Text)."""
    if any(getattr(m, "func", None) is free_text for m in metadata):
        return False
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _bare_text(base, extra)
    if typing.get_origin(annotation) is not None:
        return any(_bare_text(argument, []) for argument in typing.get_args(annotation))
    return annotation is str


def test_every_api_body_and_query_schema_applies_the_free_text_rule() -> None:
    found: set[type[pydantic.BaseModel]] = set()
    bare = []
    for method, path, operation in api_operations():
        for params in operation.models:  # ninja's own wrappers: path, query, body
            for name, field in params.model_fields.items():
                found.update(m for m in _models(field.annotation) if m.__module__[:7] == "uplift.")
                if _bare_text(field.annotation, field.metadata):
                    bare.append(f"{method} {path} {name}")
    assert len(found) > 30
    assert sorted(m.__qualname__ for m in found if not issubclass(m, InputSchema)) == []
    assert bare == []


@pytest.mark.parametrize("text", [INVISIBLE[1], "Thanks\x00"])
def test_a_form_refuses_the_text(world: World, text: str) -> None:
    form = KudosForm(
        {"receiver": world.art.pk, "reason": "general", "message": text}, viewer=world.ann
    )
    assert not form.is_valid()
    assert "This text " in str(form.errors["message"])


# --- End to end ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [INVISIBLE[1], "Thanks \x00 Art"])
def test_kudos_of_invisible_text_or_with_a_nul_are_not_stored(
    client: Client, world: World, text: str
) -> None:
    client.force_login(world.ann)
    body = {"receiver": world.art.pk, "reason": "general", "message": text}
    page = client.post("/recognition/kudos/", body, headers={"HX-Request": "true"})
    assert page.status_code == 400
    api = client.post(
        "/api/recognition/kudos",
        {"receiver_id": world.art.pk, "message": text},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert "This value " in api.text
    assert not Kudos.objects.exists()


def test_a_practice_titled_with_zero_width_spaces_is_not_stored(
    client: Client, world: World
) -> None:
    client.force_login(world.ann)
    body = {"title": "\u200b\u200b\u200b\u200b", "problem": "Deals stall"}
    assert client.post("/practices/new/", body).status_code in (200, 400)
    response = client.post("/api/practices", body, content_type="application/json")
    assert response.status_code == 422
    assert not Practice.objects.exists()


def test_api_text_is_trimmed_like_the_forms_do(client: Client, world: World) -> None:
    client.force_login(world.ann)
    created = client.post(
        "/api/practices",
        {"title": "  Multi-thread early  ", "problem": "   "},
        content_type="application/json",
    ).json()
    assert (created["title"], created["problem"]) == ("Multi-thread early", "")


def test_an_api_query_refuses_the_text(client: Client, world: World) -> None:
    client.force_login(world.ann)
    assert client.get("/api/practices", {"q": "\u200b"}).status_code == 422
    assert client.get("/api/practices", {"contributor": "9" * 25}).status_code == 422


def test_a_comment_posted_without_a_form_follows_the_rule_too(client: Client, world: World) -> None:
    practice = practice_make(author=world.art, title="Multi-thread early")
    client.force_login(world.ann)
    response = client.post(f"/practices/{practice.pk}/comments/", {"body": INVISIBLE[1]})
    assert response.status_code == 400
    assert "body: this text holds only invisible characters" in response.text
    assert not PracticeComment.objects.exists()
    client.post(f"/practices/{practice.pk}/comments/", {"body": "Which CRM field?"})
    assert PracticeComment.objects.get().body == "Which CRM field?"


@pytest.mark.parametrize("parent", ["²", "9" * 30, "-1", "x"])
def test_a_posted_comment_parent_that_is_not_an_id_is_refused_not_a_server_error(
    client: Client, world: World, parent: str
) -> None:
    practice = practice_make(author=world.art, title="Multi-thread early")
    client.force_login(world.ann)
    response = client.post(
        f"/practices/{practice.pk}/comments/", {"body": "Which CRM field?", "parent": parent}
    )
    assert response.status_code == 400
    assert "That comment no longer exists." in response.text


def test_posted_numbers_that_are_not_ascii_digits_are_not_server_errors(
    client: Client, world: World
) -> None:
    practice = practice_make(author=world.art, title="Multi-thread early")
    client.force_login(world.ann)
    adopted = client.post(f"/practices/{practice.pk}/adopt/", {"person": "²"})
    assert adopted.status_code == 302  # read as no one named: Ann adopts it herself
    assert practice.adoptions.get().person == world.ann
    s = scenario(world.ada)
    roleplay = scored_roleplay(s, world.ann, world.mia, {world.mia: [2, 2, 2]}, partner=world.art)
    client.force_login(world.art)
    items = list(s.rubric_items.all())
    scores = {f"score-{i.pk}": v for i, v in zip(items, ["²", "3", "3"], strict=True)}
    response = client.post(f"/coaching/role-plays/{roleplay.pk}/score/", scores)
    assert response.status_code == 400  # the missing score is named by the service
