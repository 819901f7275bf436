"""A practice card's content fields are declared once (`uplift.practices.card_fields`): every
part that stores, edits, answers, versions, compares, searches or shows a card covers each
declared field. A field added to the declaration and forgotten anywhere fails here, by name."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.db import connection, models
from django.test import Client

from tests.conftest import World
from tests.debriefs.builders import debrief_with, world_profiles
from uplift.api.urls import api
from uplift.debriefs.services import debrief_practice_create
from uplift.practices import search, search_index
from uplift.practices.card_fields import (
    CARD_FIELD_NAMES,
    CARD_FIELDS,
    SECTION_FIELDS,
    CardContent,
    CardField,
    FieldKind,
)
from uplift.practices.models import CardColumns, Practice, PracticeVersion
from uplift.practices.search import practice_text_filter
from uplift.practices.selectors import FIELD_LABELS, version_diff
from uplift.practices.services import (
    practice_approve,
    practice_draft_create,
    practice_submit,
    practice_update,
)
from uplift.web.views.debriefs_forms import PracticeDraftForm
from uplift.web.views.practices.forms import PracticeForm, initial_from

FIELD_NAMES = [field.name for field in CARD_FIELDS]


def _marker(field: CardField, turn: str = "first") -> str:
    """A word found nowhere else on the page or in the index: `zq<field><turn>`."""
    return f"zq{field.name.replace('_', '')}{turn}"


def _own_slugs(field: CardField) -> list[str]:
    """The slugs of the field's vocabulary that no other tag field has."""
    others = {slug for f in CARD_FIELDS if f.is_tags and f != field for slug in f.vocabulary}
    return [slug for slug in field.vocabulary if slug not in others]


def _content(turn: str = "first") -> CardContent:
    """A card whose every field holds something of its own: a marker word in each text, the
    first (or, in the second turn, the last) slug only its tag field has."""
    values: dict[str, Any] = {}
    for field in CARD_FIELDS:
        if field.is_tags:
            slugs = _own_slugs(field)
            values[field.name] = [slugs[0] if turn == "first" else slugs[-1]]
        else:
            values[field.name] = f"Card {_marker(field, turn)} words"
    return CardContent.from_mapping(values)


def _card(world: World) -> Practice:
    return practice_draft_create(organisation=world.org, author=world.ann, content=_content())


def test_each_declared_field_is_named_once_and_described() -> None:
    assert len(set(FIELD_NAMES)) == len(FIELD_NAMES)
    assert tuple(FIELD_NAMES) == CARD_FIELD_NAMES
    assert [f.name for f in CARD_FIELDS if f.required] == ["title"]
    for field in CARD_FIELDS:
        assert field.label, field.name
        if field.is_tags:
            assert field.tag_noun, field.name
            assert field.tag_param, field.name
            assert len(_own_slugs(field)) >= 2, field.name  # so each tag field is told apart


def test_the_card_and_each_version_store_every_declared_field_and_nothing_else() -> None:
    columns = [f.name for f in CardColumns._meta.get_fields()]
    assert columns == FIELD_NAMES  # a column without a declaration is not content either
    for model in (Practice, PracticeVersion):
        for field in CARD_FIELDS:
            column = model._meta.get_field(field.name)
            expected: type[models.Field[Any, Any]] = {
                FieldKind.TEXT: models.CharField,
                FieldKind.LONG_TEXT: models.TextField,
                FieldKind.TAGS: models.JSONField,
            }[field.kind]
            assert isinstance(column, expected), f"{model.__name__}.{field.name}"
            if field.kind == FieldKind.TEXT:
                assert column.max_length == field.max_length


@pytest.mark.parametrize("form", [PracticeForm, PracticeDraftForm])
def test_the_forms_take_every_declared_field_first(form: type[forms.Form]) -> None:
    names = list(form.base_fields)
    assert names[: len(FIELD_NAMES)] == FIELD_NAMES
    for field in CARD_FIELDS:
        form_field = form.base_fields[field.name]
        assert form_field.label == field.label
        assert form_field.required == field.required
        if field.is_tags:
            assert isinstance(form_field, forms.MultipleChoiceField)
            assert list(form_field.choices) == list(field.vocabulary.items())
        else:
            assert isinstance(form_field, forms.CharField)


def test_the_edit_form_starts_from_every_field_of_the_card(world: World) -> None:
    card = _card(world)
    initial = initial_from(card, [])
    assert {name: initial[name] for name in FIELD_NAMES} == _content().values()


def _properties(schema: str) -> dict[str, Any]:
    document = api.get_openapi_schema()
    return dict(document["components"]["schemas"][schema]["properties"])


def _required(schema: str) -> set[str]:
    document = api.get_openapi_schema()
    return set(document["components"]["schemas"][schema].get("required", []))


def _is_type(prop: dict[str, Any], field: CardField) -> bool:
    options = prop.get("anyOf", [prop])
    if field.is_tags:
        return any(o.get("type") == "array" and o["items"] == {"type": "string"} for o in options)
    return any(o.get("type") == "string" for o in options)


@pytest.mark.parametrize(
    ("schema", "fields"),
    [
        ("PracticeOut", [f for f in CARD_FIELDS if f.summary]),
        ("PracticeDetailOut", CARD_FIELDS),
        ("PracticeIn", CARD_FIELDS),
        ("PracticeUpdateIn", CARD_FIELDS),
        ("PracticeDraftIn", CARD_FIELDS),
    ],
)
def test_the_api_documents_every_declared_field(schema: str, fields: tuple[CardField, ...]) -> None:
    properties = _properties(schema)
    for field in fields:
        assert field.name in properties, f"{schema} lacks {field.name}"
        assert _is_type(properties[field.name], field), f"{schema}.{field.name}"
    required = _required(schema) & set(FIELD_NAMES)
    if schema.endswith("Out"):
        assert required == {f.name for f in fields}  # every answer has them all
    elif schema == "PracticeUpdateIn":
        assert required == set()  # an edit sends what changes
    else:
        assert required == {f.name for f in CARD_FIELDS if f.required}


