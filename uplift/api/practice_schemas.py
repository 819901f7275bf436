"""Schemas of the practice library's API (documented in /api/openapi.json).

A card's content fields are not written out here: `content_schema` builds them from the card's
declaration (`uplift.practices.card_fields`), with the same names and types in every answer and
request (text as strings, tags as lists of slugs), so a field declared there appears in them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import create_model

from uplift.api.schemas import InputSchema, PersonRef
from uplift.orgs.models import Person
from uplift.practices.card_fields import CARD_FIELDS, CardField
from uplift.practices.models import Practice

Mode = Literal["out", "create", "update"]


def _content_field(field: CardField, mode: Mode) -> tuple[Any, Any]:
    kind: Any = list[str] if field.is_tags else str
    description = field.description or None
    if mode == "out":
        return kind, Field(description=description)
    if mode == "update":
        return kind | None, Field(None, description=description)
    if field.required:
        return kind, Field(description=description)
    if field.is_tags:
        return kind, Field(default_factory=list, description=description)
    return kind, Field("", description=description)


def content_schema(name: str, base: type[Schema], fields: Iterable[CardField], mode: Mode) -> Any:
    """A schema of `base` with these card fields: as answered ("out": every one given), as sent
    for a new card ("create": only the required ones needed) or for an edit ("update": any of
    them). Typed `Any`: the class is built at run time, where mypy cannot follow it."""
    definitions: dict[str, Any] = {field.name: _content_field(field, mode) for field in fields}
    return create_model(name, __base__=base, __module__=__name__, **definitions)


class EvidenceIO(Schema):
    behavior: str = Field(description="Behaviour key, e.g. meetings_per_opportunity.")
    label: str = ""
    star: float = Field(description="The stars' average.")
    core: float = Field(description="The core's average.")
    effect_size: float | None = Field(None, description="Hedges' g, star vs core.")
    adjusted_difference: float | None = Field(
        None,
        description="Star minus core on the same deal mix (drivers' adjusted_difference); its "
        "sign says whether stars do more or less of the behaviour.",
    )
    q_value: float | None = Field(None, description="False-discovery-adjusted p-value.")
    n_star: int | None = None
    n_core: int | None = None


class EvidenceIn(InputSchema, EvidenceIO):
    """An evidence row as a client sends it."""


PracticeSummaryContent = content_schema(
    "PracticeSummaryContent", Schema, [f for f in CARD_FIELDS if f.summary], "out"
)


class PracticeOut(PracticeSummaryContent):  # type: ignore[misc,valid-type]
    """A card as the library lists it: its summary fields (title, problem, tags)."""

    id: int
    status: str = Field(description="draft, in_review, approved or retired.")
    version: int = Field(description="Current approved version; 0 before approval.")
    contributors: list[PersonRef]
    sponsor: PersonRef | None
    updated_at: datetime

    @staticmethod
    def resolve_contributors(obj: Practice) -> list[Person]:
        return list(obj.contributors.all())


class VersionOut(Schema):
    number: int
    summary: str
    changed_fields: list[str]
    changed_by: PersonRef | None
    changed_at: datetime


class CommentOut(Schema):
    id: int
    author: PersonRef
    body: str
    is_question: bool
    parent_id: int | None
    created_at: datetime


PracticeDetailContent = content_schema(
    "PracticeDetailContent", PracticeOut, [f for f in CARD_FIELDS if not f.summary], "out"
)


class PracticeDetailOut(PracticeDetailContent):  # type: ignore[misc,valid-type]
    """A card with every field of its content, its evidence, versions and comments."""

    review_note: str
    evidence: list[EvidenceIO]
    versions: list[VersionOut]
    comments: list[CommentOut]

    @staticmethod
    def resolve_evidence(obj: Practice) -> list[Any]:
        return list(obj.evidence.all())

    @staticmethod
    def resolve_versions(obj: Practice) -> list[Any]:
        return list(obj.versions.select_related("changed_by"))

    @staticmethod
    def resolve_comments(obj: Practice) -> list[Any]:
        return list(obj.comments.select_related("author"))


# A new card's content, as a client sends it (also to draft a card from a debrief).
PracticeContentIn = content_schema("PracticeContentIn", InputSchema, CARD_FIELDS, "create")
PracticeChangesIn = content_schema("PracticeChangesIn", InputSchema, CARD_FIELDS, "update")


class PracticeIn(PracticeContentIn):  # type: ignore[misc,valid-type]
    contributor_ids: list[int] = Field(default_factory=list, description="Besides the author.")
    evidence: list[EvidenceIn] = Field(default_factory=list)


class PracticeUpdateIn(PracticeChangesIn):  # type: ignore[misc,valid-type]
    contributor_ids: list[int] | None = None
    evidence: list[EvidenceIn] | None = None
    summary: str = Field("", description="What changed (kept with the new version).")


class SubmitIn(InputSchema):
    sponsor_id: int | None = Field(
        None,
        description="The leader who reviews and sponsors the practice: a leader who is neither "
        "its author nor one of its contributors (400 otherwise); when omitted, the sponsor it was "
        "last submitted to (after it was sent back).",
    )


class ApproveIn(InputSchema):
    note: str = ""


class SendBackIn(InputSchema):
    reason: str


class CommentIn(InputSchema):
    body: str
    is_question: bool = False
    parent_id: int | None = Field(None, description="The comment this one answers.")


class AdoptIn(InputSchema):
    person_id: int | None = Field(None, description="A rep in your scope; yourself if omitted.")


class AdvanceIn(InputSchema):
    stage: Literal["practising", "demonstrated", "habitual"]
    note: str = Field("", description="Required when a manager confirms a habit without data.")
    on: date | None = Field(None, description="The day it happened; today if omitted.")


class AdoptionOut(Schema):
    id: int
    practice_id: int
    person: PersonRef
    stage: str
    planned_on: date | None
    practising_on: date | None
    demonstrated_on: date | None
    habitual_on: date | None
    habitual_basis: str


class HabitCheckOut(Schema):
    moved: bool
    message: str
    adoption: AdoptionOut


class LibraryQuery(InputSchema):
    q: str = Field("", description="Full-text search: every word must match (prefixes count).")
    stage: str = ""
    competency: str = ""
    contributor: int | None = None
    status: Literal["approved", "draft", "in_review", "retired", "mine", "all"] = "approved"
