"""The practice search index's shape, as SQL over a given list of fields: an FTS5 table on SQLite
(one column per searched text field, then one for the tags), a GIN expression index on
PostgreSQL. The queries (`uplift.practices.search`) name the fields of the card's declaration; a
migration that changes which fields are searched rebuilds the index with `search_index_rebuild`
and the lists frozen in the migration, so that an old migration never names a later column."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

# SQL is put together here from these names and the fields' names, never from what people type.
FTS_TABLE = "practices_practice_fts"
TAGS_COLUMN = "tags"
POSTGRES_INDEX = "practices_practice_search"
TABLE = "practices_practice"
SQLITE_DELETE = "DELETE FROM practices_practice_fts WHERE rowid = %s"


def fts_columns(text_fields: Sequence[str]) -> list[str]:
    return [*text_fields, TAGS_COLUMN]


def sqlite_create(text_fields: Sequence[str]) -> str:
    columns = ", ".join(fts_columns(text_fields))
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        f"{columns}, tokenize='porter unicode61')"
    )


def sqlite_insert(text_fields: Sequence[str]) -> str:
    """One card's entry: its id, then a parameter per column."""
    columns = ["rowid", *fts_columns(text_fields)]
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {FTS_TABLE} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608


def sqlite_match(weights: Sequence[float]) -> str:
    """The ids of the cards that match the parameter, best first (bm25 with these weights, one
    per column)."""
    ranking = ", ".join(str(weight) for weight in weights)
    return (
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
        f"ORDER BY bm25({FTS_TABLE}, {ranking})"
    )


def _sqlite_fill(text_fields: Sequence[str], tag_fields: Sequence[str]) -> str:
    # Tags go in as their slugs (JSON lists stripped of brackets and quotes); the services write
    # the labels too whenever they index a card.
    tags = " || ' ' || ".join(tag_fields) or "''"
    tag_text = f"replace(replace(replace({tags}, '\"', ''), '[', ''), ']', '')"
    columns = ", ".join(fts_columns(text_fields))
    return (
        f"INSERT INTO {FTS_TABLE} (rowid, {columns}) "  # noqa: S608
        f"SELECT id, {', '.join(text_fields)}, {tag_text} FROM {TABLE}"
    )


def postgres_document(
    text_fields: Sequence[str], tag_fields: Sequence[str], *, table: str = ""
) -> str:
    """The text search document of a card: the same expression in the index and the queries, so
    that PostgreSQL uses the index."""
    prefix = f"{table}." if table else ""
    parts = [f"coalesce({prefix}{name}, '')" for name in text_fields]
    parts += [f"coalesce({prefix}{name}::text, '')" for name in tag_fields]
    return "to_tsvector('english'::regconfig, " + " || ' ' || ".join(parts) + ")"


def postgres_create(text_fields: Sequence[str], tag_fields: Sequence[str]) -> str:
    document = postgres_document(text_fields, tag_fields)
    return f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON {TABLE} USING GIN ({document})"


def search_index_rebuild(
    text_fields: Sequence[str], tag_fields: Sequence[str]
) -> Callable[[Any, Any], None]:
    """A `RunPython` step that builds the index again over these fields, for every card."""
    text_fields, tag_fields = tuple(text_fields), tuple(tag_fields)

    def rebuild(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
            schema_editor.execute(sqlite_create(text_fields))
            schema_editor.execute(_sqlite_fill(text_fields, tag_fields))
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {POSTGRES_INDEX}")
            schema_editor.execute(postgres_create(text_fields, tag_fields))

    return rebuild
