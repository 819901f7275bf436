"""Any CRM export through a mapping file (`uplift import csv --mapping FILE`) → canonical staging.

The mapping (see mapping.py and docs/mapping-format.md) names, for each canonical column, the
export's header or a constant, how to read it and how to translate its words. Reps may be known
by id, e-mail or name: exports from spreadsheets and small CRMs often have no user ids, so a
stable id is derived from the key ("email:ann@x.com", "name:ann lee") and every file that names
an owner or a manager derives it the same way. An optional managers file supplies each rep's
manager, team and region.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from uplift.analytics.canonical import ACTIVITY_TYPES
from uplift.crm.importers.csvread import (
    DATETIME_FORMATS,
    datetime_formats_sql,
    ident,
    read_raw,
    sql_string,
    typed_sql,
)
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.mapping import (
    ACCOUNT_REFERENCES,
    ENTITY_TABLES,
    NOT_BLANK,
    REP_REFERENCES,
    ColumnMap,
    Mapping,
    SourceFile,
    mapping_read,
    target_type,
)
from uplift.crm.importers.staging import (
    EntitySource,
    FileProgress,
    StagedExport,
    quiet,
    stage_entity,
)

DEFAULT_FORMATS = (*DATETIME_FORMATS, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")
SQL_TYPES = {
    "string": "VARCHAR",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "boolean": "BOOLEAN",
}
_KIND_WORDS = {
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
_MINUTES_PER = {"minutes": 1.0, "seconds": 1 / 60, "hours": 60.0, "milliseconds": 1 / 60_000}


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP {sql_string(value.replace(tzinfo=None).isoformat(sep=' '))}"
    if isinstance(value, dt.date):
        return f"DATE {sql_string(value.isoformat())}"
    return sql_string(str(value))


def _number(text: str, decimal: str) -> str:
    """Text → DECIMAL, accepting thousands separators only where they really are separators."""
    bare = f"regexp_replace({text}, '[\\s$€£¥]', '', 'g')"
    if decimal == ",":
        cleaned = (
            f"CASE WHEN regexp_full_match({bare}, '[-+]?[0-9]{{1,3}}(\\.[0-9]{{3}})+(,[0-9]+)?') "
            f"THEN replace(replace({bare}, '.', ''), ',', '.') "
            f"WHEN regexp_full_match({bare}, '[-+]?[0-9]+(,[0-9]+)?') "
            f"THEN replace({bare}, ',', '.') ELSE {bare} END"
        )
    else:
        cleaned = (
            f"CASE WHEN regexp_full_match({bare}, '[-+]?[0-9]{{1,3}}(,[0-9]{{3}})+(\\.[0-9]+)?') "
            f"THEN replace({bare}, ',', '') ELSE {bare} END"
        )
    return f"TRY_CAST({cleaned} AS DECIMAL(38, 6))"


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
    number = _number(text, cm.decimal)
    if cm.kind == "money":
        return f"CAST(round({number} * 100) AS BIGINT)"
    if cm.kind == "cents":
        return f"CAST(round({number}) AS BIGINT)"
    if cm.kind in _MINUTES_PER:
        return f"CAST({number} AS DOUBLE) * {_MINUTES_PER[cm.kind]}"
    if cm.kind in ("hms", "hm"):
        return _clock_minutes(text, cm.kind)
    return None


def typed(cm: ColumnMap, text: str) -> str:
    """SQL reading a trimmed, NULL-when-blank text as the column's kind (NULL when it fails)."""
    if cm.mapping is not None:
        whens = " ".join(f"WHEN {sql_string(w)} THEN {_literal(v)}" for w, v in cm.mapping)
        return f"CASE lower({text}) {whens} END"
    if cm.kind in ("date", "datetime"):
        moment = f"try_strptime({text}, {datetime_formats_sql(cm.formats or DEFAULT_FORMATS)})"
        return f"CAST({moment} AS {'DATE' if cm.kind == 'date' else 'TIMESTAMP'})"
    return _numeric(cm, text) or typed_sql(text, cm.kind)  # or text and bool


def derive_key(value: str, key: str) -> str:
    """The stable id of a rep or account known by `key`: the same text gives the same id."""
    if key == "email":
        return f"('email:' || lower({value}))"
    if key == "name":
        return f"('name:' || lower(regexp_replace({value}, '\\s+', ' ', 'g')))"
    return value


