"""What Uplift proposes for an export it has never seen: which canonical entity each file holds,
which canonical column each header is, how its dates and amounts are written, which words mean
a won or a lost deal and which an activity's type; and, when a file's headers are those of a
ready-made mapping (uplift/crm/presets), that mapping.

Pure Python (no Django, no database): it reads the files' profiles (uplift.crm.column_profiles)
and returns the wizard's choices (uplift.crm.mapping_drafts), which the admin then confirms or
corrects. A header is proposed for a column from its name (header_names: several languages and
CRMs) and from its values: a column of dates is never proposed as an amount, nor text as a date.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

from uplift.crm.column_profiles import (
    AMOUNT,
    BOOL,
    DURATION,
    EMAIL,
    EMPTY,
    ID,
    INTEGER,
    TEXT,
    WORDS,
    ColumnProfile,
    FileSample,
)
from uplift.crm.header_names import (
    activity_type_of,
    file_name_score,
    fold,
    name_score,
    outcome_of,
)
from uplift.crm.importers.mapping import OWNER_NAME, REQUIRED, target_type
from uplift.crm.importers.sheet_rows import NUMBER
from uplift.crm.mapping_drafts import (
    ENTITY_LABELS,
    ColumnChoice,
    FileChoice,
    MappingChoices,
    WordChoice,
    column_targets,
    reading_of,
)
from uplift.crm.presets import presets_all

PROPOSED = 0.5  # below this a header is left unmapped, for the admin to choose
STRONG = 0.9  # the header's name is one of the column's usual names
# Columns an export often splits over several headers, each row filling one of them: the won
# time, the lost time, the expected close date. Read in turn, the first with a value wins.
FALLBACK_TARGETS = frozenset({"close_date", "occurred_at"})
# Headers of a column that says whether a deal is won, lost or open (besides its stage).
_OUTCOME_NAMES = frozenset(
    {"status", "deal status", "outcome", "result", "won lost", "state", "ergebnis", "statut"}
    | {"estado", "resultat", "resultado", "esito"}
)


def _value_fit(entity: str, target: str, profile: ColumnProfile) -> float:  # noqa: PLR0911
    """How well the values fit the column (1 neutral, less when they cannot be it)."""
    kind = profile.kind
    if kind == EMPTY:
        return 0.8
    if target == OWNER_NAME:
        return 1.0 if profile.names or kind in (TEXT, WORDS) else 0.5
    wanted = target_type(entity, target)
    if wanted in ("date", "timestamp"):
        if profile.is_date:
            return 1.1
        return 0.9 if profile.serial else 0.1
    if wanted == "int64":
        return {AMOUNT: 1.1, INTEGER: 1.0}.get(kind, 0.1)
    if wanted == "float64":
        return {DURATION: 1.1, INTEGER: 1.0, AMOUNT: 1.0}.get(kind, 0.1)
    if wanted == "boolean":
        return {BOOL: 1.1}.get(kind, 0.2)
    if target == "email":
        return 1.2 if kind == EMAIL else 0.3
    if profile.is_date or kind == AMOUNT:
        return 0.2
    if target.endswith("_id") or (entity == "managers" and target in ("rep", "manager")):
        return {ID: 1.1, INTEGER: 1.1, EMAIL: 1.05}.get(kind, 1.0)
    return 1.0


def _value_only(entity: str, target: str, profile: ColumnProfile) -> float:
    """A proposal from the values alone, for a header whose name says nothing."""
    if profile.kind == EMAIL and (entity, target) == ("reps", "email"):
        return 0.8
    return 0.0


def _score(entity: str, target: str, header: str, profile: ColumnProfile) -> float:
    by_name = name_score(entity, target, header) or _value_only(entity, target, profile)
    return by_name * _value_fit(entity, target, profile)


def _assign(entity: str, sample: FileSample) -> dict[str, str]:
    """header -> column: the best-scored pairs first, each header and column used once."""
    pairs = sorted(
        (
            (_score(entity, target, header, sample.profile(header)), index, header, target)
            for index, header in enumerate(sample.headers)
            for target in column_targets(entity)
            if target not in ("is_won", "is_closed") or sample.profile(header).kind == BOOL
        ),
        key=lambda p: (-p[0], p[1]),
    )
    chosen: dict[str, str] = {}
    for score, _, header, target in pairs:
        if score < PROPOSED or header in chosen:
            continue
        again = target in chosen.values()
        if not again or (target in FALLBACK_TARGETS and score >= STRONG):
            chosen[header] = target
    _deal_id_from_name(entity, sample, chosen)
    _owner_name_beside_owner(entity, sample, chosen)
    return chosen


def _owner_name_beside_owner(entity: str, sample: FileSample, chosen: dict[str, str]) -> None:
    """A second owner column ("Owner" beside "Owner ID") that names the owners: their names."""
    if OWNER_NAME not in column_targets(entity) or OWNER_NAME in chosen.values():
        return
    for header in sample.headers:
        profile = sample.profile(header)
        if header in chosen or not (profile.names or profile.kind in (TEXT, WORDS)):
            continue
        if "owner_id" in chosen.values() and name_score(entity, "owner_id", header) >= STRONG:
            chosen[header] = OWNER_NAME
            return


def _deal_id_from_name(entity: str, sample: FileSample, chosen: dict[str, str]) -> None:
    """A deals sheet kept by hand often has no id: its deal names, when each is different from
    the others, are the ids (the name is then the deal's id and name both)."""
    if entity != "opportunities" or "opportunity_id" in chosen.values():
        return
    named = next((h for h, t in chosen.items() if t == "name"), None)
    if named is not None and sample.profile(named).unique:
        chosen[named] = "opportunity_id"


def column_reading(entity: str, target: str, profile: ColumnProfile) -> tuple[tuple[str, ...], str]:
    """(date formats, amount or duration reading) proposed from the values."""
    kind = reading_of(entity, target)
    if kind == "date":
        return profile.formats, ""
    if kind == "amount":
        return (), "comma" if profile.decimal == "," else "point"
    if kind == "duration":
        if profile.kind == DURATION:
            return (), profile.clock or "hm"
        return (), "seconds" if "second" in fold(profile.header) else "minutes"
    return (), ""


def _outcome(sample: FileSample, chosen: dict[str, str]) -> str:
    """The header whose words say whether a deal is won, lost or open: the one with won or lost
    words, a status before a stage."""
    best, best_score = "", 0.0
    for header in sample.headers:
        profile = sample.profile(header)
        if not profile.words:
            continue
        meanings = [outcome_of(w) for w in profile.words]
        decided = sum(1 for m in meanings if m != "open")
        if not decided:
            continue
        score = decided / len(meanings) + (1.0 if fold(header) in _OUTCOME_NAMES else 0.0)
        score += 0.5 if chosen.get(header) in ("stage", None) else 0.0
        if score > best_score:
            best, best_score = header, score
    return best


def _words(profile: ColumnProfile, meaning: Callable[[str], str]) -> list[WordChoice]:
    return [WordChoice(w, meaning(w)) for w in profile.words]


def file_propose(sample: FileSample, entity: str | None = None) -> FileChoice:
    """The columns proposed for the file read as `entity` (proposed too when None)."""
    entity = entity_propose(sample)[0] if entity is None else entity
    chosen = _assign(entity, sample) if entity else {}
    columns = []
    for header in sample.headers:
        target = chosen.get(header, "")
        formats, reading = (
            column_reading(entity, target, sample.profile(header)) if target else ((), "")
        )
        columns.append(ColumnChoice(header, target, formats, reading))
    file = FileChoice(
        file=sample.name,
        entity=entity,
        sheet=sample.sheet,
        delimiter=sample.delimiter,
        encoding=sample.encoding,
        columns=columns,
    )
    if entity == "opportunities" and not {"is_won", "is_closed"} <= set(chosen.values()):
        outcome = _outcome(sample, chosen)
        words = _words(sample.profile(outcome), outcome_of) if outcome else []
        file = replace(file, outcome=outcome, outcome_words=words)
    if entity == "activities":
        typed = file.header_of("type")
        if typed:
            file.type_words = _words(sample.profile(typed), activity_type_of)
        else:
            file.activity_type = _activity_of_file(sample.name)
    return file


def _activity_of_file(name: str) -> str:
    """A file of calls or of meetings alone (its name says which), else tasks."""
    return activity_type_of(name.rsplit(".", 1)[0])


def entity_propose(sample: FileSample) -> tuple[str, str]:
    """(entity, why in plain words) for the file: the entity whose usual column names its
    headers carry most, with its file name and values as further clues; "" when none fits."""
    best, best_score, best_hits = "", 0.0, []
    for entity in ENTITY_LABELS:
        chosen = _assign(entity, sample)
        required = set(REQUIRED.get(entity, ()))
        score = sum(2.0 if t in required else 1.0 for t in chosen.values())
        score += 2.0 * file_name_score(entity, sample.name)
        if entity == "managers" and not {"rep", "manager"} <= set(chosen.values()):
            score = 0.0
        if entity == "reps" and not any(p.kind == EMAIL for p in sample.profiles):
            score *= 0.8  # a user list nearly always has e-mail addresses
        if score > best_score:
            best, best_score = entity, score
            best_hits = [h for h in sample.headers if h in chosen][:4]
    if best_score < 2.0:
        return "", "Uplift could not tell what this file holds: choose it."
    shown = ", ".join(best_hits)
    clue = " and its name" if file_name_score(best, sample.name) else ""
    return best, f"Proposed from its headers ({shown}){clue}."


def rep_key_propose(files: Sequence[FileChoice], samples: Sequence[FileSample]) -> str:
    """How the files name the reps: by the owners' values (ids, addresses or names)."""
    for file, sample in zip(files, samples, strict=True):
        header = (
            file.header_of("owner_id") if file.entity in ("opportunities", "activities") else ""
        )
        if header:
            profile = sample.profile(header)
            if profile.kind == EMAIL:
                return "email"
            if profile.kind in (ID, INTEGER) and not profile.names:
                return "id"
            return "name"
    for file in files:
        if file.entity == "reps" and not file.header_of("rep_id"):
            return "email" if file.header_of("email") else "name"
    return "id"


def account_key_propose(files: Sequence[FileChoice], samples: Sequence[FileSample]) -> str:
    for file, sample in zip(files, samples, strict=True):
        header = file.header_of("account_id") if file.entity != "accounts" else ""
        if header:
            return "id" if sample.profile(header).kind in (ID, INTEGER) else "name"
    return "id"


def _header_set(headers: Sequence[str]) -> set[str]:
    return {fold(h) for h in headers}


@cache
def _preset_sections() -> dict[str, dict[str, tuple[tuple[str, ...], bool]]]:
    """preset -> section -> (the headers it reads, folded; whether it is optional)."""
    found: dict[str, dict[str, tuple[tuple[str, ...], bool]]] = {}
    for preset in presets_all():
        data = tomllib.loads(preset.path.read_text(encoding="utf-8"))
        sections: dict[str, tuple[tuple[str, ...], bool]] = {}
        for entity, section in data.items():
            if not isinstance(section, dict) or not isinstance(section.get("columns"), dict):
                continue
            headers: list[str] = []
            for spec in section["columns"].values():
                named = spec.get("column", ()) if isinstance(spec, dict) else spec
                headers += [named] if isinstance(named, str) else list(named)
            sections[entity] = (
                tuple(dict.fromkeys(fold(h) for h in headers)),
                bool(section.get("optional")),
            )
        found[preset.name] = sections
    return found


def preset_propose(samples: Sequence[FileSample]) -> tuple[str, dict[int, str]]:
    """(preset, file's place -> its section) when the files are a ready-made mapping's export:
    each file holds every header one of its sections reads, and each section that is not
    optional has its file; else ("", {})."""
    for name, sections in _preset_sections().items():
        placed: dict[int, str] = {}
        for entity, (headers, optional) in sections.items():
            match = next(
                (
                    index
                    for index, sample in enumerate(samples)
                    if index not in placed and set(headers) <= _header_set(sample.headers)
                ),
                None,
            )
            if match is None and not optional:
                break
            if match is not None:
                placed[match] = entity
        else:
            if len(placed) == len(samples):
                return name, placed
    return "", {}


def source_propose(samples: Sequence[FileSample], preset: str) -> str:
    """The name written to every imported row's `source`: the preset's CRM's, else "crm"."""
    return preset or "crm"


def mapping_propose(samples: Sequence[FileSample]) -> MappingChoices:
    """Everything proposed for an upload: each file's entity and columns, the keys, the CRM's
    name; with a ready-made mapping when the headers are its export's."""
    preset, placed = preset_propose(samples)
    files = [
        file_propose(sample, placed.get(index, "") if preset else None)
        for index, sample in enumerate(samples)
    ]
    return MappingChoices(
        source=source_propose(samples, preset),
        rep_key=rep_key_propose(files, samples),
        account_key=account_key_propose(files, samples),
        files=files,
        preset=preset,
    )


def serial_date_note(sample: FileSample, header: str) -> str:
    """A warning for day numbers in a CSV file's date column, which it cannot read as dates."""
    profile = sample.profile(header)
    if profile.serial and profile.stored != NUMBER and not sample.is_spreadsheet:
        return (
            "These look like a spreadsheet's day numbers saved as text, which cannot be read as "
            "dates: upload the .xlsx file, or format the column as dates before saving the CSV."
        )
    return ""


def file_refresh(sample: FileSample, kept: FileChoice, posted: FileChoice) -> FileChoice:
    """The file's choices once the admin changed some (`posted`, against the `kept` ones): a
    new entity gets its columns proposed anew; a header read as another column gets that
    column's date formats or amount reading; a new outcome or activity type column gets its
    words' meanings. Everything else stays as posted."""
    if posted.entity != kept.entity:
        return file_propose(sample, posted.entity)
    before = {c.header: c.target for c in kept.columns}
    columns = []
    for column in posted.columns:
        if column.target and column.target != before.get(column.header):
            formats, reading = column_reading(
                posted.entity, column.target, sample.profile(column.header)
            )
            columns.append(replace(column, formats=formats, reading=reading))
        else:
            columns.append(column)
    file = replace(posted, columns=columns)
    if file.outcome and file.outcome != kept.outcome:
        file.outcome_words = _words(sample.profile(file.outcome), outcome_of)
    typed = file.header_of("type")
    if typed and typed != kept.header_of("type"):
        file.type_words = _words(sample.profile(typed), activity_type_of)
    return file
