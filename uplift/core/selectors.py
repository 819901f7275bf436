from __future__ import annotations

from django.db.models import QuerySet

from uplift.core.models import Job
from uplift.orgs.models import Organisation


def jobs_recent(*, organisation: Organisation, limit: int = 10) -> QuerySet[Job]:
    return Job.objects.filter(organisation=organisation).select_related("created_by")[:limit]