def _read(con: Any, path: Path, table: str, delimiter: str) -> list[str]:
    if delimiter == ",":
        return read_raw(con, path, table)
    # Exports saved by spreadsheets in many locales use ";" or a tab between fields.
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {ident(table)} AS "
            f"SELECT row_number() OVER () + 1 AS _row, * FROM read_csv({sql_string(str(path))}, "
            f"all_varchar = true, header = true, delim = {sql_string(delimiter)}, quote = '\"', "
            "escape = '\"', strict_mode = true, null_padding = false, sample_size = -1)"
        )
    except Exception as exc:  # DuckDB names the line; keep its words, name the file
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MalformedInputError(path.name, f"cannot be read as CSV: {first}") from exc
    columns = [row[0] for row in con.execute(f"DESCRIBE {ident(table)}").fetchall()]
    return [c for c in columns if c != "_row"]


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
    """The first non-blank of the headers' trimmed values, or NULL."""
    values = [f"NULLIF(trim(r.{ident(h)}), '')" for h in headers]
    return values[0] if len(values) == 1 else f"coalesce({', '.join(values)})"


def _must_have_value(mapping: Mapping, entity: str) -> set[str]:
    """The columns that identify a row: a row without one of them cannot be stored."""
    keys = set(NOT_BLANK.get(entity, ()))
    if entity == "reps":
        keys.add({"id": "rep_id", "email": "email", "name": "name"}[mapping.rep_key])
    if entity == "accounts":
        keys.add("account_id" if mapping.account_key == "id" else "name")
    return keys


def _value_checks(cm: ColumnMap, text: str) -> list[tuple[str, str]]:
    """(condition on a row, what is wrong when it holds) for each header's own values."""
    if cm.mapping is not None and cm.default is None:
        known = ", ".join(w for w, _ in cm.mapping)
        return [
            (
                f"{text} IS NOT NULL AND ({typed(cm, text)}) IS NULL",
                f"is not in the map of {cm.where} (known: {known})",
            )
        ]
    if cm.mapping is None and cm.kind in _KIND_WORDS:
        return [(f"{text} IS NOT NULL AND ({typed(cm, text)}) IS NULL", _KIND_WORDS[cm.kind])]
    return []


def _row_checks(
    mapping: Mapping, file: SourceFile, target: str, text: str
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
                f"{_value(cm, text)} NOT IN ({kinds})",
                f"is not an activity type ({words}): map the export's words in {cm.where}",
            )
        )
    return checks


def _check(
    con: Any, mapping: Mapping, file: SourceFile, raw: str, headers: dict[str, tuple[str, ...]]
) -> None:
    """Every mapped value reads as its kind, every key has a value, or say which row does not."""
    for target, names in headers.items():
        cm = file.columns[target]
        checks = [
            (h, _text((h,)), check) for h in names for check in _value_checks(cm, _text((h,)))
        ]
        combined = _text(names)
        checks += [(names[0], combined, c) for c in _row_checks(mapping, file, target, combined)]
        for header, text, (condition, words) in checks:
            row = con.execute(
                f"SELECT _row, {text} FROM {ident(raw)} r WHERE {condition} ORDER BY _row LIMIT 1"
            ).fetchone()
            if row is None:
                continue
            shown = row[1] if row[1] is None or len(row[1]) <= 60 else row[1][:57] + "..."
            message = words if row[1] is None else f"{shown!r} {words}"
            raise MalformedInputError(file.path.name, message, row=row[0], column=header)


def _value(cm: ColumnMap, text: str) -> str:
    value = typed(cm, text) if cm.columns else _literal(cm.value)
    return value if cm.default is None else f"coalesce({value}, {_literal(cm.default)})"


def _inner_select(
    mapping: Mapping, file: SourceFile, raw: str, headers: dict[str, tuple[str, ...]]
) -> str:
    """One row per export row: every mapped column typed, references turned into ids."""
    items = ["_row"]
    for target, cm in file.columns.items():
        text = _text(headers[target]) if cm.columns else "NULL"
        value = _value(cm, text)
        if (file.entity, target) in REP_REFERENCES:
            value = derive_key(value, mapping.rep_key)
        elif (file.entity, target) in ACCOUNT_REFERENCES:
            value = derive_key(value, mapping.account_key)
        sql_type = SQL_TYPES[target_type(file.entity, target)]
        items.append(f"CAST({value} AS {sql_type}) AS {ident(target)}")
        if file.entity in ("reps", "managers") and target in ("rep", "manager", "email", "name"):
            items.append(f"{text} AS {ident('_text_' + target)}")
    return f"SELECT {', '.join(items)} FROM {ident(raw)} r"


def _column(file: SourceFile, target: str) -> str:
    """A canonical column of the inner select, or a typed NULL when the mapping leaves it out."""
    if target in file.columns:
        return ident(target)
    return f"CAST(NULL AS {SQL_TYPES[target_type(file.entity, target)]})"


