"""Any CRM export through a mapping file (`uplift import csv --mapping FILE`) → canonical staging.

The mapping (see mapping.py and docs/mapping-format.md) names, for each canonical column, the
export's header or a constant, how to read it and how to translate its words. Reps may be known
by id, e-mail or name: exports from spreadsheets and small CRMs often have no user ids, so a
stable id is derived from the key ("email:ann@x.com", "name:ann lee") and every file that names
an owner or a manager derives it the same way. An optional managers file supplies each rep's
manager, team and region.

Each file is read as text, then typed and checked in one pass: every row gets `_problem`, the
first check it fails (None for a good row), in the same statement that types its columns. A bad
row stops the import with its file, row and column, or, with `skip_invalid`, is left out and
recorded for the rejects file (rejects.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from uplift.analytics.canonical import ACTIVITY_TYPES
from uplift.crm.importers.csvfiles import (
    CsvFile,
    csv_file,
    csv_read,
    csv_streamed,
    csv_unreadable,
)
from uplift.crm.importers.csvread import ident, sql_string, trimmed_sql
from uplift.crm.importers.errors import MalformedInputError, problem_text
from uplift.crm.importers.mapped_reps import (
    TypedFile,
    owner_reps_stage,
    reps_file_insert,
    reps_stage,
    reps_tables_create,
)
from uplift.crm.importers.mapped_values import (
    KIND_WORDS,
    SQL_TYPES,
    derive_key,
    id_lost,
    is_id,
    literal,
    mapped_column,
    typed_cell,
)
from uplift.crm.importers.mapping import (
    ACCOUNT_REFERENCES,
    ENTITY_TABLES,
    NOT_BLANK,
    OWNER_ENTITIES,
    REP_REFERENCES,
    ColumnMap,
    Mapping,
    SourceFile,
    mapping_read,
    target_type,
)
from uplift.crm.importers.rejects import RawRows, RowCheck, first_problem, rows_reject
from uplift.crm.importers.spreadsheets import RawSheet, Workbooks, sheet_read
from uplift.crm.importers.staging import (
    EntitySource,
    FileProgress,
    FileRead,
    StagedEntity,
    StagedExport,
    invalid_left_out,
    quiet,
    stage_entity,
)

Kinds = dict[str, str]  # header -> the raw column saying how a spreadsheet stored its cells
CSV_FIRST_ROW = 2  # a CSV file's first row of values, under its header (row 1)


@dataclass(frozen=True)
class _Opened:
    """A file ready to be typed: its headers, SQL of its rows as text (`rows`), and how its raw
    table is loaded when a row must be quoted, unless it is loaded already (`rows` is it)."""

    headers: list[str]
    kinds: Kinds
    rows: str  # SQL of the rows: a raw table, a CSV file read as it is, a sheet's stream
    numbered: bool  # the rows carry their row numbers (`_row`); else their order gives them
    load: Callable[[], list[str]] | None = None  # None: `rows` is the raw table
    csv: CsvFile | None = None  # the CSV file `rows` reads, when it does


def _csv_opened(con: Any, file: SourceFile, table: str, staged: StagedExport) -> _Opened:
    """Open a CSV file to be typed, say in the summary how it was read. A UTF-8 file is read by
    the statement that types it (csv_streamed); one in another encoding is loaded as text into
    `table` first."""
    found = csv_file(file.path, delimiter=file.delimiter, encoding=file.encoding, where=file.where)
    staged.files.append(
        FileRead(
            file.path.name,
            delimiter=found.delimiter,
            delimiter_detected=found.delimiter_detected,
            encoding=found.encoding,
        )
    )
    streamed = csv_streamed(con, found)
    if streamed is None:
        return _Opened(csv_read(con, found, table), {}, ident(table), numbered=True)
    headers, rows = streamed
    load = partial(csv_read, con, found, table)
    return _Opened(headers, {}, rows, numbered=False, load=load, csv=found)


def _sheet_raw(con: Any, file: SourceFile, table: str) -> list[str]:
    """Read the sheet again, into a raw table: its rows were typed as they streamed in."""
    return sheet_read(con, file.path, table, sheet=file.sheet, where=file.where).headers


def _headers(file: SourceFile, present: list[str]) -> dict[str, tuple[str, ...]]:
    """Mapped column → the headers present: exact, else the one equal but for case and spaces."""
    loose: dict[str, list[str]] = {}
    for header in present:
        loose.setdefault(" ".join(header.lower().split()), []).append(header)
    found = {}
    for target, cm in file.columns.items():
        headers = []
        for wanted in cm.columns:
            matches = [wanted] if wanted in present else loose.get(" ".join(wanted.lower().split()))
            if not matches or len(matches) != 1:
                raise MalformedInputError(
                    file.path.name,
                    f"the column named in the mapping ({cm.where}) is missing",
                    column=wanted,
                )
            headers.append(matches[0])
        if headers:
            found[target] = tuple(headers)
    return found


def _text(headers: tuple[str, ...]) -> str:
    """SQL over the raw row `r`: the first non-blank of the headers' trimmed values, or NULL."""
    values = [f"NULLIF(trim(r.{ident(h)}), '')" for h in headers]
    return values[0] if len(values) == 1 else f"coalesce({', '.join(values)})"


