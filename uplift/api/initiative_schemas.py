"""Schemas of the sharing-initiative API (documented in /api/openapi.json). The commitments a
request sets are named by their declaration (`uplift.initiatives.kinds`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import create_model

from uplift.api.schemas import InputSchema, PersonRef
from uplift.initiatives.kinds import KINDS, Committer

Cadence = Literal["weekly", "fortnightly", "monthly"]
SessionKind = Literal["win_story", "clinic", "office_hours"]
CommitmentKind = Literal[
    "debriefs",
    "practices",
    "sessions_hosted",
    "mentees",
    "spotlights",
    "events",
    "sessions_attended",
]
State = Literal["kept", "missed", "due", "upcoming"]


def _pledge_schema(name: str, committer: Committer) -> type[InputSchema]:
    """The numbers someone commits to each period, one optional field per declared kind."""
    fields: dict[str, Any] = {
        spec.field: (
            int,
            Field(0, ge=0, le=spec.most, description=f"{spec.label} {spec.per}: {spec.kept_by}."),
        )
        for spec in KINDS
        if spec.committer == committer
    }
    model: type[InputSchema] = create_model(
        name, __base__=InputSchema, __module__=__name__, **fields
    )
    return model


PartnerPledgeIn = _pledge_schema("PartnerPledgeIn", Committer.PARTNER)
LeaderPledgeIn = _pledge_schema("LeaderPledgeIn", Committer.LEADER)


class LaunchIn(InputSchema):
    name: str = Field(max_length=120)
    purpose: str = Field(max_length=2000)
    sponsor_id: int = Field(description="A leader of your organisation.")
    owner_id: int = Field(description="An enablement admin of your organisation.")
    scope_team_id: int | None = Field(None, description="A team you lead; omit for everyone.")
    starts_on: date
    quarters: int = Field(4, ge=1, le=12, description="The target's horizon, and the period.")
    close_fraction: float = Field(0.25, gt=0, le=1, description="Share of the gap to close.")
    cadence: Cadence = "fortnightly"


class InviteIn(InputSchema):
    person_ids: list[int] = Field(description="People to invite, usually the proposed stars.")


class AnswerIn(InputSchema):
    accept: bool
    commitments: PartnerPledgeIn | None = None  # type: ignore[valid-type]
    note: str = Field("", max_length=300)


class CloseIn(InputSchema):
    retrospective: str = Field(max_length=10_000)


class SharingSessionIn(InputSchema):
    kind: SessionKind
    topic: str = Field(max_length=200)
    practice_id: int | None = None
    host_id: int | None = Field(None, description="You, unless you run the initiative.")
    scheduled_at: datetime = Field(description="With a time zone, e.g. 2026-12-03T09:30:00Z.")
    duration_minutes: int = Field(45, ge=15, le=240)


class AttendanceIn(InputSchema):
    person_ids: list[int] = Field(description="Everyone who came, the host included.")


class DraftIn(InputSchema):
    title: str | None = Field(None, max_length=200, description="The topic, unless given.")


class PairIn(InputSchema):
    mentee_id: int
    goal: str = Field("", max_length=300)


class DecisionIn(InputSchema):
    agree: bool


class MentoringCheckInIn(InputSchema):
    held_on: date
    note: str = Field(max_length=500)


class PartnerOut(Schema):
    person: PersonRef
    status: Literal["invited", "accepted", "declined"]
    invited_at: datetime
    answered_at: datetime | None
    p_star: float | None = Field(description="Why they were proposed: P(star) at the time.")


class ProposedStarOut(Schema):
    person: PersonRef
    team: str
    p_star: float


class InitiativeOut(Schema):
    id: int
    name: str
    purpose: str
    status: Literal["running", "closed"]
    sponsor: PersonRef
    owner: PersonRef
    scope_team: str | None = Field(description="The team it covers; null for everyone.")
    starts_on: date
    ends_on: date
    cadence: Cadence
    target: dict[str, Any] = Field(description="metric, label, close_fraction, quarters, by.")
    baseline: dict[str, Any] = Field(description="The gap of the analysis at launch, frozen.")
    retrospective: str


class InitiativeDetailOut(InitiativeOut):
    partners: list[PartnerOut] = Field(
        description="The accepted partners (and your own answer); its leaders see everyone invited."
    )
    proposed: list[ProposedStarOut] = Field(
        description="Stars of the latest analysis not invited yet (for its leaders)."
    )


class CommitmentOut(Schema):
    id: int
    person: PersonRef
    kind: CommitmentKind
    label: str
    target: int
    achieved: int
    starts_on: date
    ends_on: date
    state: State
    kept_on: date | None


class SharingSessionOut(Schema):
    id: int
    kind: SessionKind
    topic: str
    host: PersonRef
    practice_id: int | None
    scheduled_at: datetime
    duration_minutes: int
    status: Literal["planned", "held", "cancelled"]
    attendance: list[PersonRef]
    draft_practice_id: int | None
    ics_url: str


class DraftOut(Schema):
    practice_id: int
    title: str


class MentoringCheckInOut(Schema):
    id: int
    held_on: date
    note: str


class PairOut(Schema):
    id: int
    mentor: PersonRef
    mentee: PersonRef
    status: Literal["proposed", "agreed", "declined"]
    goal: str
    check_ins: list[MentoringCheckInOut]


class FunnelStepOut(Schema):
    key: str
    label: str
    value: int
    kind: Literal["count", "correlation", "causal estimate"]
    detail: str


class HealthOut(Schema):
    """The initiative's health; the same entry as `uplift report initiative --json`."""

    id: int
    name: str
    status: str
    sponsor: str
    target: dict[str, Any]
    baseline: dict[str, Any]
    partners: list[dict[str, Any]] = Field(
        description="Each partner; `commitments` is null where the caller may not see them."
    )
    commitments: dict[str, int] = Field(description="kept, missed, due, upcoming.")
    participation: float | None = Field(
        description="Share of the scope's core reps who took part (a count)."
    )
    participation_detail: dict[str, Any]
    gap_closure: dict[str, Any] = Field(
        description="value and ci: share of the gap closed since the start (a correlation)."
    )
    funnel: list[FunnelStepOut]
    pulse: list[dict[str, Any]] | None = Field(
        description="Engagement per team beside participation (a correlation); null when the "
        "caller reads no pulse results."
    )
