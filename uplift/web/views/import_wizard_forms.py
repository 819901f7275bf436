"""The mapping wizard's forms: the upload, the choices of the columns step, and the last step's
name and "skip invalid rows".

The columns step has one select per header of every file, and as many word rows as the export
has words, so it is read from the posted data here rather than declared as fields; every value
is checked (a choice must be one offered, text follows the free-text rule, as the forms' does)
and kept as posted, so what the admin chose and typed is shown again with what must change.
"""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from uplift.analytics.canonical import ACTIVITY_TYPES
from uplift.crm.column_profiles import FileSample
from uplift.crm.mapping_drafts import (
    ACCOUNT_KEYS,
    AMOUNT_READINGS,
    DURATION_READINGS,
    ENTITY_LABELS,
    OUTCOMES,
    REP_KEYS,
    ColumnChoice,
    FileChoice,
    MappingChoices,
    WordChoice,
    column_targets,
    reading_of,
)
from uplift.crm.mapping_proposals import preset_propose
from uplift.crm.models import SavedMapping
from uplift.web.http import posted_text
from uplift.web.text_forms import FreeTextForm

MAX_WORDS = 60  # word rows read per map: the export's words and a few added by hand
MAX_TEXT = 200


class UploadForm(FreeTextForm):
    """What to read the upload with: a saved mapping, or nothing (Uplift proposes one)."""

    reuse = forms.TypedChoiceField(
        label="Read it as",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="A mapping saved from an earlier export of the same CRM, to check and import.",
    )

    def __init__(self, *args: object, saved: list[SavedMapping], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["reuse"].choices = [  # type: ignore[attr-defined]
            ("", "A new export: Uplift proposes the mapping"),
            *((m.pk, f"The saved mapping {m.name}") for m in saved),
        ]


class ImportForm(FreeTextForm):
    name = forms.CharField(
        label="Save the mapping as",
        max_length=80,
        help_text="The next export of this CRM can be read with it (it replaces a mapping of "
        "the same name).",
    )
    skip_invalid = forms.BooleanField(
        label="Import the valid rows and give me the rejected ones",
        required=False,
        help_text="Without it, a row that cannot be read stops the whole import and nothing is "
        "written.",
    )


def _choice(data: QueryDict, name: str, allowed: object, default: str = "") -> str:
    value = data.get(name, default)
    return value if value in allowed else default  # type: ignore[operator]


def _text(data: QueryDict, name: str) -> str:
    return " ".join(posted_text(data, name)[:MAX_TEXT].split())


def _words(data: QueryDict, prefix: str, allowed: tuple[str, ...]) -> list[WordChoice]:
    words = []
    count = min(int(c) if (c := data.get(f"{prefix}-count", "")).isdigit() else 0, MAX_WORDS)
    for row in range(count):
        word = _text(data, f"{prefix}{row}-word")
        if word:
            meaning = _choice(data, f"{prefix}{row}-meaning", allowed, allowed[-1])
            words.append(WordChoice(word, meaning))
    return words


def _formats(text: str) -> tuple[str, ...]:
    return tuple(f.strip() for f in text.split(";") if f.strip())


def file_from_post(
    data: QueryDict, number: int, sample: FileSample, kept: FileChoice
) -> FileChoice:
    """One file's choices as posted (`f<number>-…`); the file's name and how it is read are the
    draft's own, never the form's."""
    prefix = f"f{number}"
    entity = _choice(data, f"{prefix}-entity", ENTITY_LABELS)
    targets = column_targets(entity)
    columns = []
    for index, header in enumerate(sample.headers):
        name = f"{prefix}-c{index}"
        target = _choice(data, f"{name}-target", targets)
        reading = reading_of(entity, target) if target else ""
        allowed = AMOUNT_READINGS if reading == "amount" else DURATION_READINGS
        columns.append(
            ColumnChoice(
                header=header,
                target=target,
                formats=_formats(_text(data, f"{name}-formats")) if reading == "date" else (),
                reading=_choice(data, f"{name}-reading", allowed)
                if reading in ("amount", "duration")
                else "",
            )
        )
    return FileChoice(
        file=kept.file,
        entity=entity,
        sheet=kept.sheet,
        delimiter=kept.delimiter,
        encoding=kept.encoding,
        columns=columns,
        outcome=_choice(data, f"{prefix}-outcome", sample.headers),
        outcome_words=_words(data, f"{prefix}-ow", OUTCOMES),
        type_words=_words(data, f"{prefix}-tw", (*ACTIVITY_TYPES[:3], "task")),
        activity_type=_choice(data, f"{prefix}-activity_type", ACTIVITY_TYPES),
    )


def choices_from_post(
    data: QueryDict, samples: list[FileSample], kept: MappingChoices
) -> MappingChoices:
    """Every choice of the columns step as posted, over the draft's files."""
    files = [
        file_from_post(data, number, sample, kept.files[number])
        for number, sample in enumerate(samples)
    ]
    proposed = preset_propose(samples)[0]
    preset = proposed if proposed and data.get("preset") == proposed else ""
    return MappingChoices(
        source=_text(data, "source").lower() or kept.source,
        rep_key=_choice(data, "rep_key", REP_KEYS, kept.rep_key),
        account_key=_choice(data, "account_key", ACCOUNT_KEYS, kept.account_key),
        files=files,
        preset=preset,
    )
