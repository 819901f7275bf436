"""The charts of an initiative's health page, as the JSON `charts.js` draws (the page's tables
carry the same numbers): the funnel from partners committed to measured impact, gap closure
against the target path month by month, and participation beyond the stars team by team."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from uplift.core.refusals import NotAllowed
from uplift.initiatives import access as initiative_access
from uplift.initiatives.health import Health, initiative_health
from uplift.initiatives.models import Initiative
from uplift.insights.selectors import analysis_latest
from uplift.orgs.models import Person

FUNNEL_BANDS = {"count": "core", "causal estimate": "star", "correlation": "tail"}


def funnel_chart(health: Health) -> dict[str, Any]:
    return {
        "kind": "bars",
        "title": "From commitment to impact",
        "unit": "count",
        "currency": "",
        "references": [],
        "rows": [
            {"label": step.label, "value": step.value, "band": FUNNEL_BANDS[step.kind]}
            for step in health.funnel
        ],
    }


def closure_chart(health: Health) -> dict[str, Any] | None:
    months = health.closure.months
    if not any(m.closed is not None for m in months):
        return None
    return {
        "kind": "lines",
        "unit": "fraction",
        "currency": "",
        "zero": False,
        "labels": [m.period for m in months],
        "y_title": "Share of the gap at the start closed",
        "series": [
            {"key": "me", "label": "Month by month", "values": [m.closed for m in months]},
            {
                "key": "team",
                "label": "Straight-line trend",
                "values": [m.fitted for m in months],
                "dash": [6, 4],
            },
            {"key": "star", "label": "Target path", "values": [m.target for m in months]},
        ],
    }


def participation_chart(health: Health) -> dict[str, Any] | None:
    teams = [t for t in health.participation.teams if t.core_reps]
    if not teams:
        return None
    return {
        "kind": "bars",
        "title": "Core reps taking part",
        "unit": "fraction",
        "currency": "",
        "references": (
            []
            if health.participation.share is None
            else [{"key": "team", "label": "Scope", "value": health.participation.share}]
        ),
        "rows": [
            {"label": f"{t.team_name} ({t.core_reps})", "value": t.share, "band": "core"}
            for t in teams
        ],
    }


def pct(value: float | None, *, signed: bool = False) -> str:
    """A share as a percentage ("12%", "+12%" when signed); "—" without one."""
    if value is None:
        return "—"
    text = f"{value * 100:+.0f}%" if signed else f"{value * 100:.0f}%"
    return text.replace("-", "\N{MINUS SIGN}")


def closure_words(health: Health) -> dict[str, str]:
    """Gap closure against the target in words: the value with its interval, the target path by
    now, and the reading."""
    closure = health.closure
    interval = (
        f"95% interval {pct(closure.low, signed=True)} to {pct(closure.high, signed=True)}"
        if closure.low is not None and closure.high is not None
        else "no interval yet"
    )
    return {
        "value": pct(closure.value, signed=True),
        "interval": interval,
        "target_to_date": pct(closure.target_to_date),
        "target": pct(closure.target_fraction),
        "reading": closure.reading,
        "months": str(closure.months_used),
        "metric": "win rate" if health.closure_metric == "win_rate" else "bookings",
    }


def pulse_rows(health: Health) -> list[dict[str, Any]]:
    """Each team's latest pulse beside its core reps' participation, with the months before."""
    rows = []
    for team in health.pulse or ():
        latest = team.latest
        rows.append(
            {
                "team": team.team_name,
                "participation": pct(team.participation),
                "engagement": "—"
                if latest is None or latest.engagement is None
                else f"{latest.engagement:.1f}",
                "enps": "—" if latest is None or latest.enps is None else f"{latest.enps:+.0f}",
                "answers": 0 if latest is None else latest.answers,
                "month": None if latest is None else latest.month,
                "trend": " → ".join(
                    "—" if m.engagement is None else f"{m.engagement:.1f}" for m in team.months
                ),
            }
        )
    return rows


def closure_months(health: Health) -> list[dict[str, str]]:
    return [
        {
            "period": m.period,
            "gap": pct(m.gap_pct, signed=True),
            "closed": pct(m.closed, signed=True),
            "fitted": pct(m.fitted, signed=True),
            "target": pct(m.target),
        }
        for m in health.closure.months
    ]


def health_for(viewer: Person, initiative_id: int) -> tuple[Initiative, Health]:
    """The initiative (fetched through its access rule) and its health as the viewer may see it:
    the people, teams and pulse within their scope. Refused for anyone but its leaders and
    enablement."""
    initiative = initiative_access.access_initiative(viewer, initiative_id)
    if not initiative_access.can_view_health(viewer, initiative):
        raise NotAllowed("The initiative's health is for its leaders and enablement.")
    health = initiative_health(
        initiative,
        run=analysis_latest(organisation=initiative.organisation),
        today=timezone.localdate(),
        people_visible=initiative_access.commitment_people_visible(viewer, initiative),
        pulse_teams_visible=initiative_access.pulse_teams_visible(viewer),
        with_pulse=initiative_access.can_view_pulse(viewer),
    )
    return initiative, health
