"""The impact snapshots as the API returns them: stored rows, filtered to what the caller may
see (the same rules as the pages)."""

from __future__ import annotations

from typing import Any

from uplift.insights.snapshots.impact_documents import CreditEffect, ImpactRow
from uplift.orgs.models import Person
from uplift.practices.models import Practice
from uplift.presenters.impact_board.boards import credit_row
from uplift.presenters.impact_board.iq import iq_teams_visible
from uplift.presenters.impact_board.loading import ImpactSnapshots


def _summary_row(row: ImpactRow) -> dict[str, Any]:
    """The keys of an estimate the summary shows, as stored (null when the row lacks one)."""
    return {
        "practice": row.get("practice"),
        "practice_id": row.get("practice_id"),
        "metric": row.get("metric"),
        "unit": row.get("unit"),
        "adopters": row.get("adopters"),
        "comparison_reps": row.get("comparison_reps"),
        "att": row.get("att"),
        "ci": row.get("ci"),
        "method": row.get("method"),
        "reading": row.get("reading"),
        "summary": row.get("summary"),
        "pre_trend_p": row.get("pre_trend_p"),
    }


def impact_summary_data(*, snapshots: ImpactSnapshots | None) -> dict[str, Any]:
    """Every practice's estimates with their reading and credit status, and everyone's credit."""
    if snapshots is None:
        return {"as_of": None, "method": None, "practices": [], "credit": [], "notes": []}
    impact, credit = snapshots.documents.impact, snapshots.documents.credit
    rows = []
    for row in impact.practices if impact else ():
        effect = next(
            (
                e
                for e in credit_row(credit, row["practice"]).get("effects", [])
                if e["metric"] == row["metric"]
            ),
            CreditEffect(),
        )
        rows.append(
            _summary_row(row)
            | {
                "credit_status": effect.get("status") or "not measured yet",
                "value": effect.get("value"),
                "value_ci": effect.get("value_ci") or [None, None],
                "value_unit": effect.get("value_unit"),
            }
        )
    return {
        "as_of": snapshots.as_of,
        "method": impact.method if impact else None,
        "practices": rows,
        "credit": list(credit.people) if credit else [],
        "notes": [*(impact.notes if impact else ()), *(credit.notes if credit else ())],
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
    impact, credit = snapshots.documents.impact, snapshots.documents.credit
    effects = [r for r in (impact.practices if impact else ()) if r["practice"] == practice.title]
    row = credit_row(credit, practice.title)
    left_out = next(
        (
            i["reason"]
            for i in (impact.not_estimated if impact else ())
            if i["practice"] == practice.title
        ),
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
    document = snapshots.documents.team_iq if snapshots is not None else None
    teams = iq_teams_visible(viewer=viewer, document=document) if document else []
    if team and team not in teams:
        return None
    wanted = {team} if team else set(teams)
    return {
        "as_of": snapshots.as_of if snapshots is not None else None,
        "label": document.label if document else None,
        "config": (document.config if document else None) or {},
        "teams": teams,
        "series": [p for p in (document.series if document else ()) if p["team"] in wanted],
        "gap_closure": [
            g for g in (document.gap_closure if document else ()) if g["team"] in wanted
        ],
        "notes": list(document.notes) if document else [],
    }
