"""Reps of a mapped export, one row per rep: the reps files, completed by the managers file; or,
in an export without either, the owners its deals and activities name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from uplift.crm.importers.csvread import ident, sql_string
from uplift.crm.importers.mapped_values import derive_key, mapped_column
from uplift.crm.importers.mapping import OWNER_ENTITIES, OWNER_NAME, Mapping
from uplift.crm.importers.rejects import rejects_insert
from uplift.crm.importers.staging import (
    EntitySource,
    StagedExport,
    invalid_left_out,
    stage_entity,
)

_REP_COLUMNS = (
    "rep_id",
    "name",
    "email",
    "manager_id",
    "team",
    "region",
    "title",
    "hire_date",
    "active",
)


@dataclass
class TypedFile:
    """A mapped file's rows, typed and checked (its bad rows already left out or refused)."""

    table: str  # `_problem`, the mapped columns, typed, and their `_row` (or see `row`)
    raw: int  # the file's raw rows (StagedExport.raws)
    key_headers: str  # the file's columns that hold a row's key
    row: str = "_row"  # SQL of a row's number in its file, over the table
    invalid: int = 0  # bad rows left out

    @property
    def select(self) -> str:
        """The good rows, with their row numbers `_row`."""
        number = "" if self.row == "_row" else f"{self.row} AS _row, "
        return f"SELECT {number}* FROM {ident(self.table)} WHERE _problem IS NULL"


def _guess(text: str, key: str) -> tuple[str, str]:
    """(name, email) of a rep known only by the key written in a managers file."""
    if key == "email":
        return f"lower({text})", f"lower({text})"
    if key == "name":
        return f"regexp_replace({text}, '\\s+', ' ', 'g')", "CAST(NULL AS VARCHAR)"
    return text, "CAST(NULL AS VARCHAR)"


