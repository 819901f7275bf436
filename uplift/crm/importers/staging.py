"""Staged exports: every entity read into a typed, de-duplicated table before anything is written.

Several files can feed one canonical table (Salesforce Tasks and Events are both activities); a
record that appears twice (the same key) keeps its last occurrence and the earlier copies are
counted as rejected. An export staged with `skip_invalid` leaves its bad rows out instead of
stopping, and records them, with the earlier copies of repeated records, for the rejects file
(see rejects.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from uplift.analytics.canonical import CANONICAL_TABLES, CanonicalTable
from uplift.crm.chain import ChainRow, chain_team_of, chain_teams
from uplift.crm.importers.csvread import ident, sql_string
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.rejects import RawRows, rejects_insert

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
    stage: str  # the per-file staging table
    read: int
    rejected: int = 0
    order: str = "_row"  # what orders the stage's rows as the file does (for "the last copy wins")
    invalid: int = 0  # bad rows left out (with skip_invalid): counted in `read` and `rejected`
    raw: int | None = None  # the file's raw rows (StagedExport.raws), to give rejected rows back
    row_offset: int = 0  # `order` + this is the row number (the header is row 1)
    key_headers: str = ""  # the file's columns that hold the record's key, for the rejects file

    @property
    def kept(self) -> int:
        """Rows in the stage: those read, less the bad ones left out."""
        return self.read - self.invalid


@dataclass(frozen=True)
class FileRead:
    """How one export file was read, for the summary: what was given and what was detected."""

    file: str
    delimiter: str | None = None  # a CSV file's
    delimiter_detected: bool = False
    encoding: str | None = None  # a CSV file's
    sheet: str | None = None  # a spreadsheet's

    def describe(self) -> str:
        """ "deals.csv: ';' between fields (detected), cp1252" or "deals.xlsx: sheet 'Deals'"."""
        if self.sheet is not None:
            return f"{self.file}: sheet {self.sheet!r}"
        shown = {"\t": "tab"}.get(self.delimiter or ",", repr(self.delimiter))
        given = "detected" if self.delimiter_detected else "from the mapping"
        return f"{self.file}: {shown} between fields ({given}), {self.encoding}"


FileProgress = Callable[[str, int, int], None]  # (file, files read before it, files in all)


def quiet(_what: str, _done: int, _total: int) -> None:
    """Progress that is not shown (files read, or an import's steps)."""


@dataclass
class StagedExport:
    source: str
    entities: list[StagedEntity] = field(default_factory=list)
    tables: dict[str, str] = field(default_factory=dict)  # canonical table -> final stage table
    progress: FileProgress = field(default=quiet, repr=False, compare=False)
    files_total: int = 0
    files_read: int = 0
    files: list[FileRead] = field(default_factory=list)  # how each file was read, when it matters
    notes: list[str] = field(default_factory=list)  # what the summary should say besides counts
    skip_invalid: bool = False  # leave bad rows out (and record them) instead of stopping
    raws: list[RawRows] = field(default_factory=list)  # files whose rejected rows can be given back
    rejected: dict[str, int] = field(default_factory=dict)  # file -> rows rejected, every file read
    # A table of (rep_id, user_type, profile) when the export says what kind of user each is;
    # and the ids of the system accounts set aside (uplift.crm.importers.system_accounts).
    user_kinds: str | None = None
    set_aside: list[str] = field(default_factory=list)

    def reading(self, file: str) -> None:
        """Say that `file` is being read now (a stager calls it before each file)."""
        self.progress(file, self.files_read, self.files_total)
        self.files_read += 1
        self.rejected.setdefault(file, 0)

    def raw_add(self, raw: RawRows) -> int:
        """Register a file's raw rows; returns its index, for the rejected rows of that file."""
        self.raws.append(raw)
        return len(self.raws) - 1

    def rejected_in(self, file: str, rows: int) -> None:
        self.rejected[file] = self.rejected.get(file, 0) + rows

    def entities_for(self, table: str) -> list[StagedEntity]:
        return [e for e in self.entities if e.source.table == table]


def stage_entity(
    con: Any,
    staged: StagedExport,
    source: EntitySource,
    select: str,
    *,
    raw: int | None = None,
    key_headers: str = "",
) -> StagedEntity:
    """Stage one file's rows (typed, with their row numbers `_row`) as `stage_<entity>`."""
    stage = f"stage_{source.entity}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {ident(stage)} AS {select}")
    read = con.execute(f"SELECT count(*) FROM {ident(stage)}").fetchone()[0]
    entity = StagedEntity(
        source=source, stage=stage, read=int(read), raw=raw, key_headers=key_headers
    )
    staged.entities.append(entity)
    return entity


