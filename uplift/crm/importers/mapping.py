"""The mapping file of `uplift import csv`: which export files feed which canonical tables, and how.

Read with tomllib and checked completely before any file is opened, so a mistake is reported as
`mapping.toml: [opportunities.columns] amount_cents: unknown kind 'money2'` rather than as a
confusing error halfway through an import. docs/mapping-format.md describes every key.

A section's `file` may also be a pattern (`deals*.csv`) or a list of names and patterns tried in
turn, so that a mapping fits an export whose files carry a date or a number in their names; the
ready-made mappings of uplift/crm/presets use them. Each file found so is named in the summary.
"""

from __future__ import annotations

import codecs
import datetime as dt
import fnmatch
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

from uplift.analytics.canonical import (
    ACCOUNTS,
    ACTIVITIES,
    ACTIVITY_TYPES,
    CONTACT_ROLES,
    OPPORTUNITIES,
    QUOTAS,
    REPS,
    STAGE_HISTORY,
    CanonicalTable,
)
from uplift.crm.importers.errors import ImportInputError
from uplift.crm.importers.spreadsheets import SPREADSHEET_SUFFIXES
from uplift.crm.presets import preset_get, preset_named_by

ENTITY_TABLES: dict[str, CanonicalTable] = {
    "reps": REPS,
    "accounts": ACCOUNTS,
    "opportunities": OPPORTUNITIES,
    "stage_history": STAGE_HISTORY,
    "activities": ACTIVITIES,
    "contact_roles": CONTACT_ROLES,
    "quotas": QUOTAS,
}
MANAGER_FIELDS = ("rep", "manager", "team", "region")
# Without a [reps] or [managers] file the owners that deals and activities name become the reps;
# an owner name column (not a canonical column) then names them.
OWNER_ENTITIES = {"opportunities": "deal", "activities": "activity"}
OWNER_NAME = "owner_name"
ENTITIES = (*ENTITY_TABLES, "managers")

KINDS_BY_TYPE: dict[str, tuple[str, ...]] = {  # the first kind is the default
    "string": ("text",),
    "date": ("date", "datetime"),
    "timestamp": ("datetime", "date"),
    "int64": ("money", "cents"),
    "float64": ("minutes", "seconds", "hours", "milliseconds", "hms", "hm"),
    "boolean": ("bool",),
}
KINDS = tuple(dict.fromkeys(k for kinds in KINDS_BY_TYPE.values() for k in kinds))
REP_KEYS = ("id", "email", "name")
ACCOUNT_KEYS = ("id", "name")

# Columns that name a rep or an account: read through [keys], so every file agrees on the id.
REP_REFERENCES = {
    ("reps", "manager_id"),
    ("opportunities", "owner_id"),
    ("activities", "owner_id"),
    ("quotas", "rep_id"),
    ("managers", "rep"),
    ("managers", "manager"),
}
ACCOUNT_REFERENCES = {("opportunities", "account_id"), ("activities", "account_id")}

REQUIRED: dict[str, tuple[str, ...]] = {
    "managers": ("rep",),
    "opportunities": ("opportunity_id", "owner_id", "is_closed", "is_won"),
    "stage_history": ("opportunity_id", "stage", "entered_at"),
    "activities": ("owner_id", "type", "occurred_at"),
    "contact_roles": ("opportunity_id", "contact_id"),
    "quotas": ("rep_id", "period_start", "amount_cents"),
}
NOT_BLANK: dict[str, tuple[str, ...]] = {  # keys: a row without one cannot be stored
    "managers": ("rep",),
    "opportunities": ("opportunity_id",),
    "stage_history": ("opportunity_id", "stage", "entered_at"),
    "activities": ("activity_id", "occurred_at"),
    "contact_roles": ("opportunity_id", "contact_id"),
    "quotas": ("rep_id", "period_start"),
}
_TOP_KEYS = {
    "source",
    "date_formats",
    "decimal",
    "delimiter",
    "encoding",
    "keys",
    "preset",
    *ENTITIES,
}
_FILE_KEYS = {
    "file",
    "optional",
    "columns",
    "date_formats",
    "decimal",
    "delimiter",
    "encoding",
    "sheet",
}
_PRESET_KEYS = {"crm", "expects"}
_PATTERN = re.compile(r"[*?\[]")
# Files a pattern never picks: Excel's lock file of an open workbook (~$deals.xlsx), hidden files.
_NEVER_PICKED = ("~$", ".")
_SPEC_KEYS = {"column", "value", "kind", "formats", "map", "default", "decimal"}


