"""What a sync does to the analytics store besides the import's merge, in the same transaction.

- Deletions: each record the CRM reported deleted leaves the canonical tables by its canonical
  key; a deleted opportunity takes its stage history and contact roles with it (they have no
  life of their own), so it leaves the analysis whole.
- References: an incremental sync lands only what changed, so an opportunity's owner is usually
  not among the landed records but in the store. References are checked against the store as it
  is after the merge (every record synced so far), and only those still missing are reported,
  as a file import reports references missing from its export.

The same SQL runs on DuckDB and on PostgreSQL (the store's own connection). Keys enter the SQL
as quoted literals, never as text read from a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from uplift.crm.importers.csvread import ident, sql_string
from uplift.crm.importers.staging import (
    ENTITY_LABELS,
    REFERENCES,
    TABLES_BY_NAME,
    MissingReference,
)

# Rows keyed by an opportunity that go with it when it is deleted.
DEPENDENT_TABLES = {
    "crm_opportunities": ("crm_stage_history", "crm_contact_roles"),
}
BATCH = 500


@dataclass
class StoreChanges:
    """The deletions to apply (canonical table -> key values after `source`), and what applying
    them and checking references found."""

    source: str
    deletions: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)  # entity label -> rows deleted
    missing: list[MissingReference] = field(default_factory=list)

    def __call__(self, con: Any, stages: dict[str, str]) -> None:
        """The import's `in_store_write` hook: delete, then check references."""
        for table_name, keys in self.deletions.items():
            if keys:
                self._delete(con, table_name, keys)
        self.missing = missing_in_store(con, stages)

    def _delete(self, con: Any, table_name: str, keys: Sequence[tuple[str, ...]]) -> None:
        table = TABLES_BY_NAME[table_name]
        columns = [c for c in table.key if c != "source"]
        label = ENTITY_LABELS[table_name]
        for batch in _batches(keys):
            matched = _in_list(columns, batch)
            where = f"{ident('source')} = {sql_string(self.source)} AND {matched}"
            self.deleted[label] = self.deleted.get(label, 0) + _delete_where(con, table_name, where)
            for dependent in DEPENDENT_TABLES.get(table_name, ()):
                ids = _in_list([columns[0]], [(key[0],) for key in batch])
                condition = f"{ident('source')} = {sql_string(self.source)} AND {ids}"
                removed = _delete_where(con, dependent, condition)
                if removed:
                    name = ENTITY_LABELS[dependent]
                    self.deleted[name] = self.deleted.get(name, 0) + removed


def _batches(keys: Sequence[tuple[str, ...]]) -> Iterable[Sequence[tuple[str, ...]]]:
    for start in range(0, len(keys), BATCH):
        yield keys[start : start + BATCH]


def _in_list(columns: list[str], keys: Iterable[tuple[str, ...]]) -> str:
    """`(a, b) IN (('x', 'y'), …)`: a row-value list both engines read."""
    names = ", ".join(ident(c) for c in columns)
    values = ", ".join("(" + ", ".join(sql_string(str(v)) for v in key) + ")" for key in keys)
    return f"({names}) IN ({values})"


def _delete_where(con: Any, table_name: str, where: str) -> int:
    count = con.execute(f"SELECT count(*) FROM {ident(table_name)} WHERE {where}").fetchone()[0]  # noqa: S608
    if count:
        con.execute(f"DELETE FROM {ident(table_name)} WHERE {where}")  # noqa: S608
    return int(count)


def missing_in_store(con: Any, stages: dict[str, str]) -> list[MissingReference]:
    """References of the records just written to records the store does not hold."""
    found = []
    for ref in REFERENCES:
        if ref.table not in stages:
            continue
        column, refers = ident(ref.column), ident(ref.refers_column)
        rows = con.execute(
            f"SELECT s.{column}, count(*) FROM {ident(stages[ref.table])} s "  # noqa: S608
            f"WHERE s.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
            f"{ident(ref.refers_to)} t WHERE t.{refers} = s.{column}) "
            f"GROUP BY s.{column} ORDER BY s.{column}"
        ).fetchall()
        if rows:
            found.append(
                MissingReference(
                    entity=ENTITY_LABELS[ref.table],
                    field=ref.column,
                    refers_to=ENTITY_LABELS[ref.refers_to],
                    meaning=ref.meaning.replace("missing from the export", "not synced"),
                    rows=sum(int(n) for _, n in rows),
                    ids=[str(i) for i, _ in rows],
                )
            )
    return found