@dataclass(frozen=True)
class _Cell:
    """One header that a mapped column reads, as the typing pass names it: `_t<n>` its trimmed
    text (NULL when blank), `_k<n>` how a spreadsheet stored it (None for a CSV file), `_v<n>`
    the text read as the column's kind (NULL where it does not read)."""

    target: str
    header: str
    n: int
    sheet: bool

    @property
    def text(self) -> str:
        return f"_t{self.n}"

    @property
    def kind(self) -> str | None:
        return f"_k{self.n}" if self.sheet else None

    @property
    def value(self) -> str:
        return f"_v{self.n}"


def _cells(headers: dict[str, tuple[str, ...]], kinds: Kinds) -> list[_Cell]:
    found = [(target, h) for target, names in headers.items() for h in names]
    return [_Cell(t, h, n, h in kinds) for n, (t, h) in enumerate(found)]


def _cells_select(file: SourceFile, opened: _Opened, cells: list[_Cell]) -> str:
    """Each cell's text and kind, then its typed value, one step per subquery: every value is
    typed once, then both checked and used."""
    texts = ["r._row"] if opened.numbered else []
    texts += [f"{trimmed_sql('r.' + ident(c.header))} AS {c.text}" for c in cells]
    texts += [f"r.{ident(opened.kinds[c.header])} AS {c.kind}" for c in cells if c.kind]
    values = [f"{typed_cell(file.columns[c.target], c.text, c.kind)} AS {c.value}" for c in cells]
    # A file of no mapped column (every one a constant) still has its rows.
    read = f"SELECT {', '.join(texts) or '1 AS _one'} FROM {opened.rows} r"
    return f"SELECT *{''.join(', ' + v for v in values)} FROM ({read})"


def _combined(cells: list[_Cell]) -> tuple[str, str]:
    """(text, value) of a row for a column: those of the first of its headers that has a text."""
    if len(cells) == 1:
        return cells[0].text, cells[0].value
    whens = " ".join(f"WHEN {c.text} IS NOT NULL THEN {c.value}" for c in cells)
    return f"coalesce({', '.join(c.text for c in cells)})", f"CASE {whens} END"


def _must_have_value(mapping: Mapping, entity: str) -> set[str]:
    """The columns that identify a row: a row without one of them cannot be stored."""
    keys = set(NOT_BLANK.get(entity, ()))
    if entity == "reps":
        keys.add({"id": "rep_id", "email": "email", "name": "name"}[mapping.rep_key])
    if entity == "accounts":
        keys.add("account_id" if mapping.account_key == "id" else "name")
    return keys


def _value_checks(file: SourceFile, cell: _Cell) -> list[tuple[str, str]]:
    """(condition on a row, what is wrong when it holds) for each header's own values."""
    cm = file.columns[cell.target]
    if cm.mapping is not None and cm.default is None:
        known = ", ".join(w for w, _ in cm.mapping)
        return [
            (
                f"{cell.text} IS NOT NULL AND {cell.value} IS NULL",
                f"is not in the map of {cm.where} (known: {known})",
            )
        ]
    if cm.mapping is None and cm.kind in KIND_WORDS:
        return [(f"{cell.text} IS NOT NULL AND {cell.value} IS NULL", KIND_WORDS[cm.kind])]
    if cell.kind is not None and cm.mapping is None and is_id(file.entity, cell.target):
        return [id_lost(cell.text, cell.kind)]
    return []