def test_the_api_takes_and_answers_every_declared_field(client: Client, world: World) -> None:
    client.force_login(world.ann)
    sent = _content().values()
    created = client.post("/api/practices", sent, content_type="application/json")
    assert created.status_code == 201
    assert {name: created.json()[name] for name in FIELD_NAMES} == sent
    changes = _content("second").values()
    card = created.json()["id"]
    edited = client.patch(f"/api/practices/{card}", changes, content_type="application/json")
    assert {name: edited.json()[name] for name in FIELD_NAMES} == changes


def test_a_version_keeps_and_compares_every_declared_field(world: World) -> None:
    card = _card(world)
    practice_submit(practice=card, actor=world.ann, sponsor=world.lou)
    practice_approve(practice=card, actor=world.lou)
    second = _content("second").values()
    practice_update(practice=card, actor=world.ann, changes=second, summary="Everything")
    first_version, second_version = card.versions.order_by("number")
    for field in CARD_FIELDS:
        assert getattr(first_version, field.name) == _content().values()[field.name]
        assert getattr(second_version, field.name) == second[field.name]
    assert second_version.changed_fields == FIELD_NAMES
    assert [diff.label for diff in version_diff(second_version)] == [f.label for f in CARD_FIELDS]
    assert all(FIELD_LABELS[name] for name in FIELD_NAMES)


def test_the_card_and_version_pages_show_every_declared_field(client: Client, world: World) -> None:
    card = _card(world)
    practice_submit(practice=card, actor=world.ann, sponsor=world.lou)
    practice_approve(practice=card, actor=world.lou)
    client.force_login(world.bob)
    page = client.get(f"/practices/{card.pk}/").content.decode()
    version = client.get(f"/practices/{card.pk}/versions/1/").content.decode()
    for field in CARD_FIELDS:
        if field.is_tags:
            slug = getattr(card, field.name)[0]
            assert f"?{field.tag_param}={slug}" in page, field.name
            assert field.tag_label(slug) in page, field.name
        else:
            assert _marker(field) in page, field.name
            assert _marker(field) in version, field.name
    for field in SECTION_FIELDS:
        assert field.label in page, field.name
        assert field.label in version, field.name


def test_an_empty_section_says_so_or_stays_out(client: Client, world: World) -> None:
    card = practice_draft_create(
        organisation=world.org, author=world.ann, content=CardContent(title="Only a title")
    )
    client.force_login(world.ann)
    page = client.get(f"/practices/{card.pk}/").content.decode()
    for field in SECTION_FIELDS:
        if field.empty:
            assert field.label in page, field.name
            assert field.empty in page, field.name
        else:
            assert field.label not in page, field.name


@pytest.mark.parametrize("field", [f for f in CARD_FIELDS if f.searchable], ids=lambda f: f.name)
def test_every_searchable_field_is_searched(world: World, field: CardField) -> None:
    card = _card(world)
    found = practice_text_filter(Practice.objects.all(), text=_searched_word(card, field))
    assert list(found) == [card]


def _searched_word(card: Practice, field: CardField) -> str:
    if field.is_tags:
        return field.tag_label(getattr(card, field.name)[0])
    return _marker(field)


def test_the_search_index_has_the_declared_fields(db: None) -> None:
    _index_has_the_declared_fields()


def _index_has_the_declared_fields() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA table_info({search_index.FTS_TABLE})")
            columns = [row[1] for row in cursor.fetchall()]
        assert columns == [*search.TEXT_COLUMNS, search_index.TAGS_COLUMN]
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                [search_index.POSTGRES_INDEX],
            )
            (definition,) = cursor.fetchone()
        for name in [*search.TEXT_COLUMNS, *search.TAG_COLUMNS]:
            assert re.search(rf"\b{name}\b", definition), name


def test_a_migration_can_rebuild_the_index_over_the_declared_fields(world: World) -> None:
    card = _card(world)
    if connection.vendor == "postgresql":
        _execute("SET CONSTRAINTS ALL IMMEDIATE")  # as after a migration's own writes
    editor = SimpleNamespace(connection=connection, execute=_execute)
    search_index.search_index_rebuild(search.TEXT_COLUMNS, search.TAG_COLUMNS)(None, editor)
    _index_has_the_declared_fields()
    for field in CARD_FIELDS:
        if field.searchable:
            word = getattr(card, field.name)[0] if field.is_tags else _marker(field)
            assert list(practice_text_filter(Practice.objects.all(), text=word)) == [card]


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def test_a_debrief_drafts_a_card_with_every_declared_field(world: World) -> None:
    world_profiles(world)
    debrief = debrief_with(world, world.art)
    card = debrief_practice_create(debrief=debrief, author=world.lou, content=_content())
    assert {name: getattr(card, name) for name in FIELD_NAMES} == _content().values()


def test_the_debrief_page_drafts_a_card_with_every_declared_field(
    client: Client, world: World
) -> None:
    world_profiles(world)
    debrief = debrief_with(world, world.art)
    client.force_login(world.lou)
    page = client.get(f"/debriefs/{debrief.pk}/").content.decode()
    for field in CARD_FIELDS:
        assert f'name="{field.name}"' in page, field.name
    posted = client.post(f"/debriefs/{debrief.pk}/practices/", _content().values())
    assert posted.status_code == 302
    card = debrief.practices.get()
    assert {name: getattr(card, name) for name in FIELD_NAMES} == _content().values()