class MappingError(ImportInputError):
    """A mistake in the mapping file, named by the file and the key path."""

    def __init__(self, file: str, where: str, message: str):
        super().__init__(f"{file}: {where}: {message}" if where else f"{file}: {message}")


@dataclass(frozen=True)
class ColumnMap:
    target: str  # the canonical column (or managers field) it fills
    where: str  # "[opportunities.columns] amount_cents", for messages
    kind: str
    columns: tuple[str, ...] = ()  # the export's headers, first non-blank wins; () = constant
    value: Any = None  # the constant, when column is None
    formats: tuple[str, ...] = ()
    mapping: tuple[tuple[str, Any], ...] | None = None  # (lower-cased text, value)
    default: Any = None
    decimal: str = "."


@dataclass(frozen=True)
class SourceFile:
    entity: str
    path: Path
    where: str  # "[opportunities]" or "[activities[2]]"
    columns: dict[str, ColumnMap]
    delimiter: str | None  # None: detected in the file
    encoding: str | None  # None: UTF-8, or what a byte-order mark says
    sheet: str | None = None  # a spreadsheet's sheet; None: the first

    @property
    def is_spreadsheet(self) -> bool:
        return self.path.suffix.lower() in SPREADSHEET_SUFFIXES


@dataclass(frozen=True)
class Mapping:
    path: Path
    source: str
    rep_key: str
    account_key: str
    files: tuple[SourceFile, ...]
    notes: tuple[str, ...] = ()  # for the summary: the file each pattern found, sections skipped

    def of(self, entity: str) -> list[SourceFile]:
        return [f for f in self.files if f.entity == entity]

    @property
    def has_user_file(self) -> bool:
        return any(f.entity in ("reps", "managers") for f in self.files)


def target_type(entity: str, target: str) -> str:
    if entity == "managers" or target == OWNER_NAME:
        return "string"
    return dict(ENTITY_TABLES[entity].columns)[target]


