"""Reading export files with DuckDB: streaming, typed on demand, and precise about bad input.

Files are read with every column as text; each typed column is then checked with TRY_ casts so
the first bad value can be reported with its file, row and column before anything is written.
Row numbers count the header as row 1, as a spreadsheet shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from uplift.crm.importers.errors import MalformedInputError

# No %z formats: DuckDB turns impossible dates into the next valid day when a list mixes time
# zone formats in (2024-02-30 became 2024-03-01), and exports write UTC with a Z anyway.
DATETIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S.%gZ",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S.%g",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
)
TRUE_WORDS = ("true", "1", "yes", "y", "t")
FALSE_WORDS = ("false", "0", "no", "n", "f")


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def datetime_formats_sql(formats: tuple[str, ...] = DATETIME_FORMATS) -> str:
    return "[" + ", ".join(sql_string(f) for f in formats) + "]"


@dataclass(frozen=True)
class Column:
    """How to read one source column. kind: text, id, date, datetime, money, number, bool."""

    name: str
    kind: str = "text"
    required: bool = False  # the column must exist in the file
    not_blank: bool = False  # and every row must have a value


def typed_sql(expr: str, kind: str, *, date_formats: str | None = None) -> str:
    """SQL turning a text expression into its typed value (NULL when blank)."""
    return typed_value(f"NULLIF(trim({expr}), '')", kind, date_formats=date_formats)


def trimmed_sql(expr: str) -> str:
    """`NULLIF(trim(expr), '')`, without copying the many values that need no trimming."""
    return (
        f"CASE WHEN {expr} = '' THEN NULL WHEN starts_with({expr}, ' ') OR ends_with({expr}, ' ') "
        f"THEN NULLIF(trim({expr}), '') ELSE {expr} END"
    )


def typed_value(value: str, kind: str, *, date_formats: str | None = None) -> str:  # noqa: PLR0911
    """SQL turning a trimmed text (NULL when blank) into its typed value."""
    if kind in ("text", "id"):
        return value
    if kind in ("datetime", "date") and date_formats is None:
        # DuckDB's own cast reads ISO 8601 (2024-03-15, 2024-03-15 14:30, 2024-03-15T14:30:00.000Z)
        # and refuses impossible dates; it is many times faster than trying a list of formats.
        return f"TRY_CAST({value} AS {'TIMESTAMP' if kind == 'datetime' else 'DATE'})"
    formats = date_formats or datetime_formats_sql()
    if kind == "datetime":
        return f"try_strptime({value}, {formats})"
    if kind == "date":
        return f"CAST(try_strptime({value}, {formats}) AS DATE)"
    if kind == "money":
        # 18 digits (amounts below 100 trillion) keep DuckDB on 64-bit decimals, many times
        # faster than 38; larger or non-numeric values read as not an amount.
        return f"CAST(round(TRY_CAST({value} AS DECIMAL(18, 4)) * 100) AS BIGINT)"
    if kind == "number":
        return f"TRY_CAST({value} AS DOUBLE)"
    if kind == "bool":
        words_true = ", ".join(sql_string(w) for w in TRUE_WORDS)
        words_false = ", ".join(sql_string(w) for w in FALSE_WORDS)
        return (
            f"CASE WHEN lower({value}) IN ({words_true}) THEN TRUE "
            f"WHEN lower({value}) IN ({words_false}) THEN FALSE END"
        )
    raise ValueError(f"unknown column kind {kind!r}")


KIND_WORDS = {
    "date": "is not a date (expected e.g. 2024-03-15)",
    "datetime": "is not a date-time (expected e.g. 2024-03-15T14:30:00.000Z)",
    "money": "is not an amount",
    "number": "is not a number",
    "bool": "is not true or false",
}


def csv_source(path: Path, delimiter: str = ",") -> str:
    """SQL reading a CSV file as text columns, strictly (a ragged or unclosed row is an error)."""
    return (
        f"read_csv({sql_string(str(path))}, all_varchar = true, header = true, "
        f"delim = {sql_string(delimiter)}, quote = '\"', escape = '\"', strict_mode = true, "
        "null_padding = false)"
    )


def unreadable(path: Path, exc: Exception) -> MalformedInputError:
    """The error for a file DuckDB cannot parse: its first line (which names the line), the file."""
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return MalformedInputError(path.name, f"cannot be read as CSV: {first_line}")


def csv_columns(con: Any, path: Path, delimiter: str = ",") -> list[str]:
    """The file's column names, from its first lines (nothing else is read)."""
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {csv_source(path, delimiter)}")
        return [row[0] for row in described.fetchall()]
    except duckdb.Error as exc:
        raise unreadable(path, exc) from exc


