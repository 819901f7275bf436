"""Snapshots in the shape `uplift analyze` stores them, around the few rows and keys a test
gives: the typed readers need every key the analysis always writes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


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
