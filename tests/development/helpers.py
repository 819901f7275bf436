"""Stored analyses for development tests: snapshots written as `uplift analyze` writes them."""

from __future__ import annotations

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