def invalid_left_out(entity: StagedEntity, rows: int) -> None:
    """Count `rows` bad rows of the entity's file, left out before it was staged."""
    entity.read += rows
    entity.invalid += rows
    entity.rejected += rows


def stage_entity_checked(
    con: Any,
    staged: StagedExport,
    source: EntitySource,
    select: str,
    *,
    unreadable: Callable[[Exception], Exception],  # a parse error -> the error to raise
    explain: Callable[[], None],
    reject: Callable[[str], None] | None = None,
    raw: int | None = None,
    key_headers: str = "",
) -> None:
    """Stage one file straight from its CSV in one pass, checking it on the way.

    `select` yields the canonical columns plus `_bad`, true on a row with a blank required value
    or an unreadable one. Rows keep the file's order (the table's rowid), so no row numbers are
    computed: only when some row is bad does `explain` read the file again, with row numbers, to
    raise the error naming the first bad row and its column. `unreadable` turns a parse error
    into the error to raise. With `skip_invalid`, `reject` records the bad rows of the stage it
    is given (their row numbers are rowid + 2) and they are left out instead.
    """
    stage = f"stage_{source.entity}"
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {ident(stage)} AS {select}")
    except duckdb.Error as exc:
        raise unreadable(exc) from exc
    read, first_bad, bad = con.execute(
        f"SELECT count(*), min(rowid) FILTER (WHERE _bad), count(*) FILTER (WHERE _bad) "
        f"FROM {ident(stage)}"
    ).fetchone()
    entity = StagedEntity(
        source=source,
        stage=stage,
        read=int(read),
        order="rowid",
        raw=raw,
        row_offset=2,
        key_headers=key_headers,
    )
    if first_bad is not None and staged.skip_invalid and reject is not None:
        reject(stage)
        con.execute(f"DELETE FROM {ident(stage)} WHERE _bad")
        entity.invalid = entity.rejected = int(bad)
        staged.rejected_in(source.file, int(bad))
    elif first_bad is not None:
        con.execute(f"DROP TABLE {ident(stage)}")
        explain()
        raise MalformedInputError(
            source.file, "a value is blank or cannot be read", row=int(first_bad) + 2
        )
    staged.entities.append(entity)


def stage_finalise(con: Any, staged: StagedExport) -> None:
    """One final stage per canonical table: its files together, one row per key (the last one).

    A table fed by one file is staged already; several files are read through a view. Only when
    keys repeat is a de-duplicated copy made.
    """
    for table_name in dict.fromkeys(e.source.table for e in staged.entities):
        table = TABLES_BY_NAME[table_name]
        parts = staged.entities_for(table_name)
        columns = ", ".join(ident(c) for c in table.column_names)
        keys = ", ".join(ident(k) for k in table.key)
        final = f"final_{table_name}"
        together = parts[0].stage if len(parts) == 1 else final
        if len(parts) > 1:
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {ident(final)} AS "
                + " UNION ALL ".join(f"SELECT {columns} FROM {ident(p.stage)}" for p in parts)
            )
        read = sum(p.kept for p in parts)
        # Counting distinct hashes of the key is several times cheaper than distinct keys; a
        # collision only sends the table through the exact de-duplication below.
        distinct = f"SELECT count(DISTINCT hash({keys})) FROM {ident(together)}"
        if not read or int(con.execute(distinct).fetchone()[0]) == read:
            staged.tables[table_name] = together
            continue
        numbered = " UNION ALL ".join(
            f"SELECT {index} AS _file, {part.order} AS _order, {columns} FROM {ident(part.stage)}"
            for index, part in enumerate(parts)
        )
        if len(parts) > 1:
            con.execute(f"DROP VIEW {ident(final)}")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {ident(final)} AS SELECT _file, _order, {columns} "
            f"FROM ({numbered}) "
            f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY _file DESC, _order DESC) = 1"
        )
        kept = dict(
            con.execute(f"SELECT _file, count(*) FROM {ident(final)} GROUP BY _file").fetchall()
        )
        for index, part in enumerate(parts):
            copies = part.kept - int(kept.get(index, 0))
            part.rejected += copies
            if copies and part.raw is not None:  # rows of the file itself, not read from them
                staged.rejected_in(part.source.file, copies)
        if staged.skip_invalid:
            _copies_reject(con, table, parts, numbered, final)
        staged.tables[table_name] = final


