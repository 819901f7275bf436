"""Which analysis run to read. What a run stored is read through the typed reader of its kind
(`uplift.insights.snapshots`)."""

from __future__ import annotations

from datetime import date

from uplift.insights.models import AnalysisRun
from uplift.orgs.models import Organisation


def analysis_latest(
    *, organisation: Organisation, as_of: date | None = None, until: date | None = None
) -> AnalysisRun | None:
    """The newest finished analysis (as of a given day, or as of `until` or earlier, when
    asked)."""
    runs = AnalysisRun.objects.filter(
        organisation=organisation, status=AnalysisRun.Status.SUCCEEDED
    )
    if as_of is not None:
        runs = runs.filter(as_of=as_of)
    if until is not None:
        runs = runs.filter(as_of__lte=until)
    return runs.order_by("-finished_at").first()


def analysis_runs_recent(*, organisation: Organisation, limit: int = 5) -> list[AnalysisRun]:
    """The organisation's latest analysis runs, finished or not, newest first."""
    return list(
        AnalysisRun.objects.filter(organisation=organisation).order_by("-started_at")[:limit]
    )
