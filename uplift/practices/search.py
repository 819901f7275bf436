"""Full-text search over practice cards, by database: SQLite FTS5 (a virtual table the services
keep in sync) or PostgreSQL full text (a GIN expression index, migration 0003)."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Case, FloatField, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from uplift.practices.models import Practice
from uplift.practices.tags import competency_label, stage_label

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12

# The same expression as the index in migration 0003, so that PostgreSQL uses it.
POSTGRES_DOCUMENT = (
    "to_tsvector('english'::regconfig, coalesce(practices_practice.title, '') || ' ' "
    "|| coalesce(practices_practice.problem, '') || ' ' "
    "|| coalesce(practices_practice.when_to_use, '') || ' ' "
    "|| coalesce(practices_practice.steps, '') || ' ' "
    "|| coalesce(practices_practice.talk_tracks, '') || ' ' "
    "|| coalesce(practices_practice.stage_tags::text, '') || ' ' "
    "|| coalesce(practices_practice.competency_tags::text, ''))"
)


def search_terms(text: str) -> list[str]:
    """The words of a query, lower-cased; punctuation and operators are dropped."""
    return [word.lower() for word in WORD.findall(text)][:MAX_TERMS]


def _tag_text(practice: Practice) -> str:
    labels = [stage_label(s) for s in practice.stage_tags]
    labels += [competency_label(c) for c in practice.competency_tags]
    return " ".join([*practice.stage_tags, *practice.competency_tags, *labels])


def practice_search_index(*, practice: Practice) -> None:
    """Bring the card's search entry up to date (SQLite; PostgreSQL indexes by itself)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM practices_practice_fts WHERE rowid = %s", [practice.pk])
        cursor.execute(
            "INSERT INTO practices_practice_fts (rowid, title, problem, when_to_use, steps, "
            "talk_tracks, tags) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                practice.pk,
                practice.title,
                practice.problem,
                practice.when_to_use,
                practice.steps,
                practice.talk_tracks,
                _tag_text(practice),
            ],
        )


def practice_search_forget(*, practice_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM practices_practice_fts WHERE rowid = %s", [practice_id])


def _sqlite_matches(terms: list[str]) -> list[int]:
    # Every word must appear (as a prefix), each quoted so FTS5 reads no operators.
    expression = " ".join(f'"{term}"*' for term in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM practices_practice_fts WHERE practices_practice_fts MATCH %s "
            "ORDER BY bm25(practices_practice_fts, 10.0, 3.0, 2.0, 2.0, 1.0, 2.0)",
            [expression],
        )
        return [row[0] for row in cursor.fetchall()]


def practice_text_filter(cards: QuerySet[Practice], *, text: str) -> QuerySet[Practice]:
    """`cards` narrowed to those matching every word of `text` (prefixes count), best first."""
    terms = search_terms(text)
    if not terms:
        return cards
    if connection.vendor == "sqlite":
        ids = _sqlite_matches(terms)
        order = Case(
            *[When(pk=pk, then=Value(index)) for index, pk in enumerate(ids)],
            default=Value(len(ids)),
            output_field=IntegerField(),
        )
        return cards.filter(pk__in=ids).annotate(search_rank=order).order_by("search_rank")
    if connection.vendor == "postgresql":
        query = " & ".join(f"{term}:*" for term in terms)
        tsquery = "to_tsquery('english'::regconfig, %s)"
        return (
            cards.annotate(
                search_match=RawSQL(  # noqa: S611 (the query is a bound parameter)
                    f"{POSTGRES_DOCUMENT} @@ {tsquery}", [query], output_field=BooleanField()
                ),
                search_score=RawSQL(  # noqa: S611 (the query is a bound parameter)
                    f"ts_rank({POSTGRES_DOCUMENT}, {tsquery})", [query], output_field=FloatField()
                ),
            )
            .filter(search_match=True)
            .order_by("-search_score", "title")
        )
    message = f"Practice search supports SQLite and PostgreSQL, not {connection.vendor}."
    raise NotImplementedError(message)
