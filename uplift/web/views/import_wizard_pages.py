"""What the wizard's columns step shows: each file's card (how it was read, what it holds, its
headers with sample values and the column each is read as, its won/lost and activity words),
built from the draft's samples and the choices as they stand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from uplift.analytics.canonical import ACTIVITY_TYPES
from uplift.crm.column_profiles import FileSample
from uplift.crm.mapping_drafts import (
    ACCOUNT_KEYS,
    AMOUNT_READINGS,
    COLUMN_LABELS,
    DURATION_READINGS,
    ENTITY_LABELS,
    OUTCOME_LABELS,
    REP_KEYS,
    FileChoice,
    MappingChoices,
    Problem,
    WordChoice,
    reading_of,
)
from uplift.crm.mapping_proposals import entity_propose, preset_propose, serial_date_note
from uplift.crm.mapping_wizard import draft_samples
from uplift.crm.models import MappingDraft
from uplift.crm.presets import preset_get

WIZARD_STEPS = ((1, "Upload"), (2, "Columns"), (3, "Preview"), (4, "Save and import"))
BLANK_WORD_ROWS = 2  # empty rows under a word map, to add a word the first rows did not show
TYPE_LABELS = {"call": "Call", "email": "E-mail", "meeting": "Meeting", "task": "Task"}
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars (|)"}


@dataclass(frozen=True)
class ColumnRow:
    index: int
    header: str
    samples: tuple[str, ...]
    target: str
    reading: str  # "date", "amount", "duration" or ""
    formats: str  # the date formats as typed: "%d.%m.%Y %H:%M; %d.%m.%Y"
    chosen_reading: str
    note: str = ""
    also: str = ""  # the other headers read as the same column, in turn
    outcome: bool = False  # its words say whether a deal is won, lost or open


@dataclass(frozen=True)
class WordRow:
    index: int
    word: str
    meaning: str


@dataclass(frozen=True)
class FileCard:
    number: int
    name: str
    how: str  # how it was read, in words
    sheets: tuple[str, ...]
    sheet: str
    entity: str
    reason: str
    targets: tuple[tuple[str, str], ...]  # (column, label) offered for its headers
    rows: tuple[ColumnRow, ...]
    headers: tuple[str, ...]
    outcome: str
    outcome_rows: tuple[WordRow, ...]
    type_rows: tuple[WordRow, ...]
    activity_type: str
    typed: bool  # a header is read as the activity type
    problems: tuple[str, ...] = field(default=())

    @property
    def outcome_prefix(self) -> str:
        return f"f{self.number}-ow"

    @property
    def type_prefix(self) -> str:
        return f"f{self.number}-tw"


def _how(sample: FileSample) -> str:
    if sample.sheet:
        return f"Sheet {sample.sheet!r} of the workbook; {sample.rows} rows read for the samples."
    between = DELIMITERS.get(sample.delimiter, repr(sample.delimiter))
    return (
        f"Values separated by {between}, text in {sample.encoding} (both detected); "
        f"{sample.rows} rows read for the samples."
    )


def _word_rows(words: list[WordChoice], blank_meaning: str) -> tuple[WordRow, ...]:
    rows = [WordRow(i, w.word, w.meaning) for i, w in enumerate(words)]
    rows += [WordRow(len(words) + i, "", blank_meaning) for i in range(BLANK_WORD_ROWS)]
    return tuple(rows)


def _rows(sample: FileSample, file: FileChoice) -> tuple[ColumnRow, ...]:
    rows = []
    for index, header in enumerate(sample.headers):
        column = next((c for c in file.columns if c.header == header), None)
        target = column.target if column else ""
        reading = reading_of(file.entity, target) if target and file.entity else ""
        profile = sample.profile(header)
        together = [c.header for c in file.columns if target and c.target == target]
        also = ", then ".join(together) if len(together) > 1 else ""
        rows.append(
            ColumnRow(
                index=index,
                header=header,
                samples=profile.samples,
                target=target,
                reading=reading,
                formats="; ".join(column.formats) if column else "",
                chosen_reading=column.reading if column else "",
                note=serial_date_note(sample, header) if reading == "date" else "",
                also=also,
                outcome=file.entity == "opportunities" and header == file.outcome,
            )
        )
    return tuple(rows)


def _card(sample: FileSample, file: FileChoice, number: int, problems: list[Problem]) -> FileCard:
    proposed, reason = entity_propose(sample)
    if file.entity != proposed:
        reason = "Chosen by you." if file.entity else "Not imported."
    labels = COLUMN_LABELS.get(file.entity, {})
    return FileCard(
        number=number,
        name=sample.name,
        how=_how(sample),
        sheets=sample.sheets,
        sheet=sample.sheet,
        entity=file.entity,
        reason=reason,
        targets=tuple(labels.items()),
        rows=_rows(sample, file),
        headers=sample.headers,
        outcome=file.outcome,
        outcome_rows=_word_rows(file.outcome_words, "open"),
        type_rows=_word_rows(file.type_words, "task"),
        activity_type=file.activity_type,
        typed=bool(file.header_of("type")),
        problems=tuple(p.message for p in problems if p.file == number),
    )


def _shared(choices: MappingChoices) -> dict[str, Any]:
    return {
        "entities": tuple(ENTITY_LABELS.items()),
        "amount_readings": tuple((k, v[0]) for k, v in AMOUNT_READINGS.items()),
        "duration_readings": tuple(DURATION_READINGS.items()),
        "outcomes": tuple(OUTCOME_LABELS.items()),
        "types": tuple((t, TYPE_LABELS[t]) for t in ACTIVITY_TYPES),
    }


def file_context(
    draft: MappingDraft, choices: MappingChoices, number: int, problems: list[Problem]
) -> dict[str, Any]:
    """One file's card, for the htmx answer that redraws it."""
    sample = draft_samples(draft)[number]
    card = _card(sample, choices.files[number], number, problems)
    return {"draft": draft, "card": card, **_shared(choices)}


def columns_context(
    draft: MappingDraft, choices: MappingChoices, problems: list[Problem]
) -> dict[str, Any]:
    samples = draft_samples(draft)
    cards = [
        _card(sample, choices.files[number], number, problems)
        for number, sample in enumerate(samples)
    ]
    proposed = preset_propose(samples)[0]
    preset = preset_get(proposed) if proposed else None
    return {
        "draft": draft,
        "choices": choices,
        "cards": cards,
        "preset": preset,
        "problems": [p.message for p in problems],
        "rep_keys": tuple(REP_KEYS.items()),
        "account_keys": tuple(ACCOUNT_KEYS.items()),
        "step": 2,
        "steps": WIZARD_STEPS,
        **_shared(choices),
    }
