"""The Team Sales IQ as a table on a terminal."""

from __future__ import annotations

import sys
from typing import Any

from uplift.analytics.teamiq import ALL_TEAMS, COMPONENT_LABELS, COMPONENTS, REASON_NOT_STORED

LABEL = (
    "An index, not a validated psychometric measure: its components are always shown beside "
    "it. 100 is each component's level in its first period with data; one point is one "
    "percentage point of that level."
)


def _index(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _team(name: str) -> str:
    return "Everyone" if name == ALL_TEAMS else name


def _sample(parts: dict[str, Any]) -> str:
    return (
        f"{parts['capability']['n'].get('ratings', 0)} ratings · "
        f"{parts['knowledge_flow']['n'].get('reps', 0)} reps · "
        f"{parts['results']['n'].get('closed_deals', 0)} deals"
    )


def missing_reasons(doc: dict[str, Any]) -> list[str]:
    """Why each component lacks data, once per reason, with the teams and periods it holds for:
    "Capability has no data (none of its reps had ...): Everyone 2025-Q4; Alpha 2025-Q4, 2026-Q1".
    """
    where: dict[tuple[str, str], dict[str, list[str]]] = {}
    for point in doc["series"]:
        for component in point["missing"]:
            part = point["components"][component]
            key = (part["label"], part.get("reason") or REASON_NOT_STORED)
            where.setdefault(key, {}).setdefault(_team(point["team"]), []).append(point["period"])
    return [
        f"{label} has no data ({reason}): "
        + "; ".join(f"{team} {', '.join(periods)}" for team, periods in teams.items())
        for (label, reason), teams in where.items()
    ]


def print_table(doc: dict[str, Any]) -> None:
    """One row per team and period, each component beside the index; then the gap's trend."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    table = Table(
        title=f"Team Sales IQ as of {doc['as_of']} (baseline = 100)", title_justify="left"
    )
    for column in ("team", "period", "Team IQ", *(COMPONENT_LABELS[c] for c in COMPONENTS)):
        table.add_column(column, justify="left" if column in ("team", "period") else "right")
    table.add_column("sample")
    table.add_column("no data")
    for point in doc["series"]:
        parts = point["components"]
        table.add_row(
            _team(point["team"]),
            point["period"],
            _index(point["team_iq"]),
            *(_index(parts[c]["index"]) for c in COMPONENTS),
            _sample(parts),
            ", ".join(parts[c]["label"] for c in point["missing"]),
        )
    console.print(table)
    for line in missing_reasons(doc):
        console.print(line, markup=False)
    weights = (doc.get("config") or {}).get("weights") or {}
    shares = ", ".join(f"{COMPONENT_LABELS[c]} {weights.get(c, 0):.0%}" for c in COMPONENTS)
    console.print(
        f"Weights: {shares}; a component without data in a period gives its weight to the others."
    )
    for closure in doc.get("gap_closure", []):
        slope, (low, high) = closure["slope_per_month"], closure["slope_ci"]
        if slope is None or low is None or high is None:
            trend = f"fewer than 4 months with a gap ({closure['months_used']})"
        else:
            trend = (
                f"the gap (stars over core - 1) moves {slope * 100:+.1f} points a month "
                f"(95% interval {low * 100:+.1f} to {high * 100:+.1f})"
            )
        console.print(f"Gap closure, {_team(closure['team'])}: {closure['direction']} — {trend}")
    console.print(doc.get("label") or LABEL)
    for note in doc.get("notes", []):
        console.print(note)
