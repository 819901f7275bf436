"""`uplift report team-iq`: the Team Sales IQ per team and period, and the gap closing over time.

Reads what the organisation has recorded — manager assessments (`uplift.development`), role-play
rubric scores (`uplift.coaching`), practice contributors and adoptions (`uplift.practices`) —
and the performance analysis' bands and monthly scorecards, turns them into plain records
(:mod:`.sources`) and hands them to :func:`uplift.analytics.teamiq.team_iq_series`. A source
that is missing or empty leaves its component without data, and the document says so.
The definition: ``docs/team-iq.md``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from uplift.analytics.metrics.periods import Window
from uplift.analytics.teamiq import (
    AdoptionRecord,
    ContributionRecord,
    Member,
    ResultsMetric,
    ResultsRecord,
    TeamIQConfig,
    TeamIQInputs,
    gap_closure,
    monthly_gap_rows,
    team_iq_series,
)
from uplift.insights.snapshots.store import SnapshotKind
from uplift.orgs.models import Organisation, Team
from uplift.pipeline.analyses import AnalysisContext, AnalysisPart, register
from uplift.pipeline.analyses.team_iq.printing import LABEL, print_table
from uplift.pipeline.analyses.team_iq.sources import (
    SourceCounts,
    adoption_records,
    contribution_records,
    roster,
    skill_observations,
    team_of_crm_rep,
)

KIND = SnapshotKind.TEAM_IQ


def _results(performance: dict[str, Any], team_of: dict[str, str]) -> tuple[ResultsRecord, ...]:
    """Star and core reps' monthly closed deals, in their Uplift team (CRM team otherwise)."""
    band = {r["rep_id"]: r["segment"] for r in (performance.get("segments") or {}).get("reps", [])}
    found = []
    for row in (performance.get("scorecards") or {}).get("monthly", []):
        group = band.get(row["rep_id"])
        if group not in ("star", "core"):
            continue
        found.append(
            ResultsRecord(
                rep=row["rep_id"],
                team=team_of.get(row["rep_id"]) or row.get("team") or "(no team)",
                band=group,
                month=date.fromisoformat(row["period_start"]).replace(day=1),
                closed=int(row.get("deals_closed") or 0),
                won=int(row.get("deals_won") or 0),
                bookings_cents=int(row.get("bookings_cents") or 0),
            )
        )
    return tuple(found)


def _window(performance: dict[str, Any], as_of: date) -> Window:
    """The performance trend's months (12 ending at the analysis date by default)."""
    stored = (performance.get("trend") or {}).get("window") or performance.get("window")
    if not stored:
        return Window(date(as_of.year - 1, as_of.month, 1), as_of)
    return Window(date.fromisoformat(stored["start"]), date.fromisoformat(stored["end"]))


def _metric(performance: dict[str, Any]) -> ResultsMetric:
    return (
        "bookings"
        if (performance.get("segments") or {}).get("metric") == "bookings"
        else "win_rate"
    )


def team_iq_document(
    *,
    organisation: Organisation,
    performance: dict[str, Any],
    as_of: date,
    config: TeamIQConfig | None = None,
) -> dict[str, Any]:
    """The Team Sales IQ document for ``organisation`` (JSON-ready; keys in docs/team-iq.md)."""
    counts = SourceCounts()
    team_of = team_of_crm_rep(organisation=organisation)
    results = _results(performance, team_of)
    inputs = TeamIQInputs(
        members=tuple(Member(pk, team) for pk, team in roster(organisation=organisation)),
        skills=skill_observations(organisation=organisation, counts=counts),
        adoptions=tuple(AdoptionRecord(*a) for a in adoption_records(organisation=organisation)),
        contributions=tuple(
            ContributionRecord(*c) for c in contribution_records(organisation=organisation)
        ),
        results=results,
        metric=_metric(performance),
    )
    counts.adoptions, counts.contributions = len(inputs.adoptions), len(inputs.contributions)
    window = _window(performance, as_of)
    iq = team_iq_series(inputs, window, config or TeamIQConfig())
    months = [p.key for p in window.periods("month")]
    closure = gap_closure(monthly_gap_rows(results, months, inputs.metric))
    return {
        "as_of": as_of.isoformat(),
        "metric": inputs.metric,
        "gap_unit": "fraction" if inputs.metric == "win_rate" else "currency",
        "currency": performance.get("currency"),
        "label": LABEL,
        **iq.to_dict(),
        "team_ids": dict(Team.objects.filter(organisation=organisation).values_list("name", "id")),
        "gap_closure": [c.to_dict() for c in closure],
        "sources": counts.to_dict(),
        "notes": counts.notes(),
    }


def compute(ctx: AnalysisContext) -> dict[str, Any]:
    return team_iq_document(
        organisation=ctx.organisation, performance=ctx.performance, as_of=ctx.as_of
    )


def for_team(document: dict[str, Any], team: str) -> dict[str, Any]:
    """The document with one team's series and gap closure only."""
    from uplift.pipeline.reports import UnknownTeam

    teams = {t.casefold(): t for t in document.get("teams", [])}
    if team.casefold() not in teams:
        known = ", ".join(teams.values()) or "none"
        raise UnknownTeam(f"No team {team!r} in the Team Sales IQ. Teams: {known}")
    name = teams[team.casefold()]
    data = dict(document)
    data["series"] = [p for p in document["series"] if p["team"] == name]
    data["gap_closure"] = [g for g in document.get("gap_closure", []) if g["team"] == name]
    data["team"] = name
    return data


register(
    AnalysisPart(
        kind=KIND,
        title="Team Sales IQ and gap closure",
        compute=compute,
        print_table=print_table,
        for_team=for_team,
        order=950,
    )
)
