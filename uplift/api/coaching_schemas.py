"""Schemas of the coaching API (documented in /api/openapi.json)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from uplift.api.schemas import InputSchema

Kind = Literal["one_on_one", "call_review", "role_play"]
Status = Literal["planned", "done", "cancelled"]


class ParticipantRef(Schema):
    id: int
    full_name: str
    email: str


class ActionItemIn(InputSchema):
    title: str = Field(max_length=200, description="What will happen, by whom.")
    due_on: date | None = None


class ActionItemOut(Schema):
    id: int
    title: str
    due_on: date | None
    done_on: date | None
    milestone_id: int | None = Field(description="The plan milestone it became, if it did.")


class SessionIn(InputSchema):
    rep_id: int = Field(description="Someone in your manager chain.")
    coach_id: int | None = Field(None, description="You, unless you name someone else.")
    kind: Kind = "one_on_one"
    scheduled_at: datetime = Field(description="With a time zone, e.g. 2026-12-03T09:30:00Z.")
    duration_minutes: int = Field(30, ge=5, le=480)
    agenda: str = ""
    call_reference: str = Field("", max_length=300)


class SessionPatch(InputSchema):
    agenda: str | None = None
    notes: str | None = Field(None, description="Private to the rep, their chain and the coach.")
    status: Status | None = None
    scheduled_at: datetime | None = None
    duration_minutes: int | None = Field(None, ge=5, le=480)


class SessionOut(Schema):
    id: int
    uid: str = Field(description="Stable calendar UID of the invitation.")
    kind: Kind
    status: Status
    rep: ParticipantRef
    coach: ParticipantRef
    scheduled_at: datetime
    duration_minutes: int
    agenda: str
    call_reference: str
    notes: str = Field(description="Only the rep, their manager chain and the coach see a session.")
    action_items: list[ActionItemOut]
    ics_url: str


class ActionMilestoneOut(Schema):
    id: int
    plan_id: int
    title: str
    due_on: date
    source: str


class RubricItemSchema(Schema):
    id: int | None = None
    competency: str = Field(description="A competency slug, e.g. objection_handling.")
    label: str
    levels: list[str] = Field(description="Exactly five descriptions, for levels 1 to 5.")


class RubricItemIn(InputSchema, RubricItemSchema):
    """A rubric item as a client sends it."""


class ScenarioIn(InputSchema):
    title: str = Field(max_length=200)
    competency: str
    practice_id: int | None = None
    buyer_persona: str
    situation: str
    objections: str = Field("", description="One a line.")
    success_criteria: str = Field(description="One a line.")
    rubric: list[RubricItemIn]
    status: Literal["draft", "published", "archived"] = "draft"


class ScenarioOut(Schema):
    id: int
    title: str
    status: str
    competency: str
    practice_id: int | None
    buyer_persona: str
    situation: str
    objections: list[str]
    success_criteria: list[str]
    rubric: list[RubricItemSchema]


class RolePlayIn(InputSchema):
    scenario_id: int
    rep_id: int = Field(description="Someone in your manager chain; plays the seller.")
    partner_id: int | None = Field(None, description="Plays the buyer; you when omitted.")
    peer_rater_ids: list[int] = Field(default_factory=list)
    held_at: datetime | None = None


class ScoreOut(Schema):
    item_id: int
    score: int


class RatingOut(Schema):
    rater: ParticipantRef
    kind: Literal["coach", "peer"]
    submitted_at: datetime | None
    feedback: str
    scores: list[ScoreOut]


class RolePlayOut(Schema):
    id: int
    scenario_id: int
    scenario_title: str
    rep: ParticipantRef
    coach: ParticipantRef
    partner: ParticipantRef
    attempt: int
    previous_id: int | None
    held_at: datetime
    overall: float | None = Field(description="Mean over raters of each rater's item mean.")
    ratings: list[RatingOut]


class ScoresIn(InputSchema):
    scores: dict[int, int] = Field(description="Rubric item id -> score 1..5, for every item.")
    feedback: str = Field("", max_length=5000)


class ItemSpreadOut(Schema):
    item_id: int
    label: str
    competency: str
    scores: dict[int, int] = Field(description="Rater id -> score.")
    mean: float | None
    spread: int | None = Field(description="Highest minus lowest score.")
    sd: float | None = Field(description="Population standard deviation of the scores.")
    disagreement: bool = Field(description="spread >= threshold with two raters or more.")


class CalibrationOut(Schema):
    roleplay_id: int
    threshold: int
    raters: int
    items: list[ItemSpreadOut]
    leans: dict[int, float] = Field(description="Rater id -> mean difference from the others.")


class ProgressPointOut(Schema):
    roleplay_id: int
    held_on: date
    competency: str
    score: float
    coach: float | None
    peers: float | None
    raters: int


class AssessmentPointOut(Schema):
    assessed_on: date
    competency: str
    level: int
    kind: str


class ProgressionOut(Schema):
    person_id: int
    roleplays: list[ProgressPointOut]
    assessments: list[AssessmentPointOut]
