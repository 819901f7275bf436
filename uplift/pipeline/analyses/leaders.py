"""`uplift report leaders`: who shares, who helps, whose practices spread and work.

Gathers the organisation's practices, adoptions, coaching, role plays and kudos for help
(`uplift.awards.records`), and the impact estimates of the same run, as plain inputs for
:func:`uplift.analytics.leadership.leadership_components`. The components are the result; the
score only orders the table (docs/future-leaders.md).
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from uplift.analytics.leadership import (
    HelpEdge,
    LeadershipInputs,
    PersonComponents,
    PracticeImpact,
    PracticeInput,
    leadership_components,
    learning_edges,
    spring_positions,
)
from uplift.awards.records import HelpRecord, help_records, practice_records, records_available
from uplift.initiatives.facts import mentoring_given
from uplift.insights.snapshots.store import SnapshotKind
from uplift.orgs.models import Person, Role
from uplift.pipeline.analyses import AnalysisContext, AnalysisPart, register
from uplift.recognition.facts import points_given

KIND = SnapshotKind.LEADERS
CANDIDATE_ROLES = (Role.REP, Role.MANAGER)
SCORE_RULE = (
    "Score = mean of the person's percentile in each component (contribution, help, network, "
    "reach and, once measured, impact) times 100; it only orders the table. A component where "
    "someone has nothing counts 0; otherwise the share of the others with less, ties half."
)
MISSING_NOTES = {
    "coaching": "No coaching records yet: help counts role plays and kudos for help only.",
    "role_plays": "No role-play records yet: help counts coaching and kudos for help only.",
    "kudos": "No kudos yet: nobody's help has been thanked in Uplift.",
}


def _impacts(ctx: AnalysisContext) -> tuple[list[PracticeImpact], str | None]:
    document = ctx.earlier.get(SnapshotKind.IMPACT)
    if not document:
        return [], None
    impacts = [
        PracticeImpact(
            practice=str(row["practice_id"]),
            metric=row["metric"],
            att=float(row["att"]),
            ci=(float(row["ci"][0]), float(row["ci"][1])),
            adopters=int(row.get("adopters", 0)),
        )
        for row in document.get("practices", [])
        if row.get("practice_id") is not None and row.get("att") is not None and row.get("ci")
    ]
    return impacts, document.get("as_of")


def _credited(ctx: AnalysisContext) -> dict[int, dict[str, Any]]:
    """Each contributor's credited value of measured practice effects (the `credit` part of the
    same run), when the installation computes it."""
    document = ctx.earlier.get(SnapshotKind.CREDIT) or {}
    return {
        int(row["person_id"]): row.get("measured_value") or {}
        for row in document.get("people", [])
        if row.get("person_id") is not None
    }


def _mentoring(ctx: AnalysisContext) -> list[HelpRecord]:
    """Mentoring check-ins of the sharing initiatives, as help the mentor gave: they live above
    awards' records, so the analysis (above both) merges them into the help network."""
    return [
        HelpRecord(
            "mentoring",
            f"mentoring_check_in:{given.check_in_id}",
            given.mentor_id,
            given.mentee_id,
            given.held_on,
            f"Mentoring check-in with {given.mentee_name}",
        )
        for given in mentoring_given(organisation=ctx.organisation, until=ctx.as_of)
    ]


def _person_row(
    person: Person, row: PersonComponents, credited: dict[str, Any] | None
) -> dict[str, Any]:
    p = row.percentiles
    return {
        "rep_id": person.crm_user_id or str(person.pk),
        "person_id": person.pk,
        "email": person.email,
        "name": person.full_name,
        "role": person.role,
        "team": person.team.name if person.team else "",
        "score": row.score,
        "components": {
            "contribution": {
                "practices_shared": row.practices_shared,
                "practices_approved": row.practices_approved,
                "percentile": p.get("contribution"),
            },
            "help": {
                "coaching_given": row.coaching_given,
                "role_plays_partnered": row.role_plays_partnered,
                "mentoring_given": row.mentoring_given,
                "help_given": row.help_given,
                "kudos_for_help_received": row.kudos_for_help_received,
                "people_helped": row.people_helped,
                "percentile": p.get("help"),
            },
            "network": {
                "in_degree": row.in_degree,
                "pagerank": round(row.pagerank, 6),
                "betweenness": round(row.betweenness, 6),
                "percentile": p.get("network"),
            },
            "reach": {"adopters": row.reach, "percentile": p.get("reach")},
            "impact": {
                "practices_measured": row.practices_measured,
                "practices_positive": row.practices_positive,
                "best": row.best_effect,
                "credited_value": credited or None,
                "percentile": p.get("impact"),
            },
        },
    }


def _network(inputs: LeadershipInputs, names: dict[str, str]) -> dict[str, Any]:
    weights: Counter[tuple[str, str]] = Counter()
    for source, target, weight in learning_edges(inputs):
        weights[(source, target)] += int(weight)
    linked = sorted({n for pair in weights for n in pair}, key=int)
    positions = spring_positions(linked, [(a, b, 1.0) for a, b in weights])
    return {
        "nodes": [
            {
                "person_id": int(key),
                "name": names.get(key, key),
                "x": round(positions[key][0], 4),
                "y": round(positions[key][1], 4),
            }
            for key in linked
        ],
        "edges": [
            {"source": int(a), "target": int(b), "weight": w}
            for (a, b), w in sorted(weights.items())
        ],
    }


