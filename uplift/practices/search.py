"""Full-text search over practice cards, by database: SQLite FTS5 (a virtual table the services
keep in sync) or PostgreSQL full text (a GIN expression index). The searched fields are those of
the card's declaration (`uplift.practices.card_fields`); `search_index` writes the SQL."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Case, FloatField, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from uplift.practices import search_index
from uplift.practices.card_fields import CARD_FIELDS
from uplift.practices.models import Practice

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
TAGS_WEIGHT = 2.0  # a match in a tag, beside the text fields' own weights

SEARCHED_TEXT = tuple(f for f in CARD_FIELDS if f.searchable and not f.is_tags)
SEARCHED_TAGS = tuple(f for f in CARD_FIELDS if f.searchable and f.is_tags)
TEXT_COLUMNS = tuple(f.name for f in SEARCHED_TEXT)
TAG_COLUMNS = tuple(f.name for f in SEARCHED_TAGS)

# The expression of the index, so that PostgreSQL uses it.
POSTGRES_DOCUMENT = search_index.postgres_document(
    TEXT_COLUMNS, TAG_COLUMNS, table=search_index.TABLE
)
SQLITE_INSERT = search_index.sqlite_insert(TEXT_COLUMNS)
SQLITE_MATCH = search_index.sqlite_match([*(f.search_weight for f in SEARCHED_TEXT), TAGS_WEIGHT])


def search_terms(text: str) -> list[str]:
    """The words of a query, lower-cased; punctuation and operators are dropped."""
    return [word.lower() for word in WORD.findall(text)][:MAX_TERMS]


def _tag_text(practice: Practice) -> str:
    """The card's tags as searched: their slugs, then their labels."""
    slugs = [(field, slug) for field in SEARCHED_TAGS for slug in getattr(practice, field.name)]
    labels = [field.tag_label(slug) for field, slug in slugs]
    return " ".join([*(slug for _, slug in slugs), *labels])


def practice_search_index(*, practice: Practice) -> None:
    """Bring the card's search entry up to date (SQLite; PostgreSQL indexes by itself)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(search_index.SQLITE_DELETE, [practice.pk])
        cursor.execute(
            SQLITE_INSERT,
            [practice.pk, *(getattr(practice, name) for name in TEXT_COLUMNS), _tag_text(practice)],
        )


def practice_search_forget(*, practice_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(search_index.SQLITE_DELETE, [practice_id])


def _sqlite_matches(terms: list[str]) -> list[int]:
    # Every word must appear (as a prefix), each quoted so FTS5 reads no operators.
    expression = " ".join(f'"{term}"*' for term in terms)
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_MATCH, [expression])
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