class _Reader:
    """Walks the parsed TOML, raising MappingError at the first mistake with its key path."""

    def __init__(self, path: Path, *, folder: Path | None = None, label: str | None = None):
        self.path = path
        self.folder = (folder or path.parent).resolve()  # where the export's files are
        self.label = label or path.name
        self.notes: list[str] = []
        self.defaults: dict[str, Any] = {
            "date_formats": (),
            "decimal": ".",
            "delimiter": None,
            "encoding": None,
        }
        self.rep_key = "id"
        self.account_key = "id"

    def fail(self, where: str, message: str) -> MappingError:
        return MappingError(self.label, where, message)

    def unknown_keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            known = ", ".join(sorted(allowed))
            raise self.fail(where, f"unknown key {extra[0]!r} (known: {known})")

    def text(self, value: Any, where: str, *, choices: tuple[str, ...] = ()) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"expected a non-empty text, found {value!r}")
        if choices and value not in choices:
            raise self.fail(where, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def formats(self, value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(where, "expected a list of strptime formats, e.g. ['%d.%m.%Y']")
        for item in value:
            if not isinstance(item, str) or "%" not in item:
                raise self.fail(where, f"{item!r} is not a strptime format (e.g. '%d/%m/%Y')")
        return tuple(value)

    def headers(self, value: Any, where: str) -> tuple[str, ...]:
        if isinstance(value, list) and value:
            return tuple(self.text(v, where) for v in value)
        return (self.text(value, where),)

    def delimiter(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or len(value) != 1 or value in '"\r\n':
            raise self.fail(where, f"expected one character such as ';', found {value!r}")
        return value

    def encoding(self, value: Any, where: str) -> str:
        """A text encoding that keeps ASCII as it is (so , ; and quotes are found), or UTF-16."""
        name = self.text(value, where)
        try:
            known = codecs.lookup(name).name == "utf-16" or "Id,;|+".encode(name) == b"Id,;|+"
        except (LookupError, UnicodeError):
            known = False
        if not known:
            raise self.fail(
                where,
                f"{name!r} is not an encoding (use utf-8, cp1252, latin-1, utf-16, or another "
                "one-byte encoding such as cp1250)",
            )
        return name

    def beside(self, name: str, where: str) -> Path:
        """The export file `name`, which must lie in the mapping file's folder (or below it).

        A mapping may come with an upload: it must not read the server's own files, whether
        named by an absolute path, climbed to with `..` or reached through a link.
        """
        folder = self.folder
        written = PurePath(name.replace("\\", "/"))
        if "\0" in name:
            problem = "a file name cannot hold a NUL character"
        elif written.is_absolute() or PureWindowsPath(name).drive:
            problem = "name a file beside the mapping file, not an absolute path"
        elif ".." in written.parts:
            problem = "name a file beside the mapping file: '..' may not leave its folder"
        elif not (folder / written).resolve().is_relative_to(folder):
            problem = "it leads outside the mapping file's folder through a link"
        else:
            return (folder / written).resolve()
        raise self.fail(where, f"{name!r}: {problem}")

    def options(
        self, table: dict[str, Any], where: str, inherited: dict[str, Any]
    ) -> dict[str, Any]:
        """date_formats, decimal, delimiter and encoding: set here, or inherited from above."""
        local = dict(inherited)
        prefix = f"{where} " if where else ""
        if "date_formats" in table:
            local["date_formats"] = self.formats(table["date_formats"], f"{prefix}date_formats")
        if "decimal" in table:
            local["decimal"] = self.text(table["decimal"], f"{prefix}decimal", choices=(".", ","))
        if "delimiter" in table:
            local["delimiter"] = self.delimiter(table["delimiter"], f"{prefix}delimiter")
        if "encoding" in table:
            local["encoding"] = self.encoding(table["encoding"], f"{prefix}encoding")
        return local

    # Columns -----------------------------------------------------------------------------

    def constant(self, value: Any, kind: str, where: str, *, activity_type: bool) -> Any:
        """A constant, default or map value must have the column's type (TOML dates are dates)."""
        if kind in ("text", "bool", "date", "datetime"):
            ok = isinstance(value, {"text": str, "bool": bool}.get(kind, dt.date))
        else:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok:
            wanted = {
                "text": "a text",
                "bool": "true or false",
                "date": "a date (2024-03-15)",
                "datetime": "a date-time (2024-03-15T14:30:00)",
            }.get(kind, "a number")
            raise self.fail(where, f"{value!r} is not {wanted}")
        if activity_type and value not in ACTIVITY_TYPES:
            types = ", ".join(ACTIVITY_TYPES)
            raise self.fail(where, f"{value!r} is not an activity type ({types})")
        return value

    def kind(self, spec: dict[str, Any], target: str, kinds: tuple[str, ...], where: str) -> str:
        kind = spec.get("kind", kinds[0])
        if kind not in KINDS:
            raise self.fail(where, f"unknown kind {kind!r} (known: {', '.join(KINDS)})")
        if kind not in kinds:
            raise self.fail(
                where, f"kind {kind!r} does not fit {target} (use {' or '.join(kinds)})"
            )
        return str(kind)

    def value_map(
        self, words: Any, kind: str, where: str, *, activity_type: bool
    ) -> tuple[tuple[str, Any], ...]:
        if kind not in ("text", "bool"):
            raise self.fail(where, "a map is for text and true/false columns only")
        if not isinstance(words, dict) or not words:
            raise self.fail(where, "expected a table like { Won = true, Lost = false }")
        seen: dict[str, Any] = {}
        for word, value in words.items():
            if word.strip().lower() in seen:
                raise self.fail(where, f"{word!r} is listed twice (case is ignored)")
            seen[word.strip().lower()] = self.constant(
                value, kind, f"{where} {word}", activity_type=activity_type
            )
        return tuple(seen.items())

    def column_map(
        self, entity: str, target: str, spec: Any, where: str, options: dict[str, Any]
    ) -> ColumnMap:
        if isinstance(spec, str):
            spec = {"column": spec}
        if not isinstance(spec, dict):
            raise self.fail(where, 'expected a column name or a table like { column = "..." }')
        self.unknown_keys(spec, _SPEC_KEYS, where)
        kind = self.kind(spec, target, KINDS_BY_TYPE[target_type(entity, target)], where)
        if ("column" in spec) == ("value" in spec):
            raise self.fail(where, 'give either column = "<header>" or value = <constant>')
        is_type = (entity, target) == ("activities", "type")
        fields: dict[str, Any] = {}
        if "column" in spec:
            fields["columns"] = self.headers(spec["column"], f"{where}.column")
        if "value" in spec:
            fields["value"] = self.constant(spec["value"], kind, where, activity_type=is_type)
        if "map" in spec:
            fields["mapping"] = self.value_map(
                spec["map"], kind, f"{where}.map", activity_type=is_type
            )
        if "default" in spec:
            fields["default"] = self.constant(
                spec["default"], kind, f"{where}.default", activity_type=is_type
            )
        formats = options["date_formats"]
        if "formats" in spec:
            if kind not in ("date", "datetime"):
                raise self.fail(f"{where}.formats", "formats are for date and datetime columns")
            formats = self.formats(spec["formats"], f"{where}.formats")
        decimal = self.text(
            spec.get("decimal", options["decimal"]), f"{where}.decimal", choices=(".", ",")
        )
        return ColumnMap(
            target=target, where=where, kind=kind, formats=formats, decimal=decimal, **fields
        )

    # Files ---------------------------------------------------------------------------------

    def preset_table(self, table: Any) -> None:
        """[preset]: what a ready-made mapping is for; the import itself does not use it."""
        if not isinstance(table, dict):
            raise self.fail("[preset]", 'expected a table: [preset] crm = "Pipedrive"')
        self.unknown_keys(table, _PRESET_KEYS, "[preset]")
        for key, value in table.items():
            self.text(value, f"[preset] {key}")

    def locate(self, table: dict[str, Any], where: str) -> Path | None:
        """The export file of a section: named, or the one its first matching pattern finds;
        None for an optional section whose file is not there (said in the notes)."""
        optional = table.get("optional", False)
        if not isinstance(optional, bool):
            raise self.fail(f"{where} optional", f"expected true or false, found {optional!r}")
        value = table["file"]
        names = (
            tuple(self.text(v, f"{where} file") for v in value)
            if isinstance(value, list) and value
            else (self.text(value, f"{where} file"),)
        )
        if len(names) == 1 and not _PATTERN.search(names[0]):  # one file, named: as it always was
            path = self.beside(names[0], f"{where} file")
            if path.is_file():
                return path
            if not optional:
                raise self.fail(
                    f"{where} file", f"{names[0]} does not exist (looked in {path.parent})"
                )
        for name in names:
            found = self.matching(name, f"{where} file")
            if len(found) > 1:
                listed = ", ".join(p.name for p in found)
                raise self.fail(
                    f"{where} file",
                    f"{name!r} matches {len(found)} files ({listed}): leave one of them in "
                    "the folder, or name the file in a copy of the mapping",
                )
            if found:
                shown = found[0].relative_to(self.folder).as_posix()
                if len(names) > 1 or shown != name:
                    self.notes.append(f"{where} read {shown} (the file matching {name!r})")
                return found[0]
        tried = " or ".join(repr(n) for n in names)
        if optional:
            self.notes.append(f"{where} skipped: no file matches {tried} (the section is optional)")
            return None
        raise self.fail(
            f"{where} file", f"no file matches {tried} in {self.folder}{self.holding()}"
        )

    def matching(self, name: str, where: str) -> list[Path]:
        """The files `name` finds: the file of that name (even one with * ? [ in its name), or
        else those its pattern matches, ignoring case."""
        path = self.beside(name, where)
        if path.is_file() or not _PATTERN.search(name):
            return [path] if path.is_file() else []
        written = PurePath(name.replace("\\", "/"))
        if _PATTERN.search(written.parent.as_posix()):
            raise self.fail(where, f"{name!r}: a pattern may match file names, not folders")
        folder = self.beside(written.parent.as_posix(), where) if written.parent.parts else None
        folder = folder or self.folder
        if not folder.is_dir():
            return []
        pattern = written.name.lower()
        return [
            self.beside(entry.relative_to(self.folder).as_posix(), where)
            for entry in sorted(folder.iterdir())
            if fnmatch.fnmatchcase(entry.name.lower(), pattern)
            and not entry.name.startswith(_NEVER_PICKED)
            and entry.is_file()
        ]

    def holding(self) -> str:
        """What the folder holds, for a message saying that a file was not found there."""
        try:
            names = sorted(p.name for p in self.folder.iterdir() if p.is_file())
        except OSError:
            return ""
        if not names:
            return " (the folder holds no file)"
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        return f" (the folder holds {shown})"

    def columns(
        self, entity: str, columns: Any, where: str, options: dict[str, Any]
    ) -> dict[str, ColumnMap]:
        if not isinstance(columns, dict) or not columns:
            raise self.fail(where, "missing: map at least the required columns")
        allowed = _targets(entity)
        derived = {("reps", "rep_id"): self.rep_key, ("accounts", "account_id"): self.account_key}
        result: dict[str, ColumnMap] = {}
        for target, spec in columns.items():
            if target not in allowed:
                known = ", ".join(allowed)
                raise self.fail(where, f"unknown column {target!r} (known: {known})")
            key = derived.get((entity, target), "id")
            if key != "id":
                raise self.fail(
                    where,
                    f"{target}: remove it: with [keys] {entity[:-1]} = "
                    f"{key!r} the id is derived from {key}",
                )
            result[target] = self.column_map(entity, target, spec, f"{where} {target}", options)
        for target in _required_targets(entity, self.rep_key, self.account_key):
            if target not in result:
                raise self.fail(where, f"{target}: required, but not mapped")
        return result

    def source_file(self, entity: str, table: Any, where: str) -> SourceFile | None:
        if not isinstance(table, dict):
            raise self.fail(where, 'expected a table with file = "..." and [columns]')
        self.unknown_keys(table, _FILE_KEYS, where)
        if "file" not in table:
            raise self.fail(where, "file: missing (the export file, relative to the mapping file)")
        path = self.locate(table, where)
        if path is None:
            return None
        options = self.options(table, where, self.defaults)
        columns_where = f"[{where[1:-1]}.columns]"
        columns = self.columns(entity, table.get("columns"), columns_where, options)
        if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
            if "sheet" in table:
                kinds = ", ".join(SPREADSHEET_SUFFIXES)
                raise self.fail(
                    f"{where} sheet", f"a sheet is for spreadsheets ({kinds}), not {path.name}"
                )
            return SourceFile(
                entity, path, where, columns, options["delimiter"], options["encoding"]
            )
        # A spreadsheet stores its cells' text and kinds: the top level's CSV options do not
        # concern it, and the section's own would be a misunderstanding.
        for key, problem in (
            ("encoding", "knows its own encoding"),
            ("delimiter", "has no delimiter"),
        ):
            if key in table:
                raise self.fail(f"{where} {key}", f"{path.name} is a spreadsheet: it {problem}")
        sheet = self.text(table["sheet"], f"{where} sheet") if "sheet" in table else None
        return SourceFile(entity, path, where, columns, None, None, sheet)

    def files(self, data: dict[str, Any]) -> list[SourceFile]:
        files: list[SourceFile] = []
        for entity in ENTITIES:
            tables = data.get(entity)
            if isinstance(tables, list) and entity == "managers" and len(tables) > 1:
                raise self.fail("[[managers]]", "give one managers file")
            if isinstance(tables, list) and len(tables) > 1:
                for number, table in enumerate(tables, start=1):
                    found = self.source_file(entity, table, f"[{entity}[{number}]]")
                    files.extend([found] if found else [])
            elif tables is not None:
                table = tables[0] if isinstance(tables, list) and tables else tables
                found = self.source_file(entity, table, f"[{entity}]")
                files.extend([found] if found else [])
        entities = {f.entity for f in files}
        if not entities:
            listed = ", ".join(f"[{e}]" for e in ENTITIES)
            raise self.fail("", f"maps no files: add one of {listed}")
        if entities & {"reps", "managers"}:  # the reps' names come from there, not the owners
            for file in files:
                if OWNER_NAME in file.columns:
                    raise self.fail(
                        file.columns[OWNER_NAME].where,
                        "only for an export without a [reps] or [managers] file (the reps' "
                        "names come from there)",
                    )
        return files

    def read(self) -> Mapping:
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise self.fail(
                "", f"the mapping file cannot be read ({exc.strerror}: {self.path})"
            ) from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise self.fail("", f"not valid TOML: {exc}") from exc
        self.unknown_keys(data, _TOP_KEYS, "top level")
        self.preset_table(data.get("preset", {}))
        source = data.get("source", "csv")
        if not isinstance(source, str) or not _SOURCE_NAME.fullmatch(source):
            raise self.fail("source", f"{source!r}: use lower-case letters, digits, '-', '_', '.'")
        self.defaults = self.options(data, "", self.defaults)
        keys = data.get("keys", {})
        if not isinstance(keys, dict):
            raise self.fail("[keys]", 'expected a table: [keys] rep = "email"')
        self.unknown_keys(keys, {"rep", "account"}, "[keys]")
        self.rep_key = self.text(keys.get("rep", "id"), "[keys] rep", choices=REP_KEYS)
        self.account_key = self.text(
            keys.get("account", "id"), "[keys] account", choices=ACCOUNT_KEYS
        )
        files = self.files(data)
        return Mapping(
            self.path, source, self.rep_key, self.account_key, tuple(files), tuple(self.notes)
        )


def _required_targets(entity: str, rep_key: str, account_key: str) -> tuple[str, ...]:
    if entity == "reps":
        return ({"id": "rep_id", "email": "email", "name": "name"}[rep_key],)
    if entity == "accounts":
        return ("account_id" if account_key == "id" else "name",)
    return REQUIRED.get(entity, ())


def _targets(entity: str) -> tuple[str, ...]:
    if entity == "managers":
        return MANAGER_FIELDS
    canonical = tuple(c for c in ENTITY_TABLES[entity].column_names if c != "source")
    return (*canonical, OWNER_NAME) if entity in OWNER_ENTITIES else canonical


_SOURCE_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,39}")


def mapping_read(path: Path) -> Mapping:
    """Parse and check a mapping file; raise MappingError naming the first mistake.

    `path` may also name a ready-made mapping (`<export folder>/preset:<name>`, see
    uplift.crm.presets): the preset is read, and its files are looked for in that folder."""
    name = preset_named_by(path)
    if name is None:
        return _Reader(path).read()
    return _Reader(preset_get(name).path, folder=path.parent, label=f"preset {name}").read()
