"""The manager's team view: their reps against the team and the star benchmark."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from uplift.orgs.models import Role
from uplift.presenters.dashboards.formatting import (
    SPECS,
    mean_or_none,
    metric_value,
    probability_text,
    value_text,
)
from uplift.presenters.dashboards.gap import missing_sources
from uplift.presenters.dashboards.scope import (
    BANDS,
    EXCLUSION_LABELS,
    KEY_METRICS,
    Analysis,
    Member,
)


@dataclass(frozen=True)
class TeamRep:
    person_id: int
    name: str
    team: str
    segment: str | None
    p_star: float | None
    why: str
    values: dict[str, str]
    note: str = ""
    numbers: dict[str, float | None] = field(default_factory=dict)  # `values` before writing

    @property
    def p_star_text(self) -> str:
        return probability_text(self.p_star)


@dataclass(frozen=True)
class TeamDashboard:
    as_of: str
    window: dict[str, str]
    currency: str
    metrics: list[dict[str, str]]
    reps: list[TeamRep]
    without_numbers: list[TeamRep]
    team_average: dict[str, str]
    star_benchmark: dict[str, str]
    core_average: dict[str, str]
    band_counts: dict[str, int]
    rule: str
    charts: list[dict[str, Any]]
    missing: list[dict[str, str]] = field(default_factory=list)  # sources without data, why
    no_data: dict[str, str] = field(default_factory=dict)  # metric -> why its cells are empty


TEAM_METRICS = (
    "win_rate",
    "bookings",
    "avg_deal_size",
    "cycle_days",
    "pipeline_created",
    "meetings_per_opportunity",
    "contacts_per_opportunity",
)


SHORT_LABELS = {
    "avg_deal_size": "Avg won deal",
    "cycle_days": "Sales cycle",
    "pipeline_created": "Pipeline",
    "meetings_per_opportunity": "Meetings / opp.",
    "contacts_per_opportunity": "Contacts / opp.",
}


def team_dashboard(*, analysis: Analysis, members: list[Member]) -> TeamDashboard:
    """The viewer's reps against their team average and the organisation's star benchmark."""
    segments, gap, cards = analysis.segments, analysis.gap, analysis.scorecards
    currency = analysis.currency
    band = {r.rep.rep_id: r for r in segments.reps}
    excluded = {e.rep.rep_id: e for e in segments.excluded}
    card = {r.rep.rep_id: r for r in cards.reps}
    specs = [SPECS[m] for m in TEAM_METRICS]
    with_numbers = [m for m in members if m.crm_user_id in card]
    raw = {
        m.person_id: {s.metric: metric_value(card[m.crm_user_id], s) for s in specs}
        for m in with_numbers
    }
    average = {s.metric: mean_or_none(values[s.metric] for values in raw.values()) for s in specs}
    star_mean = {m.metric: m.star for m in gap.metrics}
    core_mean = {m.metric: m.core for m in gap.metrics}
    order = {b: i for i, b in enumerate(BANDS)}

    def rep(m: Member) -> TeamRep:
        seg = band.get(m.crm_user_id)
        out = excluded.get(m.crm_user_id)
        note = ""
        if seg is None:
            note = EXCLUSION_LABELS.get(out.reason, "not ranked") if out else "not ranked"
        values = {s.metric: value_text(raw[m.person_id][s.metric], s.unit, currency) for s in specs}
        return TeamRep(
            m.person_id,
            m.name,
            m.team,
            seg.segment if seg else None,
            seg.p_star if seg else None,
            seg.why if seg else "",
            values,
            note,
            raw[m.person_id],
        )

    reps = sorted(
        (rep(m) for m in with_numbers),
        key=lambda r: (order.get(r.segment or "", 3), -(r.p_star or 0), r.name),
    )
    charts = [
        {
            "kind": "bars",
            "title": spec.label,
            "unit": spec.unit,
            "currency": currency,
            "lower_is_better": not spec.higher_is_better,
            "rows": [
                {"label": r.name, "value": raw[r.person_id][spec.metric], "band": r.segment}
                for r in reps
            ],
            "references": [
                {"key": "team", "label": "Team average", "value": average[spec.metric]},
                {"key": "star", "label": "Star benchmark", "value": star_mean.get(spec.metric)},
            ],
        }
        for spec in specs
        if spec.metric in KEY_METRICS
    ]
    counts = {b: sum(r.segment == b for r in reps) for b in BANDS}
    return TeamDashboard(
        as_of=analysis.as_of,
        window=analysis.window,
        currency=currency,
        metrics=[
            {"metric": s.metric, "label": SHORT_LABELS.get(s.metric, s.label), "unit": s.unit}
            for s in specs
        ],
        reps=reps,
        without_numbers=[
            TeamRep(m.person_id, m.name, m.team, None, None, "", {}, "no CRM numbers")
            for m in members
            if m.crm_user_id not in card and m.role == Role.REP  # managers need not sell
        ],
        team_average={k: value_text(v, SPECS[k].unit, currency) for k, v in average.items()},
        star_benchmark={
            s.metric: value_text(star_mean.get(s.metric), s.unit, currency) for s in specs
        },
        core_average={
            s.metric: value_text(core_mean.get(s.metric), s.unit, currency) for s in specs
        },
        band_counts=counts,
        rule=segments.bands.rule,
        charts=charts,
        missing=missing_sources(cards.missing),
        no_data={
            s.metric: found.reason
            for s in specs
            for found in cards.missing
            if s.column in found.columns
        },
    )
