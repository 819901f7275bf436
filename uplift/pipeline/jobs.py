from __future__ import annotations

from typing import Any

from uplift.core.jobs import JobRefused, Progress, job_handler
from uplift.core.models import Job
from uplift.orgs.models import Organisation


@job_handler("analysis")
def run_analysis(job: Job, progress: Progress) -> dict[str, Any]:
    """Recompute the analyses; running it twice only stores a newer snapshot of the same data."""
    # Imported here: the statistics stack is heavy, and every process registers this handler.
    from uplift.pipeline.services import AnalysisFailed, analysis_run

    organisation = Organisation.objects.get(pk=job.organisation_id or 0)
    try:
        run = analysis_run(
            organisation=organisation,
            progress=lambda step, done, total: progress(done, total, step),
        )
    except AnalysisFailed as exc:
        raise JobRefused(f"The analysis could not run: {exc}") from exc
    return {"analysis": run.pk, "as of": str(run.as_of), "seconds": run.seconds}
