"""Staged exports: every entity read into a typed, de-duplicated table before anything is written.

Several files can feed one canonical table (Salesforce Tasks and Events are both activities); a
record that appears twice (the same key) keeps its last occurrence and the earlier copies are
counted as rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from uplift.analytics.canonical import CANONICAL_TABLES, CanonicalTable
from uplift.crm.importers.csvread import ident

TABLES_BY_NAME: dict[str, CanonicalTable] = {t.name: t for t in CANONICAL_TABLES}
ENTITY_LABELS = {
    "crm_reps": "reps",
    "crm_accounts": "accounts",
    "crm_opportunities": "opportunities",
    "crm_stage_history": "stage history",
    "crm_activities": "activities",
    "crm_contact_roles": "contact roles",
    "crm_quotas": "quotas",
}


@dataclass(frozen=True)
class EntitySource:
    entity: str  # the source's own name for it ("tasks", "deals", …)
    file: str
    table: str  # the canonical table it feeds


@dataclass
class StagedEntity:
    source: EntitySource
    stage: str  # the per-file staging table (with _row)
    read: int
    rejected: int = 0


@dataclass
class StagedExport:
    source: str
    entities: list[StagedEntity] = field(default_factory=list)
    tables: dict[str, str] = field(default_factory=dict)  # canonical table -> final stage table

    def entities_for(self, table: str) -> list[StagedEntity]:
        return [e for e in self.entities if e.source.table == table]


def stage_entity(con: Any, staged: StagedExport, source: EntitySource, select: str) -> None:
    """Stage one file's rows (typed, with their row numbers) as `stage_<entity>`."""
    stage = f"stage_{source.entity}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {ident(stage)} AS {select}")
    read = con.execute(f"SELECT count(*) FROM {ident(stage)}").fetchone()[0]
    staged.entities.append(StagedEntity(source=source, stage=stage, read=int(read)))


def stage_finalise(con: Any, staged: StagedExport) -> None:
    """Union the files of each canonical table and keep one row per key (the last one)."""
    for table_name in dict.fromkeys(e.source.table for e in staged.entities):
        table = TABLES_BY_NAME[table_name]
        parts = staged.entities_for(table_name)
        columns = ", ".join(ident(c) for c in table.column_names)
        union = " UNION ALL ".join(
            f"SELECT {index} AS _file, _row, {columns} FROM {ident(part.stage)}"
            for index, part in enumerate(parts)
        )
        keys = ", ".join(ident(k) for k in table.key)
        final = f"final_{table_name}"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {ident(final)} AS SELECT {columns} FROM ("
            f"SELECT *, row_number() OVER (PARTITION BY {keys} ORDER BY _file DESC, _row DESC) "
            f"AS _copy FROM ({union})) WHERE _copy = 1"
        )
        kept = con.execute(f"SELECT count(*) FROM {ident(final)}").fetchone()[0]
        duplicates = sum(p.read for p in parts) - int(kept)
        # Attribute duplicates to the table's last file that has rows, for the summary.
        if duplicates and parts:
            parts[-1].rejected += duplicates
        staged.tables[table_name] = final


@dataclass(frozen=True)
class Reference:
    table: str
    column: str
    refers_to: str
    refers_column: str
    meaning: str


REFERENCES = (
    Reference("crm_opportunities", "owner_id", "crm_reps", "rep_id",
              "opportunity owners missing from the users"),
    Reference("crm_opportunities", "account_id", "crm_accounts", "account_id",
              "opportunity accounts missing from the accounts"),
    Reference("crm_activities", "owner_id", "crm_reps", "rep_id",
              "activity owners missing from the users"),
    Reference("crm_activities", "opportunity_id", "crm_opportunities", "opportunity_id",
              "activities on opportunities missing from the export"),
    Reference("crm_stage_history", "opportunity_id", "crm_opportunities", "opportunity_id",
              "stage history of opportunities missing from the export"),
    Reference("crm_contact_roles", "opportunity_id", "crm_opportunities", "opportunity_id",
              "contact roles on opportunities missing from the export"),
    Reference("crm_reps", "manager_id", "crm_reps", "rep_id",
              "managers missing from the users"),
)  # fmt: skip


@dataclass(frozen=True)
class MissingReference:
    entity: str
    field: str
    refers_to: str
    meaning: str
    rows: int
    ids: list[str]


def missing_references(con: Any, staged: StagedExport) -> list[MissingReference]:
    """References to records that are not in the export: kept, and reported with their ids."""
    found = []
    for ref in REFERENCES:
        if ref.table not in staged.tables or ref.refers_to not in staged.tables:
            continue
        source, target = ident(staged.tables[ref.table]), ident(staged.tables[ref.refers_to])
        column, refers = ident(ref.column), ident(ref.refers_column)
        rows = con.execute(
            f"SELECT s.{column} AS id, count(*) AS n FROM {source} s "
            f"ANTI JOIN {target} t ON s.{column} = t.{refers} "
            f"WHERE s.{column} IS NOT NULL GROUP BY s.{column} ORDER BY s.{column}"
        ).fetchall()
        if rows:
            found.append(
                MissingReference(
                    entity=ENTITY_LABELS[ref.table],
                    field=ref.column,
                    refers_to=ENTITY_LABELS[ref.refers_to],
                    meaning=ref.meaning,
                    rows=sum(int(n) for _, n in rows),
                    ids=[str(i) for i, _ in rows],
                )
            )
    return found
