from __future__ import annotations

from django.db.models import QuerySet

from uplift.core.models import Job
from uplift.orgs.models import Organisation


def jobs_recent(
    *, organisation: Organisation, kind: str | None = None, limit: int = 10
) -> QuerySet[Job]:
    jobs = Job.objects.filter(organisation=organisation)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    return jobs.select_related("created_by")[:limit]
