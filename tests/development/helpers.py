"""Stored analyses for development tests: snapshots written as `uplift analyze` writes them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from uplift.insights.models import AnalysisRun, Snapshot
from uplift.orgs.models import Organisation


def month_row(email: str, month: str, **values: Any) -> dict[str, Any]:
    """A monthly scorecard row (``month`` as ``2026-05``) with the given metric columns."""
    year, number = (int(part) for part in month.split("-"))
    start = date(year, number, 1)
    row: dict[str, Any] = {"rep_id": "", "source": "salesforce", "email": email, "period": month}
    row.update(period_start=start.isoformat(), period_end=start.isoformat(), **values)
    return row


def window_row(row: dict[str, Any]) -> dict[str, Any]:
    """A scorecard row of the whole window around a test's identity keys and metric columns."""
    period = {"period": "2025-11-01..2026-10-31", "period_start": "2025-11-01"}
    return {"source": "salesforce", **period, "period_end": "2026-10-31", **row}


def scorecards_document(
    *,
    monthly: Sequence[dict[str, Any]] = (),
    reps: Sequence[dict[str, Any]] = (),
    currency: str = "USD",
) -> dict[str, Any]:
    """A scorecards snapshot as the analysis stores it, around the rows a test gives."""
    return {
        "as_of": "2026-10-31",
        "window": {"start": "2025-11-01", "end": "2026-10-31"},
        "currency": currency,
        "columns": {},
        "reps": [window_row(r) for r in reps],
        "monthly": list(monthly),
        "quarterly": [],
        "missing": [],
    }


def segments_document(reps: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A segments snapshot as the analysis stores it: each of ``reps`` (identity keys and
    ``segment``) ranked in the order given, on win rate."""
    ranked = [
        {
            "source": "salesforce",
            "p_star": 0.9 if rep["segment"] == "star" else 0.1,
            "rank": rank,
            "rank_low": rank,
            "rank_high": rank,
            "metric": "win_rate",
            "n": 20,
            "wins": 5,
            "bookings_cents": 0,
            **rep,
        }
        for rank, rep in enumerate(reps, start=1)
    ]
    counts = {band: sum(r["segment"] == band for r in ranked) for band in ("star", "core", "tail")}
    bands = {"star_fraction": 0.2, "tail_fraction": 0.2, "n_ranked": len(ranked), "rule": ""}
    return {
        "as_of": "2026-10-31",
        "window": {"start": "2025-11-01", "end": "2026-10-31"},
        "metric": "win_rate",
        "method": "",
        "bands": {**bands, **{f"n_{band}": n for band, n in counts.items()}},
        "reps": ranked,
        "excluded": [],
        "excluded_counts": {},
    }


def analysis_store(
    *, organisation: Organisation, as_of: date, parts: dict[str, Any]
) -> AnalysisRun:
    run = AnalysisRun.objects.create(
        organisation=organisation,
        as_of=as_of,
        status=AnalysisRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    for kind, data in parts.items():
        Snapshot.objects.create(run=run, kind=kind, data=data)
    return run
