"""A stored analysis for page and API tests: impact, credit and Team Sales IQ snapshots built
with the real functions from hand-made inputs, for the world's organisation (tests/conftest.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from tests.conftest import World
from uplift.analytics.metrics.periods import Window
from uplift.analytics.teamiq import (
    AdoptionRecord,
    ContributionRecord,
    Member,
    ResultsRecord,
    SkillObservation,
    TeamIQInputs,
    gap_closure,
    monthly_gap_rows,
    team_iq_series,
)
from uplift.insights.models import AnalysisRun, Snapshot
from uplift.pipeline.analyses.credit import credit_document
from uplift.practices.models import Practice

AS_OF = date(2026, 6, 30)
WINDOW = Window(date(2025, 7, 1), AS_OF)


def _event_study(att: float) -> list[dict[str, Any]]:
    return [
        {
            "event_time": t,
            "att": 0.0 if t < 0 else att,
            "ci": [-0.03, 0.03] if t < 0 else [att - 0.03, att + 0.03],
            "band": [-0.05, 0.05],
        }
        for t in range(-3, 4)
    ]


def impact_row(
    practice: Practice, metric: str, att: float, ci: list[float], reading: str
) -> dict[str, Any]:
    return {
        "practice": practice.title,
        "practice_id": practice.pk,
        "metric": metric,
        "unit": "fraction" if metric == "win_rate" else "currency",
        "att": att,
        "se": 0.01,
        "ci": ci,
        "confidence": 0.95,
        "method": "callaway_santanna_not_yet_treated",
        "adopters": 12,
        "comparison_reps": 40,
        "never_adopted": 30,
        "rep_months": 600,
        "cohorts": 5,
        "median_post_months": 6.0,
        "counted_early": 0,
        "pre_trend_p": 0.61,
        "pre_trend_drift": 0.001,
        "event_study": _event_study(att),
        "reading": reading,
        "summary": f"After adopting, the 12 adopters' {metric} changed.",
        "contributors": [],
    }


def _team_iq(world: World) -> dict[str, Any]:
    months = [p.key for p in WINDOW.periods("month")]
    results = []
    for i, month in enumerate(months):
        for team, rep in (("Alpha", "a"), ("Beta", "b"), ("Gamma", "g")):
            results.append(ResultsRecord(f"{rep}-star", team, "star", month, 10, 5, 500_000))
            results.append(
                ResultsRecord(f"{rep}-core", team, "core", month, 10, 2 + i % 3, 200_000)
            )
    inputs = TeamIQInputs(
        members=(
            Member(world.ann.pk, "Alpha"),
            Member(world.art.pk, "Alpha"),
            Member(world.bob.pk, "Beta"),
            Member(world.gil.pk, "Gamma"),
        ),
        skills=(
            SkillObservation(world.ann.pk, "discovery", "assessment", date(2025, 8, 1), 2),
            SkillObservation(world.ann.pk, "discovery", "assessment", date(2026, 4, 1), 3),
        ),
        adoptions=(AdoptionRecord(world.art.pk, "Mutual close plan", date(2025, 10, 2)),),
        contributions=(ContributionRecord(world.ann.pk, "Mutual close plan", date(2025, 9, 1)),),
        results=tuple(results),
    )
    iq = team_iq_series(inputs, WINDOW)
    teams = {t.name: t.pk for t in (world.alpha, world.beta, world.gamma)}
    return {
        "as_of": AS_OF.isoformat(),
        "metric": "win_rate",
        "gap_unit": "fraction",
        "label": "An index, not a validated psychometric measure.",
        **iq.to_dict(),
        "team_ids": teams,
        "gap_closure": [
            c.to_dict() for c in gap_closure(monthly_gap_rows(results, months, "win_rate"))
        ],
        "sources": {},
        "notes": [],
    }


def stored_analysis(world: World, practices: list[Practice]) -> AnalysisRun:
    """A finished analysis of the world's organisation: the first practice measured (+6 points,
    interval above zero), the second too early to say, any third with no effect detected (an
    interval within ±3 points, the pre-trend check in words)."""
    run = AnalysisRun.objects.create(
        organisation=world.org,
        as_of=AS_OF,
        status=AnalysisRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    rows = []
    for i, practice in enumerate(practices):
        if i == 0:
            rows.append(impact_row(practice, "win_rate", 0.06, [0.02, 0.10], "likely positive"))
            rows.append(impact_row(practice, "bookings", 800.0, [200.0, 1400.0], "likely positive"))
        elif i == 2:
            row = impact_row(practice, "win_rate", 0.0, [-0.03, 0.03], "no effect detected")
            row["pre_trend"] = "Before adopting, the adopters moved like the others (p = 0.61)."
            rows.append(row)
        else:
            rows.append(impact_row(practice, "win_rate", 0.01, [-0.04, 0.06], "too early to say"))
    impact = {
        "as_of": AS_OF.isoformat(),
        "method": "callaway_santanna_not_yet_treated",
        "window": WINDOW.to_dict(),
        "practices": rows,
        "not_estimated": [],
        "notes": [],
    }
    performance = {
        "currency": "USD",
        "window": WINDOW.to_dict(),
        "scorecards": {
            "reps": [{"rep_id": "x", "deals_closed": 48}, {"rep_id": "y", "deals_closed": 24}]
        },
    }
    credit = credit_document(
        organisation=world.org, impact=impact, performance=performance, as_of=AS_OF
    )
    summary = {
        "as_of": AS_OF.isoformat(),
        "window": WINDOW.to_dict(),
        "currency": "USD",
        "notes": [],
    }
    for kind, data in (
        ("summary", summary),
        ("impact", impact),
        ("credit", credit),
        ("team-iq", _team_iq(world)),
    ):
        Snapshot.objects.create(run=run, kind=kind, data=data)
    return run
