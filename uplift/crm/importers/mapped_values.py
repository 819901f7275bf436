"""How the mapping's columns are read: SQL turning an export's text into each column's kind.

Every function returns SQL text over a trimmed, NULL-when-blank text expression, and yields NULL
where the text does not read as its kind, so the same expression both checks a file (find the
first row where it is NULL but the text is not) and stages it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from uplift.crm.importers.csvread import (
    DATETIME_FORMATS,
    datetime_formats_sql,
    ident,
    sql_string,
    typed_value,
)
from uplift.crm.importers.mapping import ColumnMap, SourceFile, target_type
from uplift.crm.importers.spreadsheets import DATE, NUMBER

DEFAULT_FORMATS = (*DATETIME_FORMATS, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")
SQL_TYPES = {
    "string": "VARCHAR",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "boolean": "BOOLEAN",
}
KIND_WORDS = {
    "date": "is not a date in the mapping's formats",
    "datetime": "is not a date-time in the mapping's formats",
    "money": "is not an amount",
    "cents": "is not an amount in cents",
    "minutes": "is not a number",
    "seconds": "is not a number",
    "hours": "is not a number",
    "milliseconds": "is not a number",
    "hms": "is not a duration (expected H:MM:SS or M:SS)",
    "hm": "is not a duration (expected H:MM)",
    "bool": "is not true or false (add it to the column's map)",
}
ID_LOST_WORDS = (
    "is stored as a number, so the id's digits may already be lost (a spreadsheet keeps 15): "
    "format the column as text in the spreadsheet before exporting"
)
_SERIAL_DAYS_TO_10000 = 2958466  # 1899-12-30 to 10000-01-01: the last day a spreadsheet shows
_MINUTES_PER = {"minutes": 1.0, "seconds": 1 / 60, "hours": 60.0, "milliseconds": 1 / 60_000}


def literal(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP {sql_string(value.replace(tzinfo=None).isoformat(sep=' '))}"
    if isinstance(value, dt.date):
        return f"DATE {sql_string(value.isoformat())}"
    return sql_string(str(value))


def _cleaned(text: str, decimal: str) -> str:
    """The text of a number without spaces or a currency sign, its thousands separators dropped
    only where they really are separators, and its decimal mark a point."""
    bare = f"regexp_replace({text}, '[\\s$€£¥]', '', 'g')"
    if decimal == ",":
        return (
            f"CASE WHEN regexp_full_match({bare}, '[-+]?[0-9]{{1,3}}(\\.[0-9]{{3}})+(,[0-9]+)?') "
            f"THEN replace(replace({bare}, '.', ''), ',', '.') "
            f"WHEN regexp_full_match({bare}, '[-+]?[0-9]+(,[0-9]+)?') "
            f"THEN replace({bare}, ',', '.') ELSE {bare} END"
        )
    return (
        f"CASE WHEN regexp_full_match({bare}, '[-+]?[0-9]{{1,3}}(,[0-9]{{3}})+(\\.[0-9]+)?') "
        f"THEN replace({bare}, ',', '') ELSE {bare} END"
    )


def _numbers(text: str, decimal: str) -> list[str]:
    """Text → DECIMAL with 6 decimals, the ways to try in turn (the first that reads wins; each
    reads a text it accepts as the last one would).

    DuckDB reads text as a 64-bit decimal (18 digits) a hundred times faster than as a 128-bit
    one (38 digits), and a plain number ("3500", "-12.5") needs no cleaning: such values, nearly
    all of them, are read first; only the others are cleaned, and only the largest read as 38
    digits. With a decimal comma the text is always cleaned ("1.234" is a thousand)."""
    cleaned = _cleaned(text, decimal)
    plain = [] if decimal == "," else [f"TRY_CAST({text} AS DECIMAL(18, 6))"]
    return [
        *plain,
        f"TRY_CAST({cleaned} AS DECIMAL(18, 6))",
        f"TRY_CAST({cleaned} AS DECIMAL(38, 6))",
    ]


def _first_number(text: str, decimal: str, scaled: Callable[[str], str]) -> str:
    """SQL: `scaled` of the first of `_numbers` that reads, NULL for a blank text."""
    tries = ", ".join(scaled(number) for number in _numbers(text, decimal))
    return f"CASE WHEN {text} IS NOT NULL THEN coalesce({tries}) END"


def _clock_minutes(text: str, kind: str) -> str:
    """'1:02:30' (hms) or '0:45' as minutes:seconds (hms) or hours:minutes (hm) → minutes."""
    part = [f"TRY_CAST(string_split({text}, ':')[{i}] AS DOUBLE)" for i in (1, 2, 3)]
    two = f"{part[0]} * 60 + {part[1]}" if kind == "hm" else f"{part[0]} + {part[1]} / 60"
    return (
        f"CASE WHEN regexp_full_match({text}, '[0-9]+:[0-5][0-9]:[0-5][0-9]') "
        f"THEN {part[0]} * 60 + {part[1]} + {part[2]} / 60 "
        f"WHEN regexp_full_match({text}, '[0-9]+:[0-5][0-9]') THEN {two} END"
    )


def _numeric(cm: ColumnMap, text: str) -> str | None:
    """Amounts and durations: the export's number, scaled to cents or minutes."""
    if cm.kind == "money":
        return _first_number(text, cm.decimal, lambda n: f"CAST(round({n} * 100) AS BIGINT)")
    if cm.kind == "cents":
        return _first_number(text, cm.decimal, lambda n: f"CAST(round({n}) AS BIGINT)")
    if cm.kind in _MINUTES_PER:
        factor = _MINUTES_PER[cm.kind]
        return _first_number(text, cm.decimal, lambda n: f"CAST({n} AS DOUBLE) * {factor}")
    if cm.kind in ("hms", "hm"):
        return _clock_minutes(text, cm.kind)
    return None


