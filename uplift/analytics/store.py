"""Writing canonical tables: compare a staged batch with what is stored, then apply it.

An import stages each entity as a table with exactly the canonical columns (already typed and
de-duplicated by key), then `merge` counts what is new, changed and unchanged and applies the
difference: changed rows are replaced, new rows inserted, unchanged rows left alone, rows absent
from the export kept (an export may be partial). The same SQL runs on DuckDB and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from uplift.analytics.canonical import CanonicalTable


class SqlConnection(Protocol):
    """A DB-API style connection: DuckDB's or psycopg's."""

    def execute(self, query: str, parameters: Any = ...) -> Any: ...


@dataclass(frozen=True)
class MergeCounts:
    read: int
    inserted: int
    updated: int
    unchanged: int


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def merge_sql(table: CanonicalTable, stage: str) -> tuple[str, str, str]:
    """(count, delete-changed, insert-new-or-changed) statements for one canonical table."""
    target = _quote(table.name)
    join = " AND ".join(f"s.{_quote(k)} = t.{_quote(k)}" for k in table.key)
    differs = (
        " OR ".join(f"s.{_quote(c)} IS DISTINCT FROM t.{_quote(c)}" for c in table.value_columns)
        or "FALSE"
    )
    first_key = _quote(table.key[0])
    columns = ", ".join(_quote(c) for c in table.column_names)
    count = (
        f"SELECT count(*), "
        f"count(*) FILTER (WHERE t.{first_key} IS NULL), "
        f"count(*) FILTER (WHERE t.{first_key} IS NOT NULL AND ({differs})) "
        f"FROM {stage} s LEFT JOIN {target} t ON {join}"
    )
    delete = f"DELETE FROM {target} t USING {stage} s WHERE {join} AND ({differs})"
    staged_columns = ", ".join("s." + _quote(c) for c in table.column_names)
    insert = (
        f"INSERT INTO {target} ({columns}) SELECT {staged_columns} "
        f"FROM {stage} s LEFT JOIN {target} t ON {join} WHERE t.{first_key} IS NULL"
    )
    return count, delete, insert


def merge(conn: SqlConnection, table: CanonicalTable, stage: str, *, apply: bool) -> MergeCounts:
    """Count (and, when `apply`, write) the difference between `stage` and the stored table.

    Runs inside the caller's transaction; the caller commits every table at once or nothing.
    """
    count, delete, insert = merge_sql(table, stage)
    read, inserted, updated = conn.execute(count).fetchone()
    if apply and inserted == read and read:
        # Nothing of the batch is stored yet (a first import): no need to look for it again.
        columns = ", ".join(_quote(c) for c in table.column_names)
        conn.execute(f"INSERT INTO {_quote(table.name)} ({columns}) SELECT {columns} FROM {stage}")
    elif apply and (inserted or updated):
        if updated:
            conn.execute(delete)
        conn.execute(insert)
    return MergeCounts(
        read=int(read),
        inserted=int(inserted),
        updated=int(updated),
        unchanged=int(read) - int(inserted) - int(updated),
    )
