"""API: the impact of practices, credit for their contributors, and the Team Sales IQ.

The same rules as the pages: the impact summary is for leaders; a practice's impact for anyone
who may see the practice card; the Team Sales IQ for managers (their own teams) and leaders
(their part of the organisation, and everyone)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from uplift.api.schemas import ErrorOut, Id, InputSchema
from uplift.api.security import api_rule
from uplift.orgs import access
from uplift.practices.access import access_practice
from uplift.presenters.impact_board.data import (
    impact_summary_data,
    practice_impact_data,
    team_iq_data,
)
from uplift.presenters.impact_board.loading import impact_snapshots

router = Router(tags=["Impact"])

Interval = list[float | None]


class EffectRowOut(Schema):
    practice: str
    practice_id: int | None
    metric: str = Field(description="win_rate (a fraction: 0.06 is six points) or bookings.")
    unit: str | None = None
    adopters: int
    comparison_reps: int | None = None
    att: float | None = Field(description="Average effect on the adopters after adopting.")
    ci: Interval = Field(description="95% interval [low, high].")
    method: str | None = None
    reading: str = Field(
        description="likely positive / likely negative / no effect detected / too early to say / "
        "pre-trends differ: treat with caution."
    )
    summary: str | None = None
    pre_trend_p: float | None = None
    credit_status: str = Field(
        description="measured gain, measured loss, no effect detected or not measured yet."
    )
    value: float | None = Field(None, description="Value over the credit horizon (see rule).")
    value_ci: Interval = Field(description="95% interval of the value [low, high].")
    value_unit: str | None = Field(None, description="currency or won_deals.")


class CreditPersonOut(Schema):
    person_id: int
    name: str | None
    email: str | None
    team: str | None
    practices: int
    measured_practices: int
    adopters_reached: int
    measured_value: dict[str, Any] = Field(
        description="By unit (currency, won_deals): {value, ci}. Only measured gains count."
    )
    items: list[dict[str, Any]]


class ImpactSummaryOut(Schema):
    as_of: str | None
    method: str | None
    practices: list[EffectRowOut]
    credit: list[CreditPersonOut]
    notes: list[str]


class ContributorOut(Schema):
    person_id: int
    name: str | None
    team: str | None = None
    share: float | None


class PracticeImpactOut(Schema):
    practice: str
    practice_id: int
    status: str
    as_of: str | None
    effects: list[dict[str, Any]] = Field(
        description="The impact rows of this practice: att, ci, reading, summary, sample sizes, "
        "pre-trend check and event_study points."
    )
    contributors: list[ContributorOut]
    credit_status: str = Field(description="measured or not measured yet.")
    reason: str


class TeamIQOut(Schema):
    as_of: str | None
    label: str | None = Field(description="What the index is, and is not.")
    config: dict[str, Any] = Field(description="grain and component weights.")
    teams: list[str] = Field(description="Teams you may see; 'all' is the organisation.")
    series: list[dict[str, Any]] = Field(
        description="[{team, period, period_start, period_end, team_iq, components: {capability, "
        "knowledge_flow, results: {index, level, weight, status, reason, n, parts}}, "
        "weights_used, missing}]; reason says in words why a component has no data (null "
        "when measured)"
    )
    gap_closure: list[dict[str, Any]]
    notes: list[str]


def _org(request: HttpRequest) -> Any:
    return access.viewer_organisation(request.auth)  # type: ignore[attr-defined]


@router.get(
    "/impact/summary",
    response=ImpactSummaryOut,
    auth=api_rule(access.LEADERS),
    summary="Which practices moved results, how sure we are, and who gets the credit",
)
def impact_summary(request: HttpRequest) -> dict[str, Any]:
    return impact_summary_data(snapshots=impact_snapshots(organisation=_org(request)))


@router.get(
    "/impact/practices/{practice_id}",
    response={200: PracticeImpactOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="One practice's impact: effects with intervals, event study and credit",
)
def practice_impact(request: HttpRequest, practice_id: Id) -> dict[str, Any]:
    practice = access_practice(request.auth, practice_id)  # type: ignore[attr-defined]
    snapshots = impact_snapshots(organisation=_org(request), kinds=("impact", "credit", "summary"))
    return practice_impact_data(snapshots=snapshots, practice=practice)


class TeamFilter(InputSchema):
    team: str | None = Field(None, description="A team's name, or 'all' (leaders only).")


@router.get(
    "/impact/team-iq",
    response={200: TeamIQOut, 404: ErrorOut},
    auth=api_rule(access.MANAGERS),
    summary="The Team Sales IQ per period with its components, and gap closure",
)
def team_iq(request: HttpRequest, filters: Query[TeamFilter]) -> dict[str, Any]:
    snapshots = impact_snapshots(organisation=_org(request), kinds=("team-iq", "summary"))
    data = team_iq_data(snapshots=snapshots, viewer=request.auth, team=filters.team)  # type: ignore[attr-defined]
    if data is None:
        raise HttpError(404, "No such team in your scope.")
    return data