def _copies_reject(
    con: Any, table: CanonicalTable, parts: list[StagedEntity], numbered: str, final: str
) -> None:
    """Record the earlier copies of each repeated record (`numbered` less `final`, the copies
    kept) as rejected rows, naming the row that is imported instead."""
    given_back = [i for i, part in enumerate(parts) if part.raw is not None]
    if not given_back:
        return

    def by_part(part: str, values: list[str]) -> str:
        return (
            f"CASE {part} " + " ".join(f"WHEN {i} THEN {v}" for i, v in enumerate(values)) + " END"
        )

    names = [sql_string(part.source.file) for part in parts]
    row = "({0}._order + " + by_part("{0}._file", [str(p.row_offset) for p in parts]) + ")"
    elsewhere = (
        f"CASE WHEN {by_part('f._file', names)} <> {by_part('n._file', names)} "
        f"THEN {by_part('f._file', names)} || ', ' ELSE '' END"
    )
    words = (
        f"'is repeated in ' || {elsewhere} || 'row ' || CAST({row.format('f')} AS VARCHAR) || "
        "', which is imported instead (the last copy of a record wins)'"
    )
    value = (
        "concat_ws(', ', "
        + ", ".join(f"CAST(n.{ident(k)} AS VARCHAR)" for k in table.key if k != "source")
        + ")"
    )
    same = " AND ".join(f"n.{ident(k)} IS NOT DISTINCT FROM f.{ident(k)}" for k in table.key)
    sources = by_part("n._file", [str(p.raw) if p.raw is not None else "NULL" for p in parts])
    headers = by_part("n._file", [sql_string(p.key_headers) for p in parts])
    rejects_insert(
        con,
        f"SELECT {sources}, {row.format('n')}, {headers}, {words}, {value} "
        f"FROM ({numbered}) n JOIN {ident(final)} f ON {same} "
        f"WHERE NOT (n._file = f._file AND n._order = f._order) "
        f"AND n._file IN ({', '.join(str(i) for i in given_back)})",
    )


def stage_teams(con: Any, staged: StagedExport) -> None:
    """Give every rep the team the manager chain puts them in (see ``uplift.crm.chain``).

    The people linked from the export are placed in the same teams, so the analytics store's
    ``crm_reps.team`` names the application's team even when the export has no team column.
    Reps the chain places in no team keep the export's own team.
    """
    if "crm_reps" not in staged.tables:
        return
    final = staged.tables["crm_reps"]
    found = con.execute(f"SELECT rep_id, name, manager_id, team, region FROM {ident(final)}")
    rows = [ChainRow(*row) for row in found.fetchall()]
    teams = chain_teams(rows)
    changed = {
        row.rep_id: team.name
        for row in rows
        if (team := chain_team_of(row, teams)) is not None and team.name != row.team
    }
    if not changed:
        return
    chain = pa.table({"rep_id": list(changed), "team": list(changed.values())})
    con.register("chain_teams", chain)
    columns = ", ".join(
        "coalesce(c.team, r.team) AS team" if c == "team" else f"r.{ident(c)}"
        for c in TABLES_BY_NAME["crm_reps"].column_names
    )
    teamed = "final_crm_reps_teamed"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {ident(teamed)} AS SELECT {columns} "
        f"FROM {ident(final)} r LEFT JOIN chain_teams c ON r.rep_id = c.rep_id"
    )
    con.unregister("chain_teams")
    staged.tables["crm_reps"] = teamed


@dataclass(frozen=True)
class Reference:
    table: str
    column: str
    refers_to: str
    refers_column: str
    meaning: str


REFERENCES = (
    Reference(
        "crm_opportunities",
        "owner_id",
        "crm_reps",
        "rep_id",
        "opportunity owners missing from the users",
    ),
    Reference(
        "crm_opportunities",
        "account_id",
        "crm_accounts",
        "account_id",
        "opportunity accounts missing from the accounts",
    ),
    Reference(
        "crm_activities", "owner_id", "crm_reps", "rep_id", "activity owners missing from the users"
    ),
    Reference(
        "crm_activities",
        "opportunity_id",
        "crm_opportunities",
        "opportunity_id",
        "activities on opportunities missing from the export",
    ),
    Reference(
        "crm_stage_history",
        "opportunity_id",
        "crm_opportunities",
        "opportunity_id",
        "stage history of opportunities missing from the export",
    ),
    Reference(
        "crm_contact_roles",
        "opportunity_id",
        "crm_opportunities",
        "opportunity_id",
        "contact roles on opportunities missing from the export",
    ),
    Reference("crm_reps", "manager_id", "crm_reps", "rep_id", "managers missing from the users"),
)


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
        # A record of a system account set aside (its activities, say) refers to a user the
        # summary lists already: not a missing one.
        aside = (
            f" AND s.{column} NOT IN (SELECT rep_id FROM system_account_ids)"
            if staged.set_aside and ref.refers_to == "crm_reps"
            else ""
        )
        rows = con.execute(
            f"SELECT s.{column} AS id, count(*) AS n FROM {source} s "
            f"ANTI JOIN {target} t ON s.{column} = t.{refers} "
            f"WHERE s.{column} IS NOT NULL{aside} GROUP BY s.{column} ORDER BY s.{column}"
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
