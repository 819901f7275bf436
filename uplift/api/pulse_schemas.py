"""Schemas of the pulse API. No schema carries one person's answers: there are none to carry."""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Field, Schema

from uplift.api.schemas import Id, InputSchema


class PulseQuestionOut(Schema):
    id: int
    kind: str = Field(description="`agreement` (1-5) or `recommend` (0-10, the eNPS question).")
    text: str
    position: int = Field(description="1 for the first question asked; 0 when retired.")
    active: bool
    retired_on: date | None


class PulseAskedOut(Schema):
    question_id: int
    kind: str
    text: str
    scale_min: int
    scale_max: int


class PulseRoundOut(Schema):
    id: int
    label: str
    opens_on: date
    closes_on: date
    questions: list[PulseAskedOut]
    answered: bool = Field(description="Whether you have answered this round.")
    answers: int = Field(description="How many people have answered it so far (never who).")
    members: int = Field(description="How many active people may answer it.")


class PulseAnswerIn(InputSchema):
    question_id: Id
    value: int = Field(ge=0, le=10, description="1-5 for agreement, 0-10 for recommend.")


class PulseAnswersIn(InputSchema):
    answers: list[PulseAnswerIn] = Field(max_length=20)


class PulseAnsweredOut(Schema):
    round_id: int
    answered: bool
    detail: str


class PulseScoreOut(Schema):
    question_id: int
    kind: str
    text: str
    mean: float | None = Field(description="Agreement: the mean answer, 1 to 5.")
    enps: float | None = Field(description="Recommend: promoters minus detractors, in points.")


class PulseGroupOut(Schema):
    team_id: int | None = Field(
        description="The team it is reported under; null: the organisation."
    )
    team_name: str
    holds: list[str] = Field(description="Other teams whose answers it holds (fewer than 5 each).")
    answers: int
    engagement: float | None = Field(description="Mean answer to the agreement questions, 1-5.")
    enps: float | None = Field(description="eNPS in points, -100 to 100.")
    questions: list[PulseScoreOut]


class PulseRoundResultOut(Schema):
    round_id: int
    label: str
    month: date
    opens_on: date
    closes_on: date
    answers: int = Field(description="Everyone who answered the round.")
    groups: list[PulseGroupOut] = Field(description="Your teams' groups: 5 answers or more each.")
    everyone: PulseGroupOut | None


class PulseOpenRoundOut(Schema):
    round_id: int
    label: str
    closes_on: date
    answers: int = Field(description="Answers so far from the teams you lead.")


class PulseResultsOut(Schema):
    threshold: int = Field(description="The fewest answers a group's result is shown for.")
    rounds: list[PulseRoundResultOut] = Field(description="Closed rounds, oldest first.")
    open_round: PulseOpenRoundOut | None


class PulseResultsQuery(InputSchema):
    since: date | None = Field(
        None, description="Rounds that opened in this month or later (default: the last 12)."
    )


class PulseQuestionIn(InputSchema):
    text: str = Field(min_length=1, max_length=300)
    kind: Literal["agreement", "recommend"] = "agreement"


class PulseQuestionPatch(InputSchema):
    text: str | None = Field(None, min_length=1, max_length=300)
    position: int | None = Field(None, ge=1, le=5, description="Where it is asked, 1 first.")


class PulseRoundCountOut(Schema):
    round_id: int
    label: str
    opens_on: date
    closes_on: date
    questions: int
    answers: int


class PulseSettingsOut(Schema):
    cadence_months: int = Field(description="1 monthly, 2 every two months, 3 quarterly.")
    rounds: list[PulseRoundCountOut] = Field(description="The latest rounds, newest first.")


class PulseSettingsIn(InputSchema):
    cadence_months: Literal[1, 2, 3]