def _row_checks(
    mapping: Mapping, file: SourceFile, target: str, text: str, value: str
) -> list[tuple[str, str]]:
    """(condition, what is wrong) for the value a row ends up with."""
    cm = file.columns[target]
    checks = []
    is_type = (file.entity, target) == ("activities", "type")
    if target in _must_have_value(mapping, file.entity) or (is_type and cm.default is None):
        checks.append((f"{text} IS NULL", "a value is required"))
    if is_type:
        kinds = ", ".join(sql_string(k) for k in ACTIVITY_TYPES)
        words = ", ".join(ACTIVITY_TYPES)
        checks.append(
            (
                f"{_value(cm, value)} NOT IN ({kinds})",
                f"is not an activity type ({words}): map the export's words in {cm.where}",
            )
        )
    return checks


def _checks(mapping: Mapping, file: SourceFile, cells: list[_Cell]) -> list[RowCheck]:
    """Every mapped value reads as its kind, every key has a value: in the order they are tried,
    so that the first one a file fails is reported. Conditions are over the cells' columns; the
    text a reason quotes is read from the raw row."""
    checks = []
    for target in dict.fromkeys(c.target for c in cells):
        own = [c for c in cells if c.target == target]
        for cell in own:
            for condition, words in _value_checks(file, cell):
                checks.append(RowCheck(condition, cell.header, words, _text((cell.header,))))
        text, value = _combined(own)
        shown = _text(tuple(c.header for c in own))
        for condition, words in _row_checks(mapping, file, target, text, value):
            checks.append(RowCheck(condition, own[0].header, words, shown))
    return checks


def _bad_rows(
    con: Any, staged: StagedExport, file: SourceFile, typed: TypedFile, checks: list[RowCheck]
) -> int:
    """Stop at the file's first problem: the first check (in order) that a row fails, at the
    first row that fails it. With `skip_invalid`, leave every bad row out (TypedFile.select)
    and record it instead; returns how many were left out."""
    table, raw = ident(typed.table), staged.raws[typed.raw]
    first, bad = con.execute(f"SELECT min(_problem), count(_problem) FROM {table}").fetchone()
    if first is None:
        return 0
    if not staged.skip_invalid:
        check = checks[first]
        (row,) = con.execute(
            f"SELECT min({typed.row}) FROM {table} WHERE _problem = ?", [first]
        ).fetchone()
        raw.ensure()
        (value,) = con.execute(
            f"SELECT {check.value} FROM {ident(raw.table)} r WHERE r._row = ?", [row]
        ).fetchone()
        message = problem_text(value, check.words)
        raise MalformedInputError(file.path.name, message, row=row, column=check.column)
    rows = f"SELECT {typed.row} AS _row, _problem FROM {table} WHERE _problem IS NOT NULL"
    rows_reject(con, typed.raw, raw, checks, rows=rows)
    staged.rejected_in(file.path.name, int(bad))
    return int(bad)


def _value(cm: ColumnMap, typed_value: str) -> str:
    """The column's value: the export's (typed), else the mapping's constant; else its default."""
    value = typed_value if cm.columns else literal(cm.value)
    return value if cm.default is None else f"coalesce({value}, {literal(cm.default)})"


# Columns whose text as written is kept beside their id (as _text_<column>), to name the reps.
_WRITTEN = {
    *((entity, t) for entity in ("reps", "managers") for t in ("rep", "manager", "email", "name")),
    *((entity, "owner_id") for entity in OWNER_ENTITIES),
}


