"""The Team Sales IQ and gap closure as a page shows them, for the teams a viewer may see.

Managers see the teams they run (and teams under them); leaders see every team in their part
of the organisation and the organisation as a whole ("all"). Teams are matched to the stored
series by name through the snapshot's ``team_ids``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from uplift.analytics.teamiq import ALL_TEAMS, COMPONENT_LABELS, COMPONENTS, REASON_NOT_STORED
from uplift.insights.snapshots.impact_documents import (
    IQComponentJSON,
    IQConfigJSON,
    IQPointJSON,
    TeamIQDocument,
)
from uplift.orgs import access
from uplift.orgs.models import Person, Role
from uplift.presenters.impact_board.texts import index_text, share_text

COLORS = {
    "team_iq": "#1d2433",
    "capability": "#2b59c3",
    "knowledge_flow": "#12a594",
    "results": "#c47f00",
}


def iq_teams_visible(*, viewer: Person, document: TeamIQDocument) -> list[str]:
    """The series' team names the viewer may open, "all" first for leaders."""
    ids = document.team_ids
    allowed = access.team_ids_visible(viewer)
    teams = [t for t in document.teams if ids.get(t) in allowed]
    return [ALL_TEAMS, *teams] if viewer.role == Role.LEADER else teams


@dataclass(frozen=True)
class ComponentCell:
    key: str
    label: str
    index: str
    weight: str
    status: str
    sample: str
    reason: str = ""  # why the component has no data in the period, in plain words


def missing_reason(component: IQComponentJSON) -> str:
    """Why a stored component has no data ("" when it has)."""
    if component.get("index") is not None:
        return ""
    return str(component.get("reason") or REASON_NOT_STORED)


@dataclass(frozen=True)
class IQRow:
    period: str
    start: str
    end: str
    team_iq: str
    cells: list[ComponentCell]
    missing: list[str]
    part: str = ""  # "1 of 3 months" when the window clips the period


