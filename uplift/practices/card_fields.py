"""The content of a practice card, declared once.

`CardContent` is both the value the services take (one typed, frozen dataclass instead of one
keyword per field) and the declaration: each of its attributes carries a `CardField` saying how
the field is labelled, checked, edited, shown, searched and described in the API. `CARD_FIELDS`
reads them back in order; the model form, the API schemas, the version snapshot, the diff
labels, the search index and the card templates are all built from it.

To add a field: declare it here, add its column to `CardColumns` (`uplift/practices/models.py`)
and write the migration (docs/architecture.md, "How to add a field to a practice card").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from uplift.practices.tags import COMPETENCY_TAGS, STAGE_TAGS

MAX_TITLE = 200
MAX_TEXT = 20_000


class FieldKind(StrEnum):
    TEXT = "text"  # one line; runs of spaces are collapsed (the title)
    LONG_TEXT = "long_text"  # paragraphs, kept as written; a section of the card
    TAGS = "tags"  # slugs out of a vocabulary


class Display(StrEnum):
    """How the card page shows a long text."""

    PROSE = "prose"
    NUMBERED = "numbered"  # one item per line, numbered (the steps)
    SPOKEN = "spoken"  # the words a star says, set apart (the talk tracks)


@dataclass(frozen=True)
class CardField:
    name: str
    label: str
    kind: FieldKind = FieldKind.LONG_TEXT
    help: str = ""  # under the field on the form, and the API's description
    required: bool = False
    max_length: int = MAX_TEXT
    rows: int = 3  # the textarea's height on the edit form
    display: Display = Display.PROSE
    empty: str = "Not written yet."  # shown on the card when blank; "" leaves the section out
    summary: bool = False  # also in the library's list answers (the API's PracticeOut)
    searchable: bool = True
    search_weight: float = 1.0  # how much a match in it counts (SQLite's bm25 column weight)
    vocabulary: Mapping[str, str] = dataclasses.field(default_factory=dict)  # tags: slug → label
    tag_noun: str = ""  # tags: "sales-stage", as in "'x' is not a sales-stage tag"
    tag_param: str = ""  # tags: the library's filter parameter, also the tag's CSS class

    @property
    def is_tags(self) -> bool:
        return self.kind == FieldKind.TAGS

    @property
    def description(self) -> str:
        """What the API says of the field."""
        if self.help:
            return self.help
        return f"{self.tag_noun.capitalize()} slugs." if self.is_tags else ""

    def tag_label(self, slug: str) -> str:
        return self.vocabulary.get(slug, slug.replace("_", " ").capitalize())

    @property
    def tag_title(self) -> str:
        """The name of one tag of this field: "Sales stage"."""
        return self.tag_noun.replace("-", " ").capitalize()


def _declare(**spec: Any) -> Any:
    """A `CardContent` attribute declared as a card field (its name is the attribute's)."""
    default: Any = () if spec.get("kind") == FieldKind.TAGS else ""
    return dataclasses.field(default=default, metadata={"card_field": spec})


@dataclass(frozen=True)
class CardContent:
    """What a practice card says. Text is kept as given: the services clean and check it."""

    title: str = _declare(
        label="Title",
        kind=FieldKind.TEXT,
        required=True,
        max_length=MAX_TITLE,
        summary=True,
        search_weight=10.0,
    )
    problem: str = _declare(label="Problem it solves", rows=3, summary=True, search_weight=3.0)
    when_to_use: str = _declare(label="When to use it", rows=2, search_weight=2.0)
    steps: str = _declare(
        label="Steps",
        help="One step per line.",
        rows=5,
        display=Display.NUMBERED,
        empty="No steps yet.",
        search_weight=2.0,
    )
    talk_tracks: str = _declare(
        label="Talk tracks and examples", rows=4, display=Display.SPOKEN, empty=""
    )
    stage_tags: tuple[str, ...] = _declare(
        label="Sales stages",
        kind=FieldKind.TAGS,
        summary=True,
        vocabulary=STAGE_TAGS,
        tag_noun="sales-stage",
        tag_param="stage",
    )
    competency_tags: tuple[str, ...] = _declare(
        label="Competencies",
        kind=FieldKind.TAGS,
        summary=True,
        vocabulary=COMPETENCY_TAGS,
        tag_noun="competency",
        tag_param="competency",
    )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CardContent:
        """The content out of a form's or a request's data: the declared fields it holds (the
        others keep their defaults), tags as tuples; other keys are ignored."""
        values: dict[str, Any] = {}
        for field in CARD_FIELDS:
            if field.name in data and data[field.name] is not None:
                value = data[field.name]
                values[field.name] = tuple(value) if field.is_tags else value
        return cls(**values)

    def values(self) -> dict[str, Any]:
        """Field name → value, in the declared order; tags as lists (as the model stores them)."""
        values: dict[str, Any] = {}
        for field in CARD_FIELDS:
            value = getattr(self, field.name)
            values[field.name] = list(value) if field.is_tags else value
        return values


CARD_FIELDS: tuple[CardField, ...] = tuple(
    CardField(name=attribute.name, **attribute.metadata["card_field"])
    for attribute in dataclasses.fields(CardContent)
)
CARD_FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in CARD_FIELDS)
SECTION_FIELDS: tuple[CardField, ...] = tuple(
    field for field in CARD_FIELDS if field.kind == FieldKind.LONG_TEXT
)
TAG_FIELDS: tuple[CardField, ...] = tuple(field for field in CARD_FIELDS if field.is_tags)


def card_field(name: str) -> CardField:
    """The declared field of that name (KeyError for another)."""
    for field in CARD_FIELDS:
        if field.name == name:
            return field
    raise KeyError(name)


@dataclass(frozen=True)
class CardSection:
    """A long text of a card as its page shows it, under the field's label."""

    field: CardField
    text: str

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


@dataclass(frozen=True)
class TagGroup:
    """The tags a card has in one tag field, as (slug, label) pairs."""

    field: CardField
    tags: list[tuple[str, str]]


# What an edit can change besides the declared fields, as the review trail names it.
OTHER_CHANGES: dict[str, str] = {"evidence": "Evidence", "contributors": "Who is credited"}


def change_label(name: str) -> str:
    """The label of something an edit changed: a declared field's label, or "Evidence"."""
    for field in CARD_FIELDS:
        if field.name == name:
            return field.label
    return OTHER_CHANGES.get(name, name.replace("_", " ").capitalize())


def changes_in_words(names: Sequence[str]) -> str:
    """What an edit changed, as the review trail says it: “Changed “When to use it” and
    “Evidence”.” (empty for nothing)."""
    labels = [f"“{change_label(name)}”" for name in names]
    if not labels:
        return ""
    joined = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
    return f"Changed {joined}."


def trail_note_in_words(note: str) -> str:
    """A review-trail note as people read it. Edits used to be noted by their fields' names
    ("when_to_use, talk_tracks"); such a note reads as `changes_in_words`, any other note (the
    editor's own summary, a reviewer's reason) as written."""
    names = [part.strip() for part in note.split(",")]
    known = {*CARD_FIELD_NAMES, *OTHER_CHANGES}
    if note.strip() and all(name in known for name in names):
        return changes_in_words(names)
    return note