def _inner_select(
    mapping: Mapping,
    file: SourceFile,
    cells: str,
    by_target: dict[str, list[_Cell]],
    checks: str,
    *,
    numbered: bool,
) -> str:
    """One row per export row: every mapped column typed, references turned into ids, and
    `_problem`, the first check the row fails (`checks`), over the cells of `cells` (and their
    row numbers, when they are `numbered`)."""
    items = ["_row"] if numbered else []
    items.append(f"{checks} AS _problem")
    for target, cm in file.columns.items():
        text, value = _combined(by_target[target]) if cm.columns else ("NULL", "NULL")
        value = _value(cm, value)
        if (file.entity, target) in REP_REFERENCES:
            value = derive_key(value, mapping.rep_key)
        elif (file.entity, target) in ACCOUNT_REFERENCES:
            value = derive_key(value, mapping.account_key)
        sql_type = SQL_TYPES[target_type(file.entity, target)]
        items.append(f"CAST({value} AS {sql_type}) AS {ident(target)}")
        if (file.entity, target) in _WRITTEN:
            items.append(f"{text} AS {ident('_text_' + target)}")
    return f"SELECT {', '.join(items)} FROM ({cells})"


def _outer_select(mapping: Mapping, file: SourceFile, inner: str) -> str:
    """The canonical row: the entity's own rules over the typed columns."""
    table = ENTITY_TABLES[file.entity]
    c = {name: mapped_column(file, name) for name in table.column_names if name != "source"}
    if file.entity == "accounts":
        if mapping.account_key == "name":
            c["account_id"] = derive_key(c["name"], "name")
        c["segment"] = f"coalesce({c['segment']}, 'Unknown')"
    elif file.entity == "opportunities":
        c["is_won"] = f"coalesce({c['is_won']}, FALSE)"
        c["is_closed"] = f"(coalesce({c['is_closed']}, FALSE) OR {c['is_won']})"
    elif file.entity == "activities" and "activity_id" not in file.columns:
        # No ids in the export: the same activity always hashes to the same id, so a second
        # import of the same file changes nothing.
        content = ", ".join(
            f"coalesce(CAST({c[k]} AS VARCHAR), '')"
            for k in (
                "owner_id",
                "type",
                "occurred_at",
                "opportunity_id",
                "account_id",
                "duration_minutes",
            )
        )
        c["activity_id"] = f"('h:' || md5(concat_ws('|', {content})))"
    columns = ", ".join(f"{expr} AS {ident(name)}" for name, expr in c.items())
    return f"SELECT _row, {sql_string(mapping.source)} AS source, {columns} FROM ({inner}) m"


def _key_headers(mapping: Mapping, file: SourceFile, headers: dict[str, tuple[str, ...]]) -> str:
    """The file's columns that hold a row's key, for the rejects file."""
    if file.entity == "managers":
        keys: tuple[str, ...] = ("rep",)
    elif file.entity == "reps":
        keys = ({"id": "rep_id", "email": "email", "name": "name"}[mapping.rep_key],)
    elif file.entity == "accounts" and mapping.account_key == "name":
        keys = ("name",)
    else:
        keys = tuple(k for k in ENTITY_TABLES[file.entity].key if k != "source")
    return ", ".join(h for key in keys for h in headers.get(key, ()))


def _stage(
    con: Any,
    staged: StagedExport,
    source: EntitySource,
    select: str,
    *,
    raw: int,
    key_headers: str,
    computed: bool,
) -> StagedEntity:
    """Stage a file's canonical rows: a view over its typed rows, which are a table already
    (the canonical columns are those columns renamed, with a default or two), so they are not
    copied again; a table when a column is computed at some cost (an activity's hashed id),
    which the checks and the merge would otherwise compute again at every reading."""
    if computed:
        return stage_entity(con, staged, source, select, raw=raw, key_headers=key_headers)
    stage = f"stage_{source.entity}"
    con.execute(f"CREATE OR REPLACE TEMP VIEW {ident(stage)} AS {select}")
    (read,) = con.execute(f"SELECT count(*) FROM {ident(stage)}").fetchone()
    entity = StagedEntity(
        source=source, stage=stage, read=int(read), raw=raw, key_headers=key_headers
    )
    staged.entities.append(entity)
    return entity


@dataclass(frozen=True)
class _Typing:
    typed: TypedFile
    create: str  # the statement creating the typed table
    checks: list[RowCheck]


