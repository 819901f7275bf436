"""API: the analysis reports `uplift report scorecards|segments|gap|drivers --json` prints, built
by the same functions (`uplift.insights.reports`) from the same stored analysis, with the rows
about individual reps narrowed to what the caller may see: a rep themself, a manager their line,
a leader their part of the organisation. `?team=` and `?as_of=` work as the command's options."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router
from pydantic import BaseModel, ConfigDict

from uplift.api.calls import caller
from uplift.api.schemas import ErrorOut, InputSchema
from uplift.api.security import api_rule
from uplift.insights.reports import report_for_viewer
from uplift.insights.snapshots.store import SnapshotKind
from uplift.orgs import access

router = Router(tags=["Reports"])


class ReportQuery(InputSchema):
    team: str | None = Field(
        None,
        max_length=200,
        description="Only this team (its name, any case), as `--team`: one of the teams you "
        "may open.",
    )
    as_of: date | None = Field(
        None,
        description="The analysis as of this day (YYYY-MM-DD), as `--as-of`; the latest "
        "by default.",
    )


class _Open(BaseModel):
    """A report document: the keys below always, and every other key `uplift report --json`
    prints (add, never rename). A pydantic model rather than a ninja Schema, which reads
    declared fields only and would drop the others."""

    model_config = ConfigDict(extra="allow")


class SegmentRep(_Open):
    rep_id: str = Field(description="The rep's id in the CRM the data came from.")
    email: str | None
    name: str | None
    team: str | None
    segment: str = Field(description="star, core or tail")
    p_star: float | None = Field(description="The probability of being a star, 0 to 1.")


class SegmentsOut(_Open):
    as_of: str
    metric: str = Field(description="The performance definition the bands were made with.")
    reps: list[SegmentRep]


class ScorecardsOut(_Open):
    as_of: str
    reps: list[dict[str, Any]] = Field(description="One scorecard per rep for the window.")


class GapMetric(_Open):
    metric: str
    star: float | None
    core: float | None
    gap_pct: float | None
    ci: list[float | None] | None = Field(description="The 95% interval of gap_pct.")


class GapOpportunity(_Open):
    close_fraction: float | None
    annual_value: float | None


class GapOut(_Open):
    as_of: str
    metrics: list[GapMetric]
    opportunity: GapOpportunity


class DriverRow(_Open):
    behavior: str
    label: str
    star: float | None
    core: float | None
    effect_size: float | None
    q_value: float | None


class DriversOut(_Open):
    drivers: list[DriverRow] = Field(description="Strongest first.")


REFUSED = {404: ErrorOut}


def _report(request: HttpRequest, kind: SnapshotKind, query: ReportQuery) -> dict[str, Any]:
    return report_for_viewer(viewer=caller(request), kind=kind, team=query.team, as_of=query.as_of)


@router.get(
    "/reports/scorecards",
    response={200: ScorecardsOut, **REFUSED},
    auth=api_rule(access.SIGNED_IN),
    summary="Scorecards per rep: `uplift report scorecards --json`",
)
def report_scorecards(request: HttpRequest, query: Query[ReportQuery]) -> dict[str, Any]:
    return _report(request, SnapshotKind.SCORECARDS, query)


@router.get(
    "/reports/segments",
    response={200: SegmentsOut, **REFUSED},
    auth=api_rule(access.SIGNED_IN),
    summary="Stars, core and tail: `uplift report segments --json`",
)
def report_segments(request: HttpRequest, query: Query[ReportQuery]) -> dict[str, Any]:
    return _report(request, SnapshotKind.SEGMENTS, query)


@router.get(
    "/reports/gap",
    response={200: GapOut, **REFUSED},
    auth=api_rule(access.SIGNED_IN),
    summary="The star-core gap and what closing it is worth: `uplift report gap --json`",
)
def report_gap(request: HttpRequest, query: Query[ReportQuery]) -> dict[str, Any]:
    return _report(request, SnapshotKind.GAP, query)


@router.get(
    "/reports/drivers",
    response={200: DriversOut, **REFUSED},
    auth=api_rule(access.SIGNED_IN),
    summary="What stars do differently: `uplift report drivers --json`",
)
def report_drivers(request: HttpRequest, query: Query[ReportQuery]) -> dict[str, Any]:
    return _report(request, SnapshotKind.DRIVERS, query)
