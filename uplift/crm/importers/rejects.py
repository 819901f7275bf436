"""Rows an import leaves out when asked to (`--skip-invalid`), and the file that gives them back.

An importer that skips a row records it in one temporary table, `import_rejects`: which file
(an index into the export's raw files), its row number, the column, what is wrong and the value
that is wrong. The row's cells stay where the importer read them, in the file's raw table (`_row`
and one text column per header), and the rejects file copies them from there: each rejected row
as its file had it, then the file's name, the row number, the column and the reason.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uplift.crm.importers.csvread import KIND_WORDS, Check, ident, sql_string
from uplift.crm.importers.errors import problem_text

REJECTS_TABLE = "import_rejects"
# Added after the file's own columns in the rejects file (a header of the same name gets a "_").
EXTRA_COLUMNS = ("rejected_file", "rejected_row", "rejected_column", "rejected_reason")
UNREADABLE_WORDS = "a value is blank or cannot be read"
FETCH_ROWS = 10_000


@dataclass
class RawRows:
    """One export file's rows as text, with their row numbers `_row`, in a temporary table.

    `load` reads the file into `table` the first time its rows are needed (an importer that
    stages straight from the file reads it again only when one of its rows is rejected)."""

    file: str
    table: str
    headers: list[str] = field(default_factory=list)
    load: Callable[[], list[str]] | None = None

    def ensure(self) -> None:
        if self.load is not None:
            self.headers = self.load()
            self.load = None


@dataclass(frozen=True)
class RowCheck:
    """What must hold on every row of a raw table (`r`), and what to say where it does not."""

    condition: str  # SQL over the row, true when the row is bad
    column: str  # the header the reason names
    words: str  # what is wrong ("is not an amount")
    value: str = "NULL"  # SQL of the text the reason quotes; NULL when it quotes none


def first_problem(checks: Sequence[RowCheck]) -> str:
    """SQL: the index of the first check that fails on the row, NULL when every check holds."""
    if not checks:
        return "CAST(NULL AS INTEGER)"
    whens = " ".join(f"WHEN {c.condition} THEN {i}" for i, c in enumerate(checks))
    return f"CASE {whens} END"


def column_checks_of(
    checks: Sequence[Check], words: dict[str, str] | None = None
) -> list[RowCheck]:
    """The checks of `csvread.column_checks` (a blank required value, an unreadable one) as row
    checks, quoting the cell as the file has it."""
    said = KIND_WORDS if words is None else words
    return [
        RowCheck(condition, column.name, "a value is required")
        if problem == "blank"
        else RowCheck(condition, column.name, said[column.kind], ident(column.name))
        for column, problem, condition in checks
    ]


def rejects_create(con: Any) -> None:
    con.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {REJECTS_TABLE} (_source INTEGER, _row BIGINT, "
        "_column VARCHAR, _words VARCHAR, _value VARCHAR)"
    )


def rejects_insert(con: Any, select: str) -> None:
    """Record rejected rows: `select` yields (source index, row, column, words, value)."""
    rejects_create(con)
    con.execute(f"INSERT INTO {REJECTS_TABLE} {select}")


def rows_reject(
    con: Any,
    source: int,
    raw: RawRows,
    checks: Sequence[RowCheck],
    *,
    rows: str,
    problem: str | None = None,
) -> None:
    """Record the rows of `raw` that `rows` names (SQL yielding `_row`, and `_problem`, the index
    of the check that fails, unless `problem` computes it over the raw row `r`)."""
    raw.ensure()
    found = problem or "s._problem"
    values = "".join(f", {c.value} AS _v{i}" for i, c in enumerate(checks))
    columns = " ".join(f"WHEN {i} THEN {sql_string(c.column)}" for i, c in enumerate(checks))
    words = " ".join(f"WHEN {i} THEN {sql_string(c.words)}" for i, c in enumerate(checks))
    shown = " ".join(f"WHEN {i} THEN CAST(_v{i} AS VARCHAR)" for i, c in enumerate(checks))
    case = "CASE x._p {} END" if checks else "NULL"
    rejects_insert(
        con,
        f"SELECT {source}, x._row, {case.format(columns)}, "
        f"coalesce({case.format(words)}, {sql_string(UNREADABLE_WORDS)}), {case.format(shown)} "
        f"FROM (SELECT s._row, {found} AS _p{values} FROM ({rows}) s "
        f"JOIN {ident(raw.table)} r ON r._row = s._row) x",
    )


def _unique(name: str, taken: set[str]) -> str:
    while name in taken:
        name = "_" + name
    return name


def rejects_write(con: Any, raws: Sequence[RawRows], path: Path) -> dict[str, int]:
    """Write every rejected row to `path` (CSV, UTF-8): its cells under its file's headers (the
    headers of every file with a rejected row, in order), then the file's name, the row number,
    the column and the reason. Rows follow their files' order, then their own. Returns the
    number of rows written per file."""
    rejects_create(con)
    counts = dict(
        con.execute(
            f"SELECT _source, count(*) FROM {REJECTS_TABLE} GROUP BY _source ORDER BY _source"
        ).fetchall()
    )
    headers: list[str] = []
    for index in counts:
        raws[index].ensure()
        headers += [h for h in raws[index].headers if h not in headers]
    extra = [_unique(name, set(headers)) for name in EXTRA_COLUMNS]
    written: dict[str, int] = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow([*headers, *extra])
        for index, count in counts.items():
            raw = raws[index]
            cells = "".join(f", r.{ident(h)}" for h in raw.headers)
            place = [headers.index(h) for h in raw.headers]
            found = con.execute(
                f"SELECT x._row, x._column, x._words, x._value{cells} FROM {REJECTS_TABLE} x "
                f"JOIN {ident(raw.table)} r ON r._row = x._row WHERE x._source = ? "
                "ORDER BY x._row",
                [index],
            )
            while batch := found.fetchmany(FETCH_ROWS):
                for row, column, words, value, *values in batch:
                    line: list[Any] = [None] * len(headers)
                    for at, cell in zip(place, values, strict=True):
                        line[at] = cell
                    reason = problem_text(value, words)
                    writer.writerow([*line, raw.file, row, column or "", reason])
            written[raw.file] = written.get(raw.file, 0) + int(count)
    return written