def months_covered(start: str, end: str) -> int:
    """Calendar months from the month of ``start`` to the month of ``end`` (ISO dates)."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return (last.year - first.year) * 12 + last.month - first.month + 1


def part_of_period(point: IQPointJSON, grain: str) -> str:
    """How much of a clipped quarter the point covers ("1 of 3 months"), or "" when all of it."""
    if grain != "quarter":
        return ""
    months = months_covered(point["period_start"], point["period_end"])
    return f"{months} of 3 months" if months < 3 else ""


@dataclass(frozen=True)
class IQView:
    team: str
    label: str
    rows: list[IQRow]
    chart: dict[str, Any]
    latest: str
    weights: dict[str, str]
    details: list[dict[str, Any]]  # each component in the latest period
    latest_period: str = ""


PART_TEXTS: dict[str, tuple[str, str]] = {
    "mean_rating": ("mean rating", "rating"),
    "mean_assessment": ("assessments", "rating"),
    "mean_role_play": ("role plays", "rating"),
    "adopted_share": ("adopted a practice", "share"),
    "contributed_share": ("contributed a practice", "share"),
    "evenness": ("evenness", "ratio"),
    "core_to_star": ("core as a share of stars", "share"),
}


def _part_texts(parts: dict[str, Any]) -> list[str]:
    found = []
    for key, (label, kind) in PART_TEXTS.items():
        value = parts.get(key)
        if value is None:
            continue
        text = {"rating": f"{value:.2f} of 5", "share": share_text(value), "ratio": f"{value:.2f}"}[
            kind
        ]
        found.append(f"{label} {text}")
    return found


def _sample(component: str, data: IQComponentJSON) -> str:
    n = data.get("n") or {}
    if component == "capability":
        return f"{n.get('ratings', 0)} ratings of {n.get('reps', 0)} reps"
    if component == "knowledge_flow":
        return f"{n.get('adoptions', 0)} adoptions · {n.get('reps', 0)} reps"
    return f"{n.get('stars', 0)} stars · {n.get('core', 0)} core · {n.get('closed_deals', 0)} deals"


def iq_view(*, document: TeamIQDocument, team: str) -> IQView:
    points = [p for p in document.series if p["team"] == team]
    config = document.config or IQConfigJSON()
    grain = str(config.get("grain") or "quarter")
    parts = [part_of_period(p, grain) for p in points]
    rows = []
    for p, part in zip(points, parts, strict=True):
        cells = [
            ComponentCell(
                c,
                COMPONENT_LABELS[c],
                index_text(p["components"][c]["index"]),
                share_text(p["components"][c]["weight"]),
                p["components"][c]["status"],
                _sample(c, p["components"][c]),
                missing_reason(p["components"][c]),
            )
            for c in COMPONENTS
        ]
        missing = [COMPONENT_LABELS[c] for c in p.get("missing", []) if c in COMPONENT_LABELS]
        rows.append(
            IQRow(
                p["period"],
                p["period_start"],
                p["period_end"],
                index_text(p["team_iq"]),
                cells,
                missing,
                part,
            )
        )
    series = [
        {
            "key": "team_iq",
            "label": "Team Sales IQ",
            "color": COLORS["team_iq"],
            "width": 3,
            "values": [p["team_iq"] for p in points],
        }
    ]
    series += [
        {
            "key": c,
            "label": COMPONENT_LABELS[c],
            "color": COLORS[c],
            "dash": [5, 4],
            "values": [p["components"][c]["index"] for p in points],
        }
        for c in COMPONENTS
    ]
    chart = {
        "kind": "lines",
        "unit": "number",
        "zero": False,
        "labels": [
            f"{p['period']} ({part})" if part else p["period"]
            for p, part in zip(points, parts, strict=True)
        ],
        "series": series,
        "y_title": "Index (first period with data = 100)",
    }
    weights = config.get("weights") or {}
    last = points[-1] if points else None
    details = []
    if last is not None:
        for c in COMPONENTS:
            data = last["components"][c]
            details.append(
                {
                    "label": COMPONENT_LABELS[c],
                    "status": data["status"],
                    "baseline": data.get("baseline_period") or "—",
                    "parts": _part_texts(data.get("parts") or {}),
                    "n": data.get("n") or {},
                    "reason": missing_reason(data),
                }
            )
    return IQView(
        team=team,
        label=str(document.label or ""),
        rows=rows,
        chart=chart,
        latest=index_text(last["team_iq"]) if last else "—",
        weights={COMPONENT_LABELS[c]: share_text(weights.get(c)) for c in COMPONENTS},
        details=details,
        latest_period=last["period"] if last else "",
    )


@dataclass(frozen=True)
class GapView:
    team: str
    direction: str
    sentence: str  # in words: whether the gap is closing
    rows: list[dict[str, Any]]
    chart: dict[str, Any]
    has_points: bool = True
    statistics: str = ""  # the trend and its 95% interval: "How is this computed?"


def _pct(value: Any) -> str:
    if value is None:
        return "—"
    points = round(value * 100)
    return "0%" if points == 0 else f"{points:+d}%"  # never "-0%"


_GAP_WORDS = {
    "closing": "the core is catching up with the stars",
    "widening": "the stars are pulling further ahead",
    "no clear change": "no clear change yet in the gap between stars and core",
    "too few months": "too few months to see a trend",
}


def gap_view(*, document: TeamIQDocument, team: str) -> GapView | None:
    closure = next((g for g in document.gap_closure if g["team"] == team), None)
    if closure is None:
        return None
    months = closure["months"]
    slope, (low, high) = closure["slope_per_month"], closure["slope_ci"]
    statistics = ""
    if not closure["months_used"]:
        sentence = (
            "No month has both stars and core reps with closed deals in this team, so there is "
            "no gap to follow here; the organisation's gap is under Everyone."
        )
    elif slope is None or low is None or high is None:  # the trend needs enough months
        sentence = (
            f"Only {closure['months_used']} months have both stars and core with closed deals: "
            "too few to see a trend."
        )
    else:
        sentence = f"Over {closure['months_used']} months: {_GAP_WORDS[closure['direction']]}."
        statistics = (
            f"The straight line through the {closure['months_used']} months moves the gap "
            f"{slope * 100:+.1f} points a month (95% interval {low * 100:+.1f} to "
            f"{high * 100:+.1f}): closing when the whole interval is below zero, widening when "
            "it is above, no clear change otherwise."
        )
    unit = document.gap_unit or "fraction"
    rows = [
        {
            "period": m["period"],
            "gap": _pct(m["gap_pct"]),
            "core_to_star": share_text(m["core_to_star"]),
            "n_star": m["n_star"],
            "n_core": m["n_core"],
        }
        for m in months
    ]
    chart = {
        "kind": "lines",
        "unit": "change",
        "zero": False,
        "labels": [m["period"] for m in months],
        "series": [
            {
                "key": "gap",
                "label": "Gap (stars over core - 1)",
                "color": "#c47f00",
                "values": [m["gap_pct"] for m in months],
            }
        ],
        "y_title": f"Star-core gap on {'win rate' if unit == 'fraction' else 'bookings'}",
    }
    return GapView(
        team,
        closure["direction"],
        sentence,
        rows,
        chart,
        bool(closure["months_used"]),
        statistics,
    )


def team_iq_board(
    *, document: TeamIQDocument | None, as_of: str | None, viewer: Person, team: str
) -> dict[str, Any] | None:
    """What the Team IQ page and its fragment show for ``team`` (the viewer's first team when
    empty); None when the viewer may not see ``team``. No document: the analysis has no Team
    Sales IQ (none yet, or one made before it)."""
    teams = iq_teams_visible(viewer=viewer, document=document) if document else []
    if team and team not in teams:
        return None
    chosen = team or (teams[0] if teams else "")
    return {
        "as_of": as_of,
        "teams": teams,
        "team": chosen,
        "iq": iq_view(document=document, team=chosen) if document and chosen else None,
        "gap": gap_view(document=document, team=chosen) if document and chosen else None,
        "analysed": document is not None,
    }
