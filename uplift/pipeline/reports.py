"""`uplift report scorecards|segments|gap`: documents built from the stored snapshots; `uplift
report initiative`: the sharing initiatives, read live from their records and the latest
analysis (`uplift.initiatives.report`)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from django.utils import timezone

from uplift.analytics.performance.gap import GAP_METRICS, metric_gap, no_data_gap
from uplift.initiatives.report import UnknownScope, initiatives_report
from uplift.insights.models import AnalysisRun
from uplift.insights.snapshots.store import SnapshotKind, snapshot_json
from uplift.pipeline.analyses import discover

PERFORMANCE_REPORTS = (SnapshotKind.SCORECARDS, SnapshotKind.SEGMENTS, SnapshotKind.GAP)
# Reports read live rather than from a snapshot: whether a commitment is kept changes with the
# records and the calendar, not with the analysis.
INITIATIVE_REPORT = "initiative"
LIVE_REPORTS = (INITIATIVE_REPORT,)


class UnknownTeam(Exception):  # noqa: N818  (shown to people as it is)
    """The team named in --team has no reps in the analysis."""


class MissingSnapshot(Exception):  # noqa: N818  (shown to people as it is)
    """The stored analysis predates this report."""


def _on_team(row: dict[str, Any], team: str) -> bool:
    return (row.get("team") or "").casefold() == team.casefold()


def _teams(rows: list[dict[str, Any]]) -> list[str]:
    return sorted({row["team"] for row in rows if row.get("team")})


def report_names() -> tuple[str, ...]:
    """Every report this installation can print: performance, plus each registered analysis."""
    return (*PERFORMANCE_REPORTS, *discover(), *LIVE_REPORTS)


def _missing(kind: str) -> MissingSnapshot:
    return MissingSnapshot(
        f"The latest analysis has no {kind} results: run `uplift analyze` again."
    )


def _stored(run: AnalysisRun, kind: SnapshotKind) -> dict[str, Any]:
    """A performance part's JSON as it is stored (every finished run has them)."""
    data = snapshot_json(run=run, kind=kind)
    if data is None:
        raise _missing(kind)
    return data


def report_document(
    *, name: str, run: AnalysisRun, team: str | None = None, today: date | None = None
) -> dict[str, Any]:
    """The report as one JSON-ready document (SPEC "Scripted interface" keys, and more); a live
    report reads the records as of `today` (the calendar's day by default)."""
    if name == INITIATIVE_REPORT:
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
            raise _missing(name)
        if team and part.for_team is not None:
            return part.for_team(data, team)
        return dict(data)
    if name == "segments":
        return _segments(run, team)
    if name == "scorecards":
        return _scorecards(run, team)
    if name == "gap":
        return _gap(run, team)
    raise ValueError(f"not a performance report: {name}")


def _segments(run: AnalysisRun, team: str | None) -> dict[str, Any]:
    data = dict(_stored(run, SnapshotKind.SEGMENTS))
    if team:
        reps = [r for r in data["reps"] if _on_team(r, team)]
        if not reps:
            raise UnknownTeam(
                f"No ranked reps in team {team!r}. Teams: {', '.join(_teams(data['reps']))}"
            )
        data["reps"] = reps
        data["excluded"] = [r for r in data.get("excluded", []) if _on_team(r, team)]
        data["team"] = team
    return data


def _scorecards(run: AnalysisRun, team: str | None) -> dict[str, Any]:
    data = dict(_stored(run, SnapshotKind.SCORECARDS))
    if team:
        for key in ("reps", "monthly", "quarterly"):
            data[key] = [r for r in data.get(key, []) if _on_team(r, team)]
        if not data["reps"]:
            raise UnknownTeam(f"No scorecards for team {team!r}.")
        data["team"] = team
    return data


def _gap(run: AnalysisRun, team: str | None) -> dict[str, Any]:
    data = dict(_stored(run, SnapshotKind.GAP))
    if not team:
        data["scope"] = "organisation"
        return data
    segments = _stored(run, SnapshotKind.SEGMENTS)
    band = {(r["source"], r["rep_id"]): r["segment"] for r in segments["reps"] if _on_team(r, team)}
    if not band:
        raise UnknownTeam(
            f"No ranked reps in team {team!r}. Teams: {', '.join(_teams(segments['reps']))}"
        )
    cards = [
        r
        for r in _stored(run, SnapshotKind.SCORECARDS)["reps"]
        if (r["source"], r["rep_id"]) in band
    ]
    no_data = {c: m["reason"] for m in data.get("missing") or [] for c in m["columns"]}
    metrics = []
    for spec in GAP_METRICS:
        if spec.column in no_data:
            if spec.metric != "quota_attainment":  # left out without quotas, as in the whole
                metrics.append(no_data_gap(spec, no_data[spec.column]).to_dict())
            continue
        scale = 100.0 if spec.unit == "currency" else 1.0

        def values(segment: str, column: str = spec.column, divide: float = scale) -> list[float]:
            found = (r.get(column) for r in cards if band[(r["source"], r["rep_id"])] == segment)
            return [float(v) / divide for v in found if v is not None and math.isfinite(float(v))]

        metrics.append(metric_gap(values("star"), values("core"), spec, 0.95).to_dict())
    data["metrics"] = metrics
    data["team"] = team
    data["scope"] = "team"
    data["note"] = (
        "Stars and core are the organisation-wide bands; the gap compares those of this team. "
        "The opportunity stays organisation-wide."
    )
    return data
