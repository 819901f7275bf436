"""Work done once a day for each organisation, on the worker's clock.

The task worker has no scheduler, but it runs its periodic pass over leased work
(uplift.core.leases: at start-up and every minute at most). Each app declares its daily work
with `daily_work(kind, title)`; the pass (`daily_jobs_queue`) queues, for every organisation,
one job of each kind for the organisation's day (its own time zone), with the de-duplication key
`daily:<kind>:<organisation>:<day>`, so however many workers look, and however often, each runs
once a day per organisation, whether or not anyone signs in. The work itself is idempotent: a
job started again after its worker stopped does nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from uplift.core.jobs import Progress, job_handler, job_start
from uplift.core.leases import reclaimer
from uplift.core.models import Job
from uplift.orgs.models import Organisation
from uplift.orgs.time_zones import zone_info

logger = logging.getLogger(__name__)

DailyWork = Callable[[Organisation, date], dict[str, Any]]


@dataclass(frozen=True)
class _Daily:
    kind: str
    title: str
    work: DailyWork


_DAILY: dict[str, _Daily] = {}


def daily_work(kind: str, *, title: str) -> Callable[[DailyWork], DailyWork]:
    """Declare `work(organisation, day)` as done once a day for every organisation; it returns
    what it did (kept on the job as its result)."""

    def register(work: DailyWork) -> DailyWork:
        _DAILY[kind] = _Daily(kind=kind, title=title, work=work)

        @job_handler(kind)
        def run(job: Job, progress: Progress) -> dict[str, Any]:
            organisation = Organisation.objects.get(pk=job.organisation_id or 0)
            progress(0, 1, title)
            done = work(organisation, date.fromisoformat(str(job.params["day"])))
            progress(1, 1, title)
            return done

        return work

    return register


def daily_kinds() -> tuple[str, ...]:
    return tuple(_DAILY)


def daily_key(*, kind: str, organisation_id: int, day: date) -> str:
    return f"daily:{kind}:{organisation_id}:{day.isoformat()}"


def organisation_day(organisation: Organisation, now: datetime) -> date:
    """The date it is at `now` where the organisation is."""
    return timezone.localtime(now, zone_info(organisation.time_zone)).date()


def daily_jobs_queue(*, now: datetime | None = None) -> list[Job]:
    """Queue each organisation's daily work for its day at `now` unless queued already; the
    jobs queued by this call."""
    now = now or timezone.now()
    wanted: dict[str, tuple[Organisation, _Daily, date]] = {}
    for organisation in Organisation.objects.only("pk", "time_zone"):
        day = organisation_day(organisation, now)
        for daily in _DAILY.values():
            key = daily_key(kind=daily.kind, organisation_id=organisation.pk, day=day)
            wanted[key] = (organisation, daily, day)
    queued = set(Job.objects.filter(dedup_key__in=list(wanted)).values_list("dedup_key", flat=True))
    started = []
    for key, (organisation, daily, day) in wanted.items():
        if key in queued:
            continue
        started.append(
            job_start(
                kind=daily.kind,
                title=daily.title,
                organisation_id=organisation.pk,
                created_by_id=None,
                params={"day": day.isoformat()},
                dedup_key=key,
            )
        )
    return started


@reclaimer("daily work")
def daily_jobs_pass() -> int:
    """The worker's periodic pass: queue the day's work. Returns 0: nothing was taken back from
    a stopped process (the count is logged as abandoned work otherwise)."""
    for job in daily_jobs_queue():
        logger.info(
            "queued %s for organisation %s (job %s)", job.title, job.organisation_id, job.pk
        )
    return 0