def read_raw(con: Any, path: Path, table: str, delimiter: str = ",") -> list[str]:
    """Load a CSV file as text columns into a temporary table with its row numbers.

    Returns the file's column names. Raises MalformedInputError when the file cannot be parsed.
    """
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {ident(table)} AS "
            f"SELECT row_number() OVER () + 1 AS _row, * FROM {csv_source(path, delimiter)}"
        )
    except duckdb.Error as exc:  # DuckDB reports the line; keep its words, name the file
        raise unreadable(path, exc) from exc
    columns = [row[0] for row in con.execute(f"DESCRIBE {ident(table)}").fetchall()]
    return [c for c in columns if c != "_row"]


Check = tuple[Column, str, str]  # (column, "blank" or "bad", SQL condition that holds on a bad row)
Typing = Callable[[str, str], str]  # (text expression, kind) -> typed SQL, NULL when unreadable


def column_checks(
    file: str,
    present: list[str],
    columns: list[Column],
    *,
    typed: Typing = typed_sql,
    words: Mapping[str, str] = KIND_WORDS,
) -> list[Check]:
    """What must hold on every row: required values given, typed values readable.

    `typed` reads a value of a kind (a source's own formats); `words` say, per kind that is
    checked, what an unreadable value is not. Raises MalformedInputError for a required column
    that is not in the file at all.
    """
    checks: list[Check] = []
    for column in columns:
        if column.name not in present:
            if column.required:
                raise MalformedInputError(
                    file, "the required column is missing", column=column.name
                )
            continue
        source = ident(column.name)
        blank = f"NULLIF(trim({source}), '') IS NULL"
        if column.not_blank:
            checks.append((column, "blank", blank))
        if column.kind in words:
            checks.append(
                (column, "bad", f"NOT ({blank}) AND ({typed(source, column.kind)}) IS NULL")
            )
    return checks


def check_columns(
    con: Any,
    file: str,
    table: str,
    present: list[str],
    columns: list[Column],
    *,
    typed: Typing = typed_sql,
    words: Mapping[str, str] = KIND_WORDS,
) -> None:
    """Every required column exists; every typed value parses; no required value is blank.

    One scan of the raw table (with its `_row` numbers) finds, for every column, the first blank
    or unreadable value; the earliest problem in the file is reported. `typed` and `words` as
    in `column_checks`.
    """
    checks = column_checks(file, present, columns, typed=typed, words=words)
    if not checks:
        return
    firsts = con.execute(
        "SELECT "
        + ", ".join(f"min(_row) FILTER (WHERE {cond})" for _, _, cond in checks)
        + f" FROM {ident(table)}"
    ).fetchone()
    found = [(row, index) for index, row in enumerate(firsts) if row is not None]
    if not found:
        return
    row, index = min(found)
    column, problem, _ = checks[index]
    if problem == "blank":
        raise MalformedInputError(file, "a value is required", row=row, column=column.name)
    value = con.execute(
        f"SELECT {ident(column.name)} FROM {ident(table)} WHERE _row = ?", [row]
    ).fetchone()[0]
    shown = value if len(value) <= 60 else value[:57] + "..."
    raise MalformedInputError(file, f"{shown!r} {words[column.kind]}", row=row, column=column.name)


def column_or_null(present: list[str], name: str) -> str:
    return ident(name) if name in present else "NULL"
