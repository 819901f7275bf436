"""What an initiative starts from: the people in its scope, the stars the current analysis proposes
as partners, and the star-core gap frozen as its baseline at launch.

The analysis is read through the typed snapshot readers (`segments_of`, `gap_of`,
`scorecards_of`); reps of the analysis are people of Uplift by their CRM user id.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from uplift.analytics.performance.gap import GAP_METRICS, metric_gap
from uplift.analytics.performance.results import Segments
from uplift.insights.models import AnalysisRun
from uplift.insights.snapshots import gap_of, scorecards_of, segments_of
from uplift.orgs.models import Organisation, Person, Team
from uplift.orgs.selectors import team_subtree_ids


@dataclass(frozen=True)
class ProposedStar:
    """A star of the analysis in the scope, as a partner to invite."""

    person_id: int
    name: str
    team: str
    rep_id: str
    p_star: float
    rank: int

    def evidence(self, as_of: str) -> dict[str, Any]:
        return {
            "segment": "star",
            "p_star": round(self.p_star, 3),
            "rank": self.rank,
            "as_of": as_of,
        }


def scope_people(*, organisation: Organisation, scope_team: Team | None) -> QuerySet[Person]:
    """The active people the initiative covers: its team and the teams under it, or everyone."""
    people = Person.objects.filter(organisation=organisation, is_active=True)
    if scope_team is None:
        return people
    teams = team_subtree_ids(roots=[scope_team.pk], organisation=organisation)
    return people.filter(team_id__in=teams)


def people_by_rep_id(*, organisation: Organisation, scope_team: Team | None) -> dict[str, Person]:
    people = scope_people(organisation=organisation, scope_team=scope_team).select_related("team")
    return {p.crm_user_id: p for p in people if p.crm_user_id}


def bands_in_scope(
    segments: Segments | None, people: dict[str, Person]
) -> dict[int, tuple[str, float, int]]:
    """Each ranked person of the scope: (band, P(star), rank)."""
    if segments is None:
        return {}
    return {
        people[rep.rep.rep_id].pk: (rep.segment, rep.p_star, rep.rank)
        for rep in segments.reps
        if rep.rep.rep_id in people
    }


def stars_proposed(
    *, organisation: Organisation, scope_team: Team | None, run: AnalysisRun | None
) -> list[ProposedStar]:
    """The analysis' stars in the scope, the likeliest star first."""
    people = people_by_rep_id(organisation=organisation, scope_team=scope_team)
    segments = segments_of(run)
    if segments is None:
        return []
    found = []
    for rep in segments.reps:
        person = people.get(rep.rep.rep_id)
        if rep.segment != "star" or person is None:
            continue
        found.append(
            ProposedStar(
                person_id=person.pk,
                name=person.full_name,
                team=person.team.name if person.team else "",
                rep_id=rep.rep.rep_id,
                p_star=rep.p_star,
                rank=rep.rank,
            )
        )
    return sorted(found, key=lambda star: (-star.p_star, star.rank))


def _scope_gap(run: AnalysisRun, metric: str, people: dict[str, Person]) -> dict[str, Any] | None:
    """The raw gap on one of the gap's metrics among the scope's own stars and core."""
    spec = next((s for s in GAP_METRICS if s.metric == metric), None)
    segments, cards = segments_of(run), scorecards_of(run)
    if spec is None or segments is None or cards is None:
        return None
    band = {r.rep.rep_id: r.segment for r in segments.reps if r.rep.rep_id in people}
    scale = 100.0 if spec.unit == "currency" else 1.0

    def values(segment: str) -> list[float]:
        found = (
            row.values.get(spec.column) for row in cards.reps if band.get(row.rep.rep_id) == segment
        )
        return [float(v) / scale for v in found if v is not None and math.isfinite(float(v))]

    row = metric_gap(values("star"), values("core"), spec, 0.95).to_dict()
    return {k: row[k] for k in ("star", "core", "gap_pct", "ci", "n_star", "n_core")}


def baseline_frozen(
    *, organisation: Organisation, scope_team: Team | None, run: AnalysisRun | None
) -> dict[str, Any] | None:
    """The star-core gap of the analysis, as the initiative keeps it from its launch on: the
    organisation's headline on its performance definition and, for a team, the same gap among
    the team's own stars and core. None before the first analysis."""
    gap = gap_of(run)
    if run is None or gap is None or gap.headline is None:
        return None
    headline = gap.headline.to_dict()
    baseline: dict[str, Any] = {
        "as_of": gap.as_of.isoformat(),
        "analysis_id": run.pk,
        "primary_metric": gap.primary_metric,
        "metric": headline["metric"],
        "label": headline["label"],
        "sentence": headline["sentence"],
        "star": headline["star"],
        "core": headline["core"],
        "gap_pct": headline["gap_pct"],
        "ci": headline["ci"],
        "index_gap_pct": headline["index_gap_pct"],
        "index_ci": headline["index_ci"],
        "currency": gap.currency,
        "scope": "organisation",
    }
    if scope_team is not None:
        people = people_by_rep_id(organisation=organisation, scope_team=scope_team)
        own = _scope_gap(run, headline["metric"], people)
        if own is not None and own["gap_pct"] is not None:
            baseline.update(own, scope="team", team=scope_team.name)
            baseline["organisation_gap_pct"] = headline["gap_pct"]
        else:
            baseline["note"] = (
                f"{scope_team.name} has too few ranked stars or core reps for a gap of its own "
                "(two of each at least): the organisation's gap stands in."
            )
    return baseline
