"""The impact snapshots as the API returns them: stored rows, filtered to what the caller may
see (the same rules as the pages)."""

from __future__ import annotations

from typing import Any

from uplift.orgs.models import Person
from uplift.practices.models import Practice
from uplift.presenters.impact_board.iq import iq_teams_visible
from uplift.presenters.impact_board.loading import ImpactSnapshots


def _credit_row(credit: dict[str, Any], title: str) -> dict[str, Any]:
    return next((r for r in credit.get("practices", []) if r["practice"] == title), {})


def impact_summary_data(*, snapshots: ImpactSnapshots | None) -> dict[str, Any]:
    """Every practice's estimates with their reading and credit status, and everyone's credit."""
    if snapshots is None:
        return {"as_of": None, "method": None, "practices": [], "credit": [], "notes": []}
    impact, credit = snapshots.part("impact"), snapshots.part("credit")
    rows = []
    for row in impact.get("practices", []):
        effect: dict[str, Any] = next(
            (
                e
                for e in _credit_row(credit, row["practice"]).get("effects", [])
                if e["metric"] == row["metric"]
            ),
            {},
        )
        rows.append(
            {
                key: row.get(key)
                for key in (
                    "practice",
                    "practice_id",
                    "metric",
                    "unit",
                    "adopters",
                    "comparison_reps",
                    "att",
                    "ci",
                    "method",
                    "reading",
                    "summary",
                    "pre_trend_p",
                )
            }
            | {
                "credit_status": effect.get("status") or "not measured yet",
                "value": effect.get("value"),
                "value_ci": effect.get("value_ci") or [None, None],
                "value_unit": effect.get("value_unit"),
            }
        )
    return {
        "as_of": snapshots.as_of,
        "method": impact.get("method"),
        "practices": rows,
        "credit": credit.get("people", []),
        "notes": [*impact.get("notes", []), *credit.get("notes", [])],
    }


def practice_impact_data(
    *, snapshots: ImpactSnapshots | None, practice: Practice
) -> dict[str, Any]:
    """One practice's estimates (with the event study) and who gets the credit."""
    base = {"practice": practice.title, "practice_id": practice.pk, "status": practice.status}
    if snapshots is None:
        return {
            **base,
            "as_of": None,
            "effects": [],
            "contributors": [],
            "credit_status": "not measured yet",
            "reason": "no analysis yet",
        }
    impact, credit = snapshots.part("impact"), snapshots.part("credit")
    effects = [r for r in impact.get("practices", []) if r["practice"] == practice.title]
    row = _credit_row(credit, practice.title)
    left_out = next(
        (i["reason"] for i in impact.get("not_estimated", []) if i["practice"] == practice.title),
        "",
    )
    return {
        **base,
        "as_of": snapshots.as_of,
        "effects": effects,
        "contributors": row.get("contributors", []),
        "credit_status": row.get("credit_status") or "not measured yet",
        "reason": row.get("reason") or left_out,
    }


def team_iq_data(
    *, snapshots: ImpactSnapshots | None, viewer: Person, team: str | None
) -> dict[str, Any] | None:
    """The Team Sales IQ series and gap closure of the teams the viewer may see (one team when
    asked); None when the team asked for is not among them."""
    document = snapshots.part("team-iq") if snapshots is not None else {}
    teams = iq_teams_visible(viewer=viewer, document=document) if document else []
    if team and team not in teams:
        return None
    wanted = {team} if team else set(teams)
    return {
        "as_of": snapshots.as_of if snapshots is not None else None,
        "label": document.get("label"),
        "config": document.get("config") or {},
        "teams": teams,
        "series": [p for p in document.get("series", []) if p["team"] in wanted],
        "gap_closure": [g for g in document.get("gap_closure", []) if g["team"] in wanted],
        "notes": document.get("notes", []),
    }