def typed(cm: ColumnMap, text: str) -> str:
    """SQL reading a trimmed, NULL-when-blank text as the column's kind (NULL when it fails)."""
    if cm.mapping is not None:
        whens = " ".join(f"WHEN {sql_string(w)} THEN {literal(v)}" for w, v in cm.mapping)
        return f"CASE lower({text}) {whens} END"
    if cm.kind in ("date", "datetime"):
        moment = f"try_strptime({text}, {datetime_formats_sql(cm.formats or DEFAULT_FORMATS)})"
        return f"CAST({moment} AS {'DATE' if cm.kind == 'date' else 'TIMESTAMP'})"
    return _numeric(cm, text) or typed_value(text, cm.kind)  # or text and bool: `text` is trimmed


def _stored(cm: ColumnMap, text: str, kind: str) -> str | None:
    """A cell that a spreadsheet stored as a number or a date, read as the column's kind: never
    through the mapping's decimal mark or date formats. NULL where it does not fit the kind."""
    number = f"(CASE WHEN {kind} = '{NUMBER}' THEN TRY_CAST({text} AS DOUBLE) END)"
    if cm.kind in ("date", "datetime"):
        # A number in a date column is a serial date, days since the spreadsheets' 1899-12-30.
        serial = (
            f"CASE WHEN {number} >= 1 AND {number} < {_SERIAL_DAYS_TO_10000} "
            f"THEN TIMESTAMP '1899-12-30' + to_seconds(CAST(round({number} * 86400) AS BIGINT)) "
            "END"
        )
        moment = f"CASE WHEN {kind} = '{DATE}' THEN TRY_CAST({text} AS TIMESTAMP) ELSE {serial} END"
        return f"CAST({moment} AS {'DATE' if cm.kind == 'date' else 'TIMESTAMP'})"
    if cm.kind == "money":
        return f"TRY_CAST(round({number} * 100) AS BIGINT)"
    if cm.kind == "cents":
        return f"TRY_CAST(round({number}) AS BIGINT)"
    if cm.kind in _MINUTES_PER:
        return f"{number} * {_MINUTES_PER[cm.kind]}"
    return None  # text, true/false and clock durations read the cell's text


def typed_cell(cm: ColumnMap, text: str, kind: str | None) -> str:
    """typed(), for a spreadsheet's cell: `kind` is the SQL of how it was stored (NULL for text,
    see spreadsheets.py), None for a CSV file's."""
    value = typed(cm, text)
    stored = None if kind is None or cm.mapping is not None else _stored(cm, text, kind)
    return value if stored is None else f"CASE WHEN {kind} IS NULL THEN {value} ELSE {stored} END"


def is_id(entity: str, target: str) -> bool:
    """A column of ids, whose text must be exact: never a number a spreadsheet may have rounded."""
    return target.endswith("_id") or (entity == "managers" and target in ("rep", "manager"))


def id_lost(text: str, kind: str) -> tuple[str, str]:
    """(condition, what is wrong) for an id cell stored as a number that is not a short integer
    (spreadsheets.number_text writes those in full)."""
    return f"{kind} = '{NUMBER}' AND NOT regexp_full_match({text}, '-?[0-9]+')", ID_LOST_WORDS


def derive_key(value: str, key: str) -> str:
    """The stable id of a rep or account known by `key`: the same text gives the same id."""
    if key == "email":
        return f"('email:' || lower({value}))"
    if key == "name":
        return f"('name:' || lower(regexp_replace({value}, '\\s+', ' ', 'g')))"
    return value


def mapped_column(file: SourceFile, target: str) -> str:
    """A canonical column of the inner select, or a typed NULL when the mapping leaves it out."""
    if target in file.columns:
        return ident(target)
    return f"CAST(NULL AS {SQL_TYPES[target_type(file.entity, target)]})"
