"""The analytics store's copy of the CRM still names an erased person, possibly otherwise than
Uplift does (the HR roster renamed them): the erasure and every later analysis replace those
words too, wherever a stored analysis quotes them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import ibis
import pytest
from ibis.backends import BaseBackend

from tests.conftest import World
from tests.development.helpers import analysis_store
from uplift.analytics.canonical import canonical_tables_create
from uplift.insights.erased import ErasedWords, erased_words_of, store_words_of
from uplift.insights.models import Snapshot
from uplift.orgs.models import Organisation
from uplift.privacy import erasure

pytestmark = pytest.mark.django_db


def _store() -> BaseBackend:
    backend = ibis.duckdb.connect()
    canonical_tables_create(backend)
    backend.raw_sql(
        "insert into crm_reps (source, rep_id, name, email) values "
        "('salesforce', '005ANN', 'Annie Walsh', 'annie.walsh@crm.example'), "
        "('salesforce', '005ART', 'Art Lindqvist', 'art@crm.example')"
    )
    return backend


def test_the_store_words_of_a_crm_id_are_replaced_anywhere_in_a_document() -> None:
    words = store_words_of(
        backend=_store(),
        pseudonyms={"005ANN": ("Erased person 9", "erased-9@erased.invalid")},
    )
    assert words.replacements == (
        ("annie.walsh@crm.example", "erased-9@erased.invalid"),
        ("Annie Walsh", "Erased person 9"),
    )
    document: dict[str, Any] = {
        "reps": [{"rep_id": "005ANN", "name": "Annie Walsh", "email": "ANNIE.WALSH@crm.example"}],
        "network": {"annie walsh": ["Art Lindqvist"]},
        "sentence": "Annie Walsh wins on speed.",
        "n": 3,
    }
    assert words.applied(document) == {
        "reps": [
            {"rep_id": "005ANN", "name": "Erased person 9", "email": "erased-9@erased.invalid"}
        ],
        "network": {"Erased person 9": ["Art Lindqvist"]},
        "sentence": "Erased person 9 wins on speed.",
        "n": 3,
    }
    assert ErasedWords().applied(document) is document


def test_erasure_replaces_the_crm_name_the_store_still_holds(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = _store()

    @contextmanager
    def store(organisation: Organisation) -> Iterator[BaseBackend]:
        assert organisation == world.org
        yield backend

    monkeypatch.setattr(erasure, "organisation_store", store)
    world.ann.crm_user_id = "005ANN"
    world.ann.save(update_fields=["crm_user_id"])
    run = analysis_store(
        organisation=world.org,
        as_of=date(2026, 10, 31),
        parts={"segments": {"reps": [{"rep_id": "005ANN", "name": "Annie Walsh"}]}},
    )
    erasure.person_erase(person=world.ann, by=world.ada)
    world.ann.refresh_from_db()
    data = Snapshot.objects.get(run=run, kind="segments").data
    assert data == {"reps": [{"rep_id": "005ANN", "name": world.ann.full_name}]}
    later = erased_words_of(organisation=world.org, backend=backend)
    assert [new for _, new in later.replacements] == [world.ann.email, world.ann.full_name]


def test_a_crm_user_without_a_name_replaces_nothing_and_case_does_not_matter() -> None:
    """A CRM user kept without a name or e-mail gives an empty word: it must not match the
    empty text between every two letters of every string the analysis shows."""
    words = ErasedWords(
        replacements=(("", "Former colleague"), ("Annie Walsh", "Former colleague 7"))
    )
    assert words.text("Top rep: ANNIE WALSH, then Art") == "Top rep: Former colleague 7, then Art"
    assert ErasedWords(replacements=(("", "x"),)).applied({"rep": "Art"}) == {"rep": "Art"}
