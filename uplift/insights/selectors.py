from __future__ import annotations

from datetime import date
from typing import Any

from uplift.insights.models import AnalysisRun, Snapshot
from uplift.orgs.models import Organisation


def analysis_latest(*, organisation: Organisation, as_of: date | None = None) -> AnalysisRun | None:
    """The newest finished analysis (as of a given day, when asked)."""
    runs = AnalysisRun.objects.filter(
        organisation=organisation, status=AnalysisRun.Status.SUCCEEDED
    )
    if as_of is not None:
        runs = runs.filter(as_of=as_of)
    return runs.order_by("-finished_at").first()


def snapshot_data(*, run: AnalysisRun, kind: str) -> Any:
    snapshot = Snapshot.objects.filter(run=run, kind=kind).only("data").first()
    return None if snapshot is None else snapshot.data
