"""Full-text search: the same answers on SQLite (FTS5) and PostgreSQL (tsvector + GIN)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.conftest import World
from tests.practices.builders import approved, draft
from uplift.practices.adoption_import import adoptions_import
from uplift.practices.models import Practice
from uplift.practices.search import practice_text_filter
from uplift.practices.selectors import LibraryFilters, practice_library
from uplift.practices.services import practice_update


def _titles(viewer, **filters) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.title for p in practice_library(viewer=viewer, filters=LibraryFilters(**filters))]


def _library(world: World) -> None:
    approved(
        world.ann,
        world.lou,
        title="Mutual close plan",
        problem="Deals slip past quarter end because nobody owns the date.",
        talk_tracks="Shall we work back from your go-live together?",
        steps="Agree the go-live date\nShare the plan",
        stage_tags=["closing"],
        competency_tags=["closing"],
    )
    approved(
        world.art,
        world.lou,
        title="Multi-thread every big deal",
        problem="Single-threaded deals die when the champion leaves.",
        steps="Map the buying committee\nMeet the economic buyer",
        stage_tags=["qualification"],
        competency_tags=["account_growth"],
    )
    approved(
        world.bob,
        world.lou,
        title="Discovery call agenda",
        problem="First calls wander and end without a next step.",
        steps="Send the agenda the day before",
        stage_tags=["discovery"],
        competency_tags=["discovery"],
    )


def test_words_prefixes_and_stems_match(world: World) -> None:
    _library(world)
    assert _titles(world.gil, text="champion") == ["Multi-thread every big deal"]
    assert _titles(world.gil, text="champ") == ["Multi-thread every big deal"]  # a prefix
    assert _titles(world.gil, text="deals slipping") == ["Mutual close plan"]  # a stem
    assert _titles(world.gil, text="GO-LIVE") == ["Mutual close plan"]
    assert _titles(world.gil, text="economic buyer") == ["Multi-thread every big deal"]
    assert _titles(world.gil, text="nothing like this") == []


def test_operators_and_quotes_are_read_as_words(world: World) -> None:
    _library(world)
    for text in ('agenda"', "(agenda*", "-agenda", "agenda:", "{agenda} ^"):
        assert "Discovery call agenda" in _titles(world.gil, text=text), text


def test_the_title_ranks_first(world: World) -> None:
    _library(world)
    assert _titles(world.gil, text="deal")[0] == "Multi-thread every big deal"


def test_tags_are_searchable_and_filters_combine(world: World) -> None:
    _library(world)
    assert _titles(world.gil, text="discovery") == ["Discovery call agenda"]
    assert _titles(world.gil, text="deal", stage="closing") == ["Mutual close plan"]
    assert _titles(world.gil, competency="account_growth") == ["Multi-thread every big deal"]
    assert _titles(world.gil, text="deal", contributor=world.bob.pk) == []
    assert _titles(world.gil, text="first", contributor=world.bob.pk) == ["Discovery call agenda"]


def test_edits_are_searchable_at_once_and_drafts_stay_private(world: World) -> None:
    _library(world)
    card = draft(world.ann, title="Secret pricing trick", problem="Discounting too early.")
    assert _titles(world.gil, text="pricing") == []
    assert _titles(world.ann, text="pricing", status="mine") == ["Secret pricing trick"]
    assert _titles(world.lou, text="discounting", status="draft") == ["Secret pricing trick"]
    practice_update(practice=card, actor=world.ann, changes={"problem": "Anchoring low."})
    assert _titles(world.lou, text="discounting", status="all") == []
    assert _titles(world.lou, text="anchoring", status="all") == ["Secret pricing trick"]


def test_imported_practices_are_searchable(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "adoptions.csv"
    path.write_text(
        "rep_email,practice,adopted_on\nann@acme.test,Friday pipeline review,2025-03-01\n"
    )
    adoptions_import(path=path, organisation=world.org)
    assert _titles(world.lou, text="pipeline", status="all") == ["Friday pipeline review"]


@pytest.mark.database  # the vendor of the run's application database, without a row in it
def test_the_search_runs_on_the_database_vendor() -> None:
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own index")
def test_postgresql_answers_from_the_gin_index(world: World) -> None:
    _library(world)
    cards = practice_text_filter(Practice.objects.all(), text="champion")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a tiny table: make the planner show its hand
        plan = cards.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "practices_practice_search" in plan
