"""`uplift report scorecards|segments|gap`: documents built from the stored snapshots (the
builders in `uplift.insights.reports`, which the API shares); `uplift
report initiative`: the sharing initiatives, read live from their records and the latest
analysis (`uplift.initiatives.report`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from uplift.insights.models import AnalysisRun
from uplift.insights.reports import BUILDERS, MissingSnapshot, UnknownTeam, missing_snapshot
from uplift.insights.snapshots.store import SnapshotKind, snapshot_json
from uplift.pipeline.analyses import discover

PERFORMANCE_REPORTS = (SnapshotKind.SCORECARDS, SnapshotKind.SEGMENTS, SnapshotKind.GAP)
# Reports read live rather than from a snapshot: whether a commitment is kept changes with the
# records and the calendar, not with the analysis.
INITIATIVE_REPORT = "initiative"
LIVE_REPORTS = (INITIATIVE_REPORT,)
__all__ = ["MissingSnapshot", "UnknownTeam", "report_document", "report_names"]


def report_names() -> tuple[str, ...]:
    """Every report this installation can print: performance, plus each registered analysis."""
    return (*PERFORMANCE_REPORTS, *discover(), *LIVE_REPORTS)


def report_document(
    *, name: str, run: AnalysisRun, team: str | None = None, today: date | None = None
) -> dict[str, Any]:
    """The report as one JSON-ready document (SPEC "Scripted interface" keys, and more); a live
    report reads the records as of `today` (the calendar's day by default)."""
    if name == INITIATIVE_REPORT:
        # Here: the initiative's health computes intervals (scipy), which no other report needs.
        from uplift.initiatives.report import UnknownScope, initiatives_report

        try:
            return initiatives_report(
                organisation=run.organisation,
                run=run,
                today=today or timezone.localdate(),
                team=team,
            )
        except UnknownScope as unknown:
            raise UnknownTeam(str(unknown)) from unknown
    parts = discover()
    if name in parts:
        part = parts[SnapshotKind(name)]
        data = snapshot_json(run=run, kind=part.kind)
        if data is None:
            raise missing_snapshot(name)
        if team and part.for_team is not None:
            return part.for_team(data, team)
        return dict(data)
    if name in PERFORMANCE_REPORTS:
        return BUILDERS[SnapshotKind(name)](run, team)
    raise ValueError(f"not a performance report: {name}")