def _typing(mapping: Mapping, staged: StagedExport, number: int, opened: _Opened) -> _Typing:
    """How the mapping's file `number` is typed and checked, in one pass over its rows."""
    file = mapping.files[number]
    headers = _headers(file, opened.headers)
    cells = _cells(headers, opened.kinds)
    checks = _checks(mapping, file, cells)
    typed = TypedFile(
        table=f"map_typed_{number}",
        raw=staged.raw_add(
            RawRows(file.path.name, f"map_raw_{number}", opened.headers, load=opened.load)
        ),
        key_headers=_key_headers(mapping, file, headers),
        row="_row" if opened.numbered else f"rowid + {CSV_FIRST_ROW}",
    )
    by_target = {t: [c for c in cells if c.target == t] for t in headers}
    select = _cells_select(file, opened, cells)
    inner = _inner_select(
        mapping, file, select, by_target, first_problem(checks), numbered=opened.numbered
    )
    create = f"CREATE OR REPLACE TEMP TABLE {ident(typed.table)} AS {inner}"
    return _Typing(typed, create, checks)


def _typed_file(
    con: Any, mapping: Mapping, staged: StagedExport, number: int, workbooks: Workbooks
) -> TypedFile:
    """Read the mapping's file `number` and type and check its rows, in one pass: a sheet as
    its rows stream in from its reader, a UTF-8 CSV file straight from the file."""
    file = mapping.files[number]
    raw = f"map_raw_{number}"
    if file.is_spreadsheet:
        typings: list[_Typing] = []

        def typed_sheet(sheet: RawSheet, rows: str) -> str:
            staged.files.append(FileRead(file.path.name, sheet=sheet.sheet))
            load = partial(_sheet_raw, con, file, raw)
            opened = _Opened(sheet.headers, sheet.kinds, rows, numbered=True, load=load)
            typings.append(_typing(mapping, staged, number, opened))
            return typings[0].create

        workbooks.sheet_typed(con, file.path, typed_sheet)
        typing, eager = typings[0], False
    else:
        opened = _csv_opened(con, file, raw, staged)
        typing, eager = _typing(mapping, staged, number, opened), opened.load is None
        try:
            con.execute(typing.create)
        except duckdb.Error as exc:
            if opened.csv is None:
                raise
            raise csv_unreadable(opened.csv, exc) from exc
    typed = typing.typed
    typed.invalid = _bad_rows(con, staged, file, typed, typing.checks)
    if eager and not staged.skip_invalid:
        # Its rows are typed and good: only rejected rows are ever quoted from the raw table.
        con.execute(f"DROP TABLE {ident(raw)}")
    return typed


def stage_mapped_export(
    con: Any, location: Path, *, progress: FileProgress = quiet, skip_invalid: bool = False
) -> StagedExport:
    """Read the mapping at `location`, then read, check and stage every file it names."""
    mapping = mapping_read(location)
    staged = StagedExport(
        source=mapping.source,
        progress=progress,
        files_total=len(mapping.files),
        skip_invalid=skip_invalid,
    )
    staged.notes.extend(mapping.notes)  # the file each pattern found, the sections skipped
    typed: dict[int, TypedFile] = {}
    if mapping.has_user_file:
        reps_tables_create(con)
    wanted = [(f.path, f.sheet, f.where) for f in mapping.files if f.is_spreadsheet]
    with Workbooks(wanted) as workbooks:
        for number, file in enumerate(mapping.files):
            staged.reading(file.path.name)
            typed[number] = _typed_file(con, mapping, staged, number, workbooks)
            if file.entity in ("reps", "managers"):
                reps_file_insert(con, mapping, number, typed[number])
    if mapping.has_user_file:
        reps_stage(con, mapping, staged, typed)
    else:
        owner_reps_stage(con, mapping, staged, typed)
    for number, file in enumerate(mapping.files):
        if file.entity in ("reps", "managers"):
            continue
        several = len(mapping.of(file.entity)) > 1
        entity = f"{file.entity}_{number}" if several else file.entity
        table = ENTITY_TABLES[file.entity].name
        select = _outer_select(mapping, file, typed[number].select)
        source = EntitySource(entity, file.path.name, table)
        staged_entity = _stage(
            con,
            staged,
            source,
            select,
            raw=typed[number].raw,
            key_headers=typed[number].key_headers,
            computed=file.entity == "activities" and "activity_id" not in file.columns,
        )
        invalid_left_out(staged_entity, typed[number].invalid)
    return staged