def leaders_compute(ctx: AnalysisContext) -> dict[str, Any]:
    organisation = ctx.organisation
    people = list(
        Person.objects.filter(organisation=organisation, is_active=True).select_related("team")
    )
    by_key = {str(p.pk): p for p in people}
    practices = practice_records(organisation=organisation)
    helps = [*help_records(organisation=organisation), *_mentoring(ctx)]
    available = records_available(
        practices=practices, helps=helps, points=points_given(organisation=organisation)
    )
    impacts, impact_as_of = _impacts(ctx)
    inputs = LeadershipInputs(
        people=tuple(by_key),
        candidates=tuple(str(p.pk) for p in people if p.role in CANDIDATE_ROLES),
        help=tuple(
            HelpEdge(str(h.helper_id), str(h.helped_id), h.kind)
            for h in helps
            if str(h.helper_id) in by_key and str(h.helped_id) in by_key
        ),
        practices=tuple(
            PracticeInput(
                key=str(p.practice_id),
                title=p.title,
                contributors=tuple(str(c) for c in p.contributor_ids),
                approved=p.approved,
                adopters=tuple(str(a) for a in p.adopter_ids),
            )
            for p in practices
            if p.shared
        ),
        impacts=tuple(impacts),
        sources=available,
    )
    rows = leadership_components(inputs)
    credited = _credited(ctx)
    notes = [MISSING_NOTES[k] for k in MISSING_NOTES if not available.get(k)]
    if not impacts:
        notes.append(
            "No measured practice impact yet: the impact component is left out of the score."
        )
    return {
        "as_of": ctx.as_of.isoformat(),
        "score_rule": SCORE_RULE,
        "sources": available,
        "counts": {
            "people": len(people),
            "candidates": len(inputs.candidates),
            "practices_shared": len(inputs.practices),
            "help": dict(Counter(h.kind for h in inputs.help)),
        },
        "impact_as_of": impact_as_of,
        "impact_measured": bool(impacts),
        "leaders": [
            _person_row(by_key[row.person], row, credited.get(int(row.person))) for row in rows
        ],
        "network": _network(inputs, {k: p.full_name for k, p in by_key.items()}),
        "teams": sorted({p.team.name for p in people if p.team and p.role in CANDIDATE_ROLES}),
        "notes": notes,
    }


def leaders_for_team(document: dict[str, Any], team: str) -> dict[str, Any]:
    """Only ``team``'s people; their percentiles stay organisation-wide."""
    from uplift.pipeline.reports import UnknownTeam

    teams = document.get("teams") or []
    if team.casefold() not in {known.casefold() for known in teams}:
        raise UnknownTeam(f"No people in team {team!r}. Teams: {', '.join(teams)}")
    data = dict(document)
    data["leaders"] = [
        row for row in document["leaders"] if row["team"].casefold() == team.casefold()
    ]
    data["team"] = team
    data["note"] = "Percentiles and scores compare each person with the whole organisation."
    return data


def _number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}"


def leaders_print(doc: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 180)
    title = f"Future leaders as of {doc['as_of']}" + (
        f", team {doc['team']}" if doc.get("team") else ""
    )
    table = Table(title=title, title_justify="left")
    columns = (
        "#",
        "name",
        "team",
        "score",
        "shared / approved",
        "help given",
        "thanked",
        "in-degree",
        "PageRank",
        "betweenness",
        "reach",
        "impact +/measured",
    )
    for column in columns:
        table.add_column(column, justify="left" if column in ("name", "team") else "right")
    for rank, row in enumerate(doc["leaders"], start=1):
        c = row["components"]
        impact = c["impact"]
        table.add_row(
            str(rank),
            row["name"],
            row["team"],
            f"{row['score']:.1f}",
            f"{c['contribution']['practices_shared']} / {c['contribution']['practices_approved']}",
            str(c["help"]["help_given"]),
            str(c["help"]["kudos_for_help_received"]),
            str(c["network"]["in_degree"]),
            _number(c["network"]["pagerank"], 3),
            _number(c["network"]["betweenness"], 3),
            str(c["reach"]["adopters"]),
            "—"
            if impact["practices_measured"] is None
            else f"{impact['practices_positive']}/{impact['practices_measured']}",
        )
    console.print(table)
    console.print(doc["score_rule"])
    for note in [*doc.get("notes", []), *([doc["note"]] if doc.get("note") else [])]:
        console.print(note)


register(
    AnalysisPart(
        kind=KIND,
        title="Future leaders (contribution, help, network, reach, impact)",
        compute=leaders_compute,
        print_table=leaders_print,
        for_team=leaders_for_team,
        order=970,  # after impact (900) and credit (960), whose documents it reads
    )
)