def reps_tables_create(con: Any) -> None:
    """The rows of the reps files and of the managers file, as reps_file_insert adds them."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE map_reps (_row BIGINT, _file INTEGER, rep_id VARCHAR, "
        "name VARCHAR, email VARCHAR, manager_id VARCHAR, team VARCHAR, region VARCHAR, "
        "title VARCHAR, hire_date DATE, active BOOLEAN, _key_text VARCHAR);"
        "CREATE OR REPLACE TEMP TABLE map_managers (_row BIGINT, _file INTEGER, rep_id VARCHAR, "
        "rep_text VARCHAR, manager_id VARCHAR, manager_text VARCHAR, team VARCHAR, region VARCHAR, "
        "_key_text VARCHAR)"
    )


def reps_file_insert(con: Any, mapping: Mapping, number: int, typed: TypedFile) -> None:
    """Add the rows of the reps or managers file `number` to map_reps or map_managers."""
    file = mapping.files[number]
    if file.entity == "managers":
        m = {t: ident(t) if t in file.columns else "NULL" for t in ("manager", "team", "region")}
        manager_text = "_text_manager" if "manager" in file.columns else "NULL"
        con.execute(
            f"INSERT INTO map_managers SELECT _row, {number}, rep, _text_rep, {m['manager']}, "
            f"{manager_text}, {m['team']}, {m['region']}, _text_rep FROM ({typed.select})"
        )
        return
    c = {t: mapped_column(file, t) for t in _REP_COLUMNS if t != "rep_id"}
    key_column = {"id": "rep_id", "email": "_text_email", "name": "_text_name"}[mapping.rep_key]
    rep_id = derive_key(key_column, mapping.rep_key)
    name = f"coalesce({c['name']}, {'_text_email' if 'email' in file.columns else 'NULL'}, "
    name += f"{rep_id})"
    con.execute(
        f"INSERT INTO map_reps SELECT _row, {number}, {rep_id}, {name}, lower({c['email']}), "
        f"{c['manager_id']}, {c['team']}, {c['region']}, {c['title']}, {c['hire_date']}, "
        f"{c['active']}, {key_column} FROM ({typed.select})"
    )


def _copies(con: Any, mapping: Mapping, staged: StagedExport, typed: dict[int, TypedFile]) -> int:
    """Count the earlier copies of a rep listed twice (in one file or across the reps files),
    per file; with `skip_invalid`, record them as rejected rows. Returns how many in all."""
    total = 0
    numbers = list(typed)

    def by_file(column: str, values: list[str]) -> str:
        whens = " ".join(f"WHEN {n} THEN {v}" for n, v in zip(numbers, values, strict=True))
        return f"CASE {column} {whens} END"

    names = [sql_string(mapping.files[n].path.name) for n in numbers]
    for table in ("map_reps", "map_managers"):
        copies = (
            "SELECT * FROM (SELECT _file, _row, _key_text, first_value(_file) OVER w AS kept_file, "
            "first_value(_row) OVER w AS kept_row, row_number() OVER w AS _copy "
            f"FROM {table} WINDOW w AS (PARTITION BY rep_id ORDER BY _file DESC, _row DESC)) "
            "WHERE _copy > 1"
        )
        for number, rows in con.execute(
            f"SELECT _file, count(*) FROM ({copies}) GROUP BY _file"
        ).fetchall():
            staged.rejected_in(mapping.files[number].path.name, int(rows))
            total += int(rows)
        if not staged.skip_invalid:
            continue
        elsewhere = (
            f"CASE WHEN kept_file <> _file THEN {by_file('kept_file', names)} || ', ' ELSE '' END"
        )
        words = (
            f"'is repeated in ' || {elsewhere} || 'row ' || CAST(kept_row AS VARCHAR) || "
            "', which is imported instead (the last copy of a record wins)'"
        )
        sources = by_file("_file", [str(typed[n].raw) for n in numbers])
        headers = by_file("_file", [sql_string(typed[n].key_headers) for n in numbers])
        rejects_insert(
            con, f"SELECT {sources}, _row, {headers}, {words}, _key_text FROM ({copies})"
        )
    return total


def reps_stage(
    con: Any, mapping: Mapping, staged: StagedExport, typed: dict[int, TypedFile]
) -> None:
    """Reps from the reps files, completed by the managers file: one row per rep.

    The managers file is the authority on manager, team and region; anyone it names as a
    manager who is not listed anywhere is added, so the manager chain has no holes. Their rows
    are in map_reps and map_managers already (reps_file_insert).
    """
    key = mapping.rep_key
    rep_name, rep_email = _guess("mgr.rep_text", key)
    boss_name, boss_email = _guess("min(manager_text)", key)
    select = (
        "WITH reps AS (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY rep_id "
        "ORDER BY _file DESC, _row DESC) AS _copy FROM map_reps) WHERE _copy = 1), "
        "mgr AS (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY rep_id "
        "ORDER BY _row DESC) AS _copy FROM map_managers) WHERE _copy = 1), "
        "joined AS (SELECT coalesce(reps._row, mgr._row) AS _row, "
        "coalesce(reps.rep_id, mgr.rep_id) AS rep_id, "
        f"coalesce(reps.name, {rep_name}) AS name, coalesce(reps.email, {rep_email}) AS email, "
        "coalesce(mgr.manager_id, reps.manager_id) AS manager_id, "
        "coalesce(mgr.team, reps.team) AS team, coalesce(mgr.region, reps.region) AS region, "
        "reps.title, reps.hire_date, coalesce(reps.active, TRUE) AS active "
        "FROM reps FULL OUTER JOIN mgr ON reps.rep_id = mgr.rep_id) "
        f"SELECT _row, {sql_string(mapping.source)} AS source, * EXCLUDE (_row) FROM joined "
        f"UNION ALL SELECT min(_row), {sql_string(mapping.source)}, manager_id, {boss_name}, "
        f"{boss_email}, NULL, NULL, NULL, NULL, NULL, TRUE FROM mgr WHERE manager_id IS NOT NULL "
        "AND manager_id NOT IN (SELECT rep_id FROM joined) GROUP BY manager_id"
    )
    people = {n: t for n, t in typed.items() if mapping.files[n].entity in ("reps", "managers")}
    files = ", ".join(mapping.files[n].path.name for n in people)
    entity = stage_entity(con, staged, EntitySource("reps", files, "crm_reps"), select)
    # A rep listed twice (in one file or across the reps files) is kept once: count the copies.
    entity.rejected = _copies(con, mapping, staged, people)
    invalid_left_out(entity, sum(t.invalid for t in people.values()))


def owner_reps_stage(
    con: Any, mapping: Mapping, staged: StagedExport, typed: dict[int, TypedFile]
) -> None:
    """No user file: the owners that the deals and activities name become the reps.

    A rep's id is the owner as every file reads it (through [keys]); the name is the owner name
    column where one is mapped, else the owner as written. Where an owner is written or named in
    several ways, the last row (in file order) that names them wins.
    """
    files = [(n, f) for n, f in enumerate(mapping.files) if f.entity in OWNER_ENTITIES]
    if not files:
        return
    written, email = _guess("_text_owner_id", mapping.rep_key)
    parts = []
    for number, file in files:
        name = f"coalesce({OWNER_NAME}, {written})" if OWNER_NAME in file.columns else written
        parts.append(
            f"SELECT {number} AS _file, _row, owner_id AS rep_id, {name} AS name, "
            f"{email} AS email FROM ({typed[number].select}) WHERE owner_id IS NOT NULL"
        )
    select = (
        f"SELECT _row, {sql_string(mapping.source)} AS source, rep_id, name, email, "
        "CAST(NULL AS VARCHAR) AS manager_id, CAST(NULL AS VARCHAR) AS team, "
        "CAST(NULL AS VARCHAR) AS region, CAST(NULL AS VARCHAR) AS title, "
        "CAST(NULL AS DATE) AS hire_date, TRUE AS active "
        f"FROM ({' UNION ALL '.join(parts)}) "
        "QUALIFY row_number() OVER (PARTITION BY rep_id ORDER BY _file DESC, _row DESC) = 1"
    )
    names = ", ".join(f.path.name for _, f in files)
    stage_entity(con, staged, EntitySource("reps", names, "crm_reps"), select)
    taken = staged.entities[-1].read
    kinds = list(dict.fromkeys(OWNER_ENTITIES[f.entity] for _, f in files))
    owners = f"{kinds[0]} owners" if len(kinds) == 1 else "the owners of deals and activities"
    reps = "rep" if taken == 1 else "reps"
    staged.notes.append(f"{taken} {reps} taken from {owners}: no user file")