def _outer_select(mapping: Mapping, file: SourceFile, inner: str) -> str:
    """The canonical row: the entity's own rules over the typed columns."""
    table = ENTITY_TABLES[file.entity]
    c = {name: _column(file, name) for name in table.column_names if name != "source"}
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


def _guess(text: str, key: str) -> tuple[str, str]:
    """(name, email) of a rep known only by the key written in a managers file."""
    if key == "email":
        return f"lower({text})", f"lower({text})"
    if key == "name":
        return f"regexp_replace({text}, '\\s+', ' ', 'g')", "CAST(NULL AS VARCHAR)"
    return text, "CAST(NULL AS VARCHAR)"


def _stage_reps(con: Any, mapping: Mapping, staged: StagedExport, inners: dict[int, str]) -> None:
    """Reps from the reps files, completed by the managers file: one row per rep.

    The managers file is the authority on manager, team and region; anyone it names as a
    manager who is not listed anywhere is added, so the manager chain has no holes.
    """
    key = mapping.rep_key
    con.execute(
        "CREATE OR REPLACE TEMP TABLE map_reps (_row BIGINT, _file INTEGER, rep_id VARCHAR, "
        "name VARCHAR, email VARCHAR, manager_id VARCHAR, team VARCHAR, region VARCHAR, "
        "title VARCHAR, hire_date DATE, active BOOLEAN);"
        "CREATE OR REPLACE TEMP TABLE map_managers (_row BIGINT, rep_id VARCHAR, rep_text VARCHAR,"
        " manager_id VARCHAR, manager_text VARCHAR, team VARCHAR, region VARCHAR)"
    )
    for number, file in enumerate(mapping.files):
        if file.entity not in ("reps", "managers"):
            continue
        inner = inners[number]
        if file.entity == "managers":
            m = {
                t: ident(t) if t in file.columns else "NULL" for t in ("manager", "team", "region")
            }
            manager_text = "_text_manager" if "manager" in file.columns else "NULL"
            con.execute(
                f"INSERT INTO map_managers SELECT _row, rep, _text_rep, {m['manager']}, "
                f"{manager_text}, {m['team']}, {m['region']} FROM ({inner})"
            )
            continue
        c = {t: _column(file, t) for t in _REP_COLUMNS if t != "rep_id"}
        key_column = {"id": "rep_id", "email": "_text_email", "name": "_text_name"}[key]
        rep_id = derive_key(key_column, key)
        name = f"coalesce({c['name']}, {'_text_email' if 'email' in file.columns else 'NULL'}, "
        name += f"{rep_id})"
        con.execute(
            f"INSERT INTO map_reps SELECT _row, {number}, {rep_id}, {name}, lower({c['email']}), "
            f"{c['manager_id']}, {c['team']}, {c['region']}, {c['title']}, {c['hire_date']}, "
            f"{c['active']} FROM ({inner})"
        )
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
    files = ", ".join(f.path.name for f in mapping.files if f.entity in ("reps", "managers"))
    stage_entity(con, staged, EntitySource("reps", files, "crm_reps"), select)
    # A rep listed twice (in one file or across the reps files) is kept once: count the copies.
    copies = con.execute(
        "SELECT (SELECT count(*) - count(DISTINCT rep_id) FROM map_reps) "
        "+ (SELECT count(*) - count(DISTINCT rep_id) FROM map_managers)"
    ).fetchone()[0]
    staged.entities[-1].rejected = int(copies)


def stage_mapped_export(
    con: Any, location: Path, *, progress: FileProgress = quiet
) -> StagedExport:
    """Read the mapping at `location`, then read, check and stage every file it names."""
    mapping = mapping_read(location)
    staged = StagedExport(source=mapping.source, progress=progress, files_total=len(mapping.files))
    inners: dict[int, str] = {}
    for number, file in enumerate(mapping.files):
        staged.reading(file.path.name)
        raw = f"map_raw_{number}"
        present = _read(con, file.path, raw, file.delimiter)
        headers = _headers(file, present)
        _check(con, mapping, file, raw, headers)
        inners[number] = _inner_select(mapping, file, raw, headers)
    if mapping.of("reps") or mapping.of("managers"):
        _stage_reps(con, mapping, staged, inners)
    for number, file in enumerate(mapping.files):
        if file.entity in ("reps", "managers"):
            continue
        several = len(mapping.of(file.entity)) > 1
        entity = f"{file.entity}_{number}" if several else file.entity
        table = ENTITY_TABLES[file.entity].name
        select = _outer_select(mapping, file, inners[number])
        stage_entity(con, staged, EntitySource(entity, file.path.name, table), select)
    return staged
