from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from uplift.core.jobs import JobRefused, Progress, job_handler, job_start
from uplift.core.models import Job
from uplift.crm.uploads import upload_discard
from uplift.orgs.models import Organisation


@job_handler("crm-import")
def run_crm_import(job: Job, progress: Progress) -> dict[str, Any]:
    """Import an uploaded export. Re-running it is harmless: imports are idempotent."""
    # Imported here: the importers are heavy, and every process registers this handler.
    from uplift.crm.history import ImportRun, import_rejects_path
    from uplift.crm.importers.errors import ImportInputError
    from uplift.crm.services import crm_import

    organisation = Organisation.objects.get(pk=job.organisation_id or 0)
    location = Path(job.params["location"])
    skip_invalid = bool(job.params.get("skip_invalid"))
    try:
        summary = crm_import(
            source=job.params["source"],
            location=location,
            organisation=organisation,
            dry_run=bool(job.params.get("dry_run")),
            progress=lambda step, done, total: progress(done, total, step),
            skip_invalid=skip_invalid,
            # Kept with the job, for the admins to download from its page.
            rejects=import_rejects_path(job_id=job.pk) if skip_invalid else None,
            run=ImportRun(started_by_id=job.created_by_id, job_id=job.pk),
        )
    except ImportInputError as exc:
        raise JobRefused(f"Nothing was imported. {exc}") from exc
    finally:  # an uploaded export is not kept, whether it imported or not
        upload_discard(location, home=settings.UPLIFT_HOME)
    if not summary.dry_run and summary.changed:
        # Fresh data: recompute the analyses that every page reads.
        job_start(
            kind="analysis",
            title="Analyse the new CRM data",
            organisation_id=organisation.pk,
            created_by_id=job.created_by_id,
        )
    return summary.as_dict()
