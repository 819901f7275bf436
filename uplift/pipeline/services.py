"""Running the analysis and storing its snapshots."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from uplift.analytics.performance import PerformanceConfig, analyse_performance
from uplift.crm.roster import hr_dates_of
from uplift.insights.definition import performance_config
from uplift.insights.erased import ErasedWords, erased_words_of
from uplift.insights.models import AnalysisRun
from uplift.insights.runs import (
    INTERRUPTED,
    analysis_run_alive,
    analysis_run_beat,
    analysis_run_fail,
    analysis_run_start,
    analysis_runs_expire,
)
from uplift.insights.snapshots.documents import AnalysisSummary
from uplift.insights.snapshots.store import PERFORMANCE_KINDS, SnapshotKind, snapshots_store
from uplift.orgs.analytics_stores import organisation_store
from uplift.orgs.models import Organisation
from uplift.pipeline.analyses import AnalysisContext, discover

Progress = Callable[[str, int, int], None]


class AnalysisFailed(Exception):  # noqa: N818  (shown to people as it is)
    """The analysis could not run on the data there is; the message says why."""


def _noop(_step: str, _done: int, _total: int) -> None:
    return None


def analysis_run(
    *,
    organisation: Organisation,
    as_of: date | None = None,
    config: PerformanceConfig | None = None,
    metric: str | None = None,
    progress: Progress = _noop,
) -> AnalysisRun:
    """Recompute every analysis from the analytics store and store it as the latest snapshots.

    Performance means what the organisation's saved definition says, or ``metric`` for this
    run only (``uplift analyze --metric``); ``config`` replaces both (tests, benchmarks)."""
    chosen_by = "run"
    if config is None:
        config, chosen_by = performance_config(organisation=organisation, metric=metric)
    analysis_runs_expire(organisation=organisation)  # runs a killed process left say so now
    run = analysis_run_start(organisation=organisation, as_of=as_of)
    began = time.perf_counter()
    parts = discover()
    total = 3 + len(parts)

    def step(title: str, done: int, total: int) -> None:
        analysis_run_beat(run)  # each step also says the run is alive
        progress(title, done, total)

    step("Connecting to the analytics store", 0, total)
    extra: dict[SnapshotKind, dict[str, Any]] = {}
    erased = ErasedWords()
    try:
        with analysis_run_alive(run), organisation_store(organisation) as backend:
            step("Scorecards, stars, gap and trend", 1, total)
            # The store's copy of the CRM users still names people erased since the import:
            # their pseudonyms replace those names before any part reads them.
            erased = erased_words_of(organisation=organisation, backend=backend)
            result = erased.applied(
                analyse_performance(
                    backend,
                    as_of=as_of,
                    config=config,
                    chosen_by=chosen_by,
                    hr_dates=hr_dates_of(organisation=organisation),
                ).to_dict()
            )
            context = AnalysisContext(
                backend=backend,
                organisation=organisation,
                as_of=date.fromisoformat(result["as_of"]),
                performance=result,
                earlier=extra,
            )
            for done, part in enumerate(parts.values(), start=2):
                step(part.title, done, total)
                extra[part.kind] = erased.applied(part.compute(context))
    except Exception as exc:
        analysis_run_fail(run, str(exc))
        raise AnalysisFailed(str(exc)) from exc
    except BaseException:
        # Interrupted (Ctrl-C, a worker told to stop): say so rather than stay "running". A
        # process killed outright cannot; its heartbeat stops, and the lease says it for it.
        analysis_run_fail(run, INTERRUPTED)
        raise
    step("Storing the results", total - 1, total)
    with transaction.atomic():
        documents = {kind: result[kind] for kind in PERFORMANCE_KINDS}
        documents[SnapshotKind.SUMMARY] = _summary(result)
        snapshots_store(run=run, documents={**documents, **extra})
        run.as_of = date.fromisoformat(result["as_of"])
        run.config = result.get("config", {})
        run.notes = result.get("notes", [])
        run.status = AnalysisRun.Status.SUCCEEDED
        run.finished_at = timezone.now()
        run.seconds = round(time.perf_counter() - began, 3)
        run.save()
    step("Done", total, total)
    return run


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    """What the dashboards show at a glance, without loading the big parts."""
    return AnalysisSummary.of_performance(result).to_dict()
