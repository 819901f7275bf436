"""The performance and drivers reports as documents: `uplift report scorecards|segments|gap|
drivers --json` and the API's `/api/reports/...` build them here, so the two cannot disagree.

A report is the stored snapshot of an analysis run, narrowed to one team when asked. The command
line prints the whole organisation's document; the API narrows the rows about individual reps to
the people whose private numbers the caller may see (`report_for_viewer`), and keeps the
organisation-wide figures (bands, the gap, the drivers) that every page shows as benchmarks."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

from uplift.analytics.performance.gap import GAP_METRICS, metric_gap, no_data_gap
from uplift.core.refusals import NotFound
from uplift.insights.models import AnalysisRun
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots.store import SnapshotKind, snapshot_json
from uplift.orgs import access
from uplift.orgs.models import Person, Role, Team

# The reports the API serves, by name (the `uplift report` names).
VIEWER_REPORTS = (
    SnapshotKind.SCORECARDS,
    SnapshotKind.SEGMENTS,
    SnapshotKind.GAP,
    SnapshotKind.DRIVERS,
)
# The lists of each report with one row per rep: what a caller's scope narrows.
REP_ROWS: dict[SnapshotKind, tuple[str, ...]] = {
    SnapshotKind.SCORECARDS: ("reps", "monthly", "quarterly"),
    SnapshotKind.SEGMENTS: ("reps", "excluded"),
    SnapshotKind.GAP: (),
    SnapshotKind.DRIVERS: ("profiles",),
}
DRIVERS_TEAM_NOTE = (
    "Drivers compare the organisation's stars with its core (one team has too few reps for a "
    "fair comparison); the profiles are this team's stars."
)


class UnknownTeam(NotFound):
    """The team named in --team (or `?team=`) has no reps in the analysis."""

    default_code = "unknown_team"


class MissingSnapshot(NotFound):
    """The stored analysis predates this report."""

    default_code = "no_analysis"


def _on_team(row: dict[str, Any], team: str) -> bool:
    return (row.get("team") or "").casefold() == team.casefold()


def _teams(rows: list[dict[str, Any]]) -> list[str]:
    return sorted({row["team"] for row in rows if row.get("team")})


def missing_snapshot(kind: str) -> MissingSnapshot:
    return MissingSnapshot(
        f"The latest analysis has no {kind} results: run `uplift analyze` again."
    )


def stored_report(run: AnalysisRun, kind: SnapshotKind) -> dict[str, Any]:
    """A part's JSON as it is stored, or MissingSnapshot when the run has none."""
    data = snapshot_json(run=run, kind=kind)
    if data is None:
        raise missing_snapshot(kind)
    return data


def segments_report(run: AnalysisRun, team: str | None) -> dict[str, Any]:
    data = dict(stored_report(run, SnapshotKind.SEGMENTS))
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


def scorecards_report(run: AnalysisRun, team: str | None) -> dict[str, Any]:
    data = dict(stored_report(run, SnapshotKind.SCORECARDS))
    if team:
        for key in ("reps", "monthly", "quarterly"):
            data[key] = [r for r in data.get(key, []) if _on_team(r, team)]
        if not data["reps"]:
            raise UnknownTeam(f"No scorecards for team {team!r}.")
        data["team"] = team
    return data


def gap_report(run: AnalysisRun, team: str | None) -> dict[str, Any]:
    data = dict(stored_report(run, SnapshotKind.GAP))
    if not team:
        data["scope"] = "organisation"
        return data
    segments = stored_report(run, SnapshotKind.SEGMENTS)
    band = {(r["source"], r["rep_id"]): r["segment"] for r in segments["reps"] if _on_team(r, team)}
    if not band:
        raise UnknownTeam(
            f"No ranked reps in team {team!r}. Teams: {', '.join(_teams(segments['reps']))}"
        )
    cards = [
        r
        for r in stored_report(run, SnapshotKind.SCORECARDS)["reps"]
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


def drivers_for_team(document: dict[str, Any], team: str) -> dict[str, Any]:
    """The drivers document with the profiles of ``team``'s stars only; drivers stay
    organisation-wide."""
    teams = document.get("teams") or []
    if team.casefold() not in {known.casefold() for known in teams}:
        raise UnknownTeam(f"No ranked reps in team {team!r}. Teams: {', '.join(teams)}")
    data = dict(document)
    data["profiles"] = [
        p
        for p in document.get("profiles", [])
        if (p.get("team") or "").casefold() == team.casefold()
    ]
    data["team"] = team
    data["note"] = DRIVERS_TEAM_NOTE
    return data


def drivers_report(run: AnalysisRun, team: str | None) -> dict[str, Any]:
    data = dict(stored_report(run, SnapshotKind.DRIVERS))
    return drivers_for_team(data, team) if team else data


BUILDERS: dict[SnapshotKind, Callable[[AnalysisRun, str | None], dict[str, Any]]] = {
    SnapshotKind.SCORECARDS: scorecards_report,
    SnapshotKind.SEGMENTS: segments_report,
    SnapshotKind.GAP: gap_report,
    SnapshotKind.DRIVERS: drivers_report,
}


def _team_in_scope(viewer: Person, team: str) -> None:
    """A team the viewer may open (a manager's line, a leader's part of the organisation),
    else 404: a team's rows and its gap are private numbers of its reps."""
    names = {t.name.casefold() for t in access.teams_visible(viewer)}
    if team.casefold() not in names:
        raise UnknownTeam(f"No team {team!r} in your scope.", field="team")


def _leads_the_whole_organisation(viewer: Person) -> bool:
    """A leader who may open every team: they read the organisation's document as the command
    prints it, with the reps the CRM knows and Uplift has no member for (left, or never invited)."""
    if viewer.role != Role.LEADER:
        return False
    organisation = access.viewer_organisation(viewer)
    every_team = Team.objects.filter(organisation=organisation).values_list("id", flat=True)
    return set(every_team) <= access.team_ids_visible(viewer)


def report_for_viewer(
    *, viewer: Person, kind: SnapshotKind, team: str | None = None, as_of: date | None = None
) -> dict[str, Any]:
    """The report as `uplift report <kind> --json --team T --as-of D` prints it, with its rows
    about individual reps narrowed to those whose private numbers the viewer may see: a rep
    themself, a manager their line, a leader their part of the organisation. NotFound without
    an analysis (as of that day), or for a team outside the viewer's scope."""
    organisation = access.viewer_organisation(viewer)
    if team:
        _team_in_scope(viewer, team)
    run = analysis_latest(organisation=organisation, as_of=as_of)
    if run is None:
        when = f" as of {as_of.isoformat()}" if as_of else ""
        raise MissingSnapshot(
            f"No analysis{when} yet: an enablement admin runs `uplift analyze"
            f"{' --as-of ' + as_of.isoformat() if as_of else ''}` (or imports CRM data).",
            field="as_of" if as_of else None,
        )
    document = BUILDERS[kind](run, team)
    if _leads_the_whole_organisation(viewer):
        return document
    visible = {p.crm_user_id for p in access.private_people_visible(viewer) if p.crm_user_id}
    for key in REP_ROWS[kind]:
        if key in document:
            document[key] = [row for row in document[key] if row.get("rep_id") in visible]
    return document
