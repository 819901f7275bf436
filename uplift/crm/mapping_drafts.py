"""A mapping as the wizard builds it: for each uploaded file what it holds and how each of its
columns is read, then checked in plain words and written as the mapping file the command line
reads (`uplift import csv --mapping`, docs/mapping-format.md).

Pure Python (no Django): the choices are plain dataclasses, kept as JSON between the wizard's
steps. Each header is read as at most one canonical column; a deal's outcome comes from one
column whose words are mapped to won, lost or open (and written as the `is_won` and `is_closed`
maps), an activity's type from one column whose words are mapped to call, email, meeting or task.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import tomlkit
from tomlkit.items import InlineTable, Table

from uplift.analytics.canonical import ACTIVITY_TYPES
from uplift.crm.importers.mapping import ENTITY_TABLES, OWNER_NAME, REQUIRED, target_type

ENTITY_LABELS: dict[str, str] = {
    "opportunities": "Deals (opportunities)",
    "reps": "Users: the reps and their managers",
    "managers": "Who reports to whom",
    "accounts": "Accounts (customers)",
    "activities": "Activities: calls, e-mails, meetings, tasks",
    "stage_history": "Stage history of the deals",
    "contact_roles": "Contacts on the deals",
    "quotas": "Quotas",
}
SKIP = ""  # a file that is not imported
COLUMN_LABELS: dict[str, dict[str, str]] = {
    "opportunities": {
        "opportunity_id": "Deal id",
        "owner_id": "Owner (the rep)",
        OWNER_NAME: "Owner's name",
        "account_id": "Account",
        "name": "Deal name",
        "product": "Product",
        "amount_cents": "Amount",
        "currency": "Currency",
        "created_date": "Created on",
        "close_date": "Closed on (or expected to close)",
        "stage": "Stage",
        "is_won": "Won? (true or false)",
        "is_closed": "Closed? (true or false)",
        "type": "Deal type",
        "lead_source": "Lead source",
    },
    "reps": {
        "rep_id": "User id",
        "name": "Name",
        "email": "E-mail",
        "manager_id": "Manager",
        "team": "Team",
        "region": "Region",
        "title": "Job title",
        "hire_date": "Hired on",
        "active": "Active? (true or false)",
    },
    "managers": {"rep": "Rep", "manager": "Manager", "team": "Team", "region": "Region"},
    "accounts": {
        "account_id": "Account id",
        "name": "Account name",
        "segment": "Segment",
        "industry": "Industry",
        "region": "Region",
    },
    "activities": {
        "activity_id": "Activity id",
        "owner_id": "Owner (the rep)",
        OWNER_NAME: "Owner's name",
        "opportunity_id": "Deal id",
        "account_id": "Account",
        "type": "Activity type",
        "occurred_at": "When it happened",
        "duration_minutes": "Duration",
    },
    "stage_history": {
        "opportunity_id": "Deal id",
        "stage": "Stage",
        "entered_at": "Entered the stage at",
    },
    "contact_roles": {"opportunity_id": "Deal id", "contact_id": "Contact id", "role": "Role"},
    "quotas": {
        "rep_id": "Rep",
        "period_start": "Period starts",
        "period_end": "Period ends",
        "amount_cents": "Quota",
    },
}
OUTCOMES = ("won", "lost", "open")
OUTCOME_LABELS = {"won": "Won", "lost": "Lost", "open": "Open"}
# How an amount or a duration is written: (label, kind, decimal mark).
AMOUNT_READINGS: dict[str, tuple[str, str, str]] = {
    "point": ("Units, decimal point: 1,200.50", "money", "."),
    "comma": ("Units, decimal comma: 1.200,50", "money", ","),
    "cents": ("Cents: 120050", "cents", "."),
}
DURATION_READINGS: dict[str, str] = {
    "minutes": "Minutes",
    "seconds": "Seconds",
    "hours": "Hours",
    "milliseconds": "Milliseconds",
    "hm": "H:MM (0:30)",
    "hms": "H:MM:SS or M:SS (1:02:30)",
}
REP_KEYS = {
    "id": "By a user id (the same in every file)",
    "email": "By e-mail address",
    "name": "By name",
}
ACCOUNT_KEYS = {"id": "By an account id", "name": "By name"}
SOURCE_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,39}")


def column_targets(entity: str) -> tuple[str, ...]:
    """The canonical columns a header of a file of `entity` may be read as, in the order shown."""
    return tuple(COLUMN_LABELS.get(entity, {}))


def reading_of(entity: str, target: str) -> str:
    """What is asked about how a column is written: "date", "amount", "duration" or ""."""
    if entity == "managers" or target == OWNER_NAME or target not in COLUMN_LABELS[entity]:
        return ""
    kind = target_type(entity, target)
    return {"date": "date", "timestamp": "date", "int64": "amount", "float64": "duration"}.get(
        kind, ""
    )


@dataclass
class ColumnChoice:
    """One header of a file and how it is read: `target` "" when it is not imported. Several
    headers read as one column are read in turn: the first with a value in a row gives it (a
    deal's won time, else its lost time, else its expected close date). `formats`
    for dates (empty: ISO 8601, or cells a spreadsheet stored as dates), `reading` for amounts
    (AMOUNT_READINGS) and durations (DURATION_READINGS)."""

    header: str
    target: str = ""
    formats: tuple[str, ...] = ()
    reading: str = ""


@dataclass
class WordChoice:
    """One word of the export and what it means: won/lost/open, or an activity type."""

    word: str
    meaning: str


@dataclass
class FileChoice:
    file: str
    entity: str = SKIP
    sheet: str = ""  # a spreadsheet's sheet ("" for a CSV file)
    delimiter: str = ""  # a CSV file's, as detected
    encoding: str = ""
    columns: list[ColumnChoice] = field(default_factory=list)
    outcome: str = ""  # the header whose words say whether a deal is won, lost or open
    outcome_words: list[WordChoice] = field(default_factory=list)
    type_words: list[WordChoice] = field(default_factory=list)  # the activity type's words
    activity_type: str = ""  # every row's type, when no column says it

    def target_of(self, header: str) -> str:
        return next((c.target for c in self.columns if c.header == header), "")

    def header_of(self, target: str) -> str:
        return next((c.header for c in self.columns if c.target == target), "")

    @property
    def targets(self) -> list[str]:
        return [c.target for c in self.columns if c.target]


@dataclass
class MappingChoices:
    """Everything the wizard asks. `preset`: the ready-made mapping used as it is, with each
    of its sections reading the uploaded file chosen for it."""

    source: str = "crm"
    rep_key: str = "id"
    account_key: str = "id"
    files: list[FileChoice] = field(default_factory=list)
    preset: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MappingChoices:
        files = []
        for raw in data.get("files", []):
            file = dict(raw)
            file["columns"] = [
                ColumnChoice(**{**c, "formats": tuple(c.get("formats", ()))})
                for c in raw.get("columns", [])
            ]
            file["outcome_words"] = [WordChoice(**w) for w in raw.get("outcome_words", [])]
            file["type_words"] = [WordChoice(**w) for w in raw.get("type_words", [])]
            files.append(FileChoice(**file))
        rest = {k: v for k, v in data.items() if k != "files"}
        return cls(files=files, **rest)

    @property
    def used(self) -> list[FileChoice]:
        return [f for f in self.files if f.entity]

    @property
    def has_user_file(self) -> bool:
        return any(f.entity in ("reps", "managers") for f in self.files)


@dataclass(frozen=True)
class Problem:
    """Something the admin must change before the mapping can be read, in plain words:
    `file` is the file's place in the upload (None for the whole mapping)."""

    message: str
    file: int | None = None
    header: str = ""


def _key_column(entity: str, rep_key: str, account_key: str) -> str:
    if entity == "reps":
        return {"id": "rep_id", "email": "email", "name": "name"}[rep_key]
    if entity == "accounts":
        return "account_id" if account_key == "id" else "name"
    return ""


def _required(choices: MappingChoices, file: FileChoice) -> list[str]:
    """The columns the file must map, besides the outcome and the activity type."""
    key = _key_column(file.entity, choices.rep_key, choices.account_key)
    needed = [key] if key else list(REQUIRED.get(file.entity, ()))
    return [t for t in needed if t not in ("is_won", "is_closed", "type")]


def _words_problems(
    file: FileChoice, number: int, words: list[WordChoice], allowed: tuple[str, ...], what: str
) -> list[Problem]:
    if not words:
        return [Problem(f"{file.file}: list the {what} and what each means.", number)]
    problems = []
    seen: set[str] = set()
    for choice in words:
        folded = " ".join(choice.word.lower().split())
        if not folded:
            problems.append(Problem(f"{file.file}: a word of the {what} is empty.", number))
        elif folded in seen:
            problems.append(
                Problem(f"{file.file}: {choice.word!r} is listed twice in the {what}.", number)
            )
        if choice.meaning not in allowed:
            problems.append(Problem(f"{file.file}: choose what {choice.word!r} means.", number))
        seen.add(folded)
    return problems


def _file_problems(choices: MappingChoices, number: int, file: FileChoice) -> list[Problem]:
    problems: list[Problem] = []
    name = file.file
    for target in _required(choices, file):
        if target not in file.targets:
            label = COLUMN_LABELS[file.entity][target]
            problems.append(Problem(f"{name}: say which column holds the {label.lower()}.", number))
    problems.extend(
        Problem(
            f"{name}, column {column.header!r}: {fmt!r} is not a date format "
            "(write it as %d.%m.%Y for 15.06.2024).",
            number,
            column.header,
        )
        for column in file.columns
        for fmt in column.formats
        if "%" not in fmt
    )
    if file.entity == "opportunities":
        problems += _outcome_problems(file, number)
    if file.entity == "activities":
        problems += _type_problems(file, number)
    return problems


def _outcome_problems(file: FileChoice, number: int) -> list[Problem]:
    booleans = {"is_won", "is_closed"} & set(file.targets)
    if file.outcome and booleans:
        return [
            Problem(
                f"{file.file}: won and lost come from {file.outcome!r}; read no column as "
                "Won? or Closed? beside it.",
                number,
            )
        ]
    if not file.outcome and booleans != {"is_won", "is_closed"}:
        return [Problem(f"{file.file}: say which column tells won, lost and open deals.", number)]
    return _words_problems(file, number, file.outcome_words, OUTCOMES, "won and lost words")


def _type_problems(file: FileChoice, number: int) -> list[Problem]:
    if "type" in file.targets:
        return _words_problems(file, number, file.type_words, ACTIVITY_TYPES, "activity types")
    if file.activity_type not in ACTIVITY_TYPES:
        return [
            Problem(
                f"{file.file}: say which column holds the activity type, or what every row is "
                "(call, email, meeting or task).",
                number,
            )
        ]
    return []


def choices_problems(choices: MappingChoices) -> list[Problem]:
    """What must change before the choices make a mapping, each said in plain words."""
    problems = []
    if not SOURCE_NAME.fullmatch(choices.source):
        problems.append(
            Problem(
                "The CRM's name: use lower-case letters, digits, '-', '_' or '.', at most 40 "
                "(for example pipedrive or my-crm)."
            )
        )
    if choices.preset:
        return problems
    if not choices.used:
        problems.append(Problem("Choose what at least one of the files holds."))
    if sum(1 for f in choices.files if f.entity == "managers") > 1:
        problems.append(Problem("Only one file can say who reports to whom."))
    for number, file in enumerate(choices.files):
        if file.entity:
            problems += _file_problems(choices, number, file)
    return problems


# Writing the mapping file ----------------------------------------------------------------------


def _inline(**items: Any) -> InlineTable:
    table = tomlkit.inline_table()
    for key, value in items.items():
        table[key] = _inline(**value) if isinstance(value, dict) else value
    return table


def _words_map(words: list[WordChoice], value: Any) -> dict[str, Any]:
    """{word: value(meaning)} with each word once (the mapping matches ignoring case)."""
    found: dict[str, Any] = {}
    seen: set[str] = set()
    for choice in words:
        folded = " ".join(choice.word.lower().split())
        if folded and folded not in seen:
            seen.add(folded)
            found[" ".join(choice.word.split())] = value(choice.meaning)
    return found


def _column_spec(entity: str, columns: list[ColumnChoice]) -> str | InlineTable:
    """A column read from one header, or from several (the first with a value in each row)."""
    spec: dict[str, Any] = {}
    first = columns[0]
    reading = reading_of(entity, first.target)
    formats = list(dict.fromkeys(f for c in columns for f in c.formats))
    if reading == "date" and formats:
        spec["formats"] = formats
    elif reading == "amount" and first.reading in AMOUNT_READINGS:
        _, kind, decimal = AMOUNT_READINGS[first.reading]
        spec |= ({"kind": kind} if kind != "money" else {}) | (
            {"decimal": decimal} if decimal != "." else {}
        )
    elif reading == "duration" and first.reading in DURATION_READINGS:
        spec["kind"] = first.reading
    headers = [c.header for c in columns]
    if len(headers) > 1:
        return _inline(column=headers, **spec)
    return _inline(column=first.header, **spec) if spec else first.header


def _columns_table(choices: MappingChoices, file: FileChoice) -> Table:
    columns = tomlkit.table()
    derived = {
        ("reps", "rep_id"): choices.rep_key != "id",
        ("accounts", "account_id"): choices.account_key != "id",
    }
    for target in dict.fromkeys(file.targets):
        if derived.get((file.entity, target)):
            continue
        if target == OWNER_NAME and choices.has_user_file:
            continue  # the reps' names come from the user file
        read = [c for c in file.columns if c.target == target]
        if (file.entity, target) == ("activities", "type"):
            words = _words_map(file.type_words, str)
            headers = [c.header for c in read]
            column = headers[0] if len(headers) == 1 else headers
            columns["type"] = _inline(column=column, map=words, default="task")
            continue
        columns[target] = _column_spec(file.entity, read)
    if file.entity == "opportunities" and file.outcome:
        won = _words_map(file.outcome_words, lambda meaning: meaning == "won")
        closed = _words_map(file.outcome_words, lambda meaning: meaning in ("won", "lost"))
        columns["is_won"] = _inline(column=file.outcome, map=won, default=False)
        columns["is_closed"] = _inline(column=file.outcome, map=closed, default=False)
    if file.entity == "activities" and "type" not in file.targets:
        columns["type"] = _inline(value=file.activity_type)
    return columns


def _file_table(choices: MappingChoices, file: FileChoice) -> Table:
    table = tomlkit.table()
    table["file"] = file.file
    if file.sheet:
        table["sheet"] = file.sheet
    if file.delimiter:
        table["delimiter"] = file.delimiter
    if file.encoding and file.encoding not in ("utf-8", "utf-8-sig"):
        table["encoding"] = file.encoding
    table.add("columns", _columns_table(choices, file))
    return table


def mapping_toml(choices: MappingChoices, *, written: dt.date | None = None) -> str:
    """The mapping file of these choices (which choices_problems found nothing wrong with)."""
    document = tomlkit.document()
    names = ", ".join(f.file for f in choices.used)
    document.add(tomlkit.comment(f"Written by Uplift's mapping wizard for {names}"))
    if written is not None:
        document.add(tomlkit.comment(f"on {written.isoformat()}."))
    document.add(tomlkit.comment("Import it: uplift import csv --mapping mapping.toml"))
    document.add(tomlkit.comment("Every key is explained in docs/mapping-format.md."))
    document.add(tomlkit.nl())
    document["source"] = choices.source
    keys = tomlkit.table()
    keys["rep"] = choices.rep_key
    keys["account"] = choices.account_key
    document["keys"] = keys
    for entity in (*ENTITY_TABLES, "managers"):
        files = [f for f in choices.used if f.entity == entity]
        if len(files) == 1:
            document[entity] = _file_table(choices, files[0])
        elif files:
            several = tomlkit.aot()
            for file in files:
                several.append(_file_table(choices, file))
            document[entity] = several
    return tomlkit.dumps(document)


def preset_toml(choices: MappingChoices, preset_text: str) -> str:
    """A ready-made mapping (its TOML text) reading the files chosen for its sections: each
    section's `file` becomes the uploaded file's name; a section no file was chosen for keeps
    its patterns (an optional one is skipped when none matches)."""
    document = tomlkit.parse(preset_text)
    document.pop("preset", None)
    document["source"] = choices.source
    for file in choices.used:
        section = document.get(file.entity)
        if isinstance(section, Table):
            section["file"] = file.file
            if file.sheet:
                section["sheet"] = file.sheet
    return tomlkit.dumps(document)


def with_entity(file: FileChoice, entity: str) -> FileChoice:
    """The file read as another entity: the columns it had that the entity has too are kept."""
    targets = set(column_targets(entity))
    columns = [replace(c, target=c.target if c.target in targets else "") for c in file.columns]
    return replace(file, entity=entity, columns=columns)


__all__ = [
    "ACCOUNT_KEYS",
    "AMOUNT_READINGS",
    "COLUMN_LABELS",
    "DURATION_READINGS",
    "ENTITY_LABELS",
    "OUTCOMES",
    "OUTCOME_LABELS",
    "REP_KEYS",
    "ColumnChoice",
    "FileChoice",
    "MappingChoices",
    "Problem",
    "WordChoice",
    "choices_problems",
    "column_targets",
    "mapping_toml",
    "preset_toml",
    "reading_of",
    "with_entity",
]
