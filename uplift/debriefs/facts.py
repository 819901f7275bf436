"""What debriefs' records say, as small typed facts for the capabilities above it.

A sharing initiative counts the debriefs its partners gave through this function, never through
debriefs' models: what counts as a debrief given is decided here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from uplift.debriefs.models import Debrief
from uplift.orgs.models import Organisation


@dataclass(frozen=True)
class DebriefGiven:
    """A completed debrief, on the day it was held, with the people who shared in it: the star
    and the co-contributors."""

    debrief_id: int
    held_on: date
    sharer_ids: frozenset[int]


def debriefs_given(*, organisation: Organisation, since: date, until: date) -> list[DebriefGiven]:
    """Debriefs marked completed that were held from `since` to `until` (both days included),
    oldest first."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
    debriefs = (
        Debrief.objects.filter(
            organisation=organisation,
            status=Debrief.Status.COMPLETED,
            scheduled_at__gte=start,
            scheduled_at__lt=end,
        )
        .prefetch_related("co_contributors")
        .order_by("scheduled_at", "pk")
    )
    return [
        DebriefGiven(
            debrief_id=debrief.pk,
            held_on=timezone.localtime(debrief.scheduled_at).date(),
            sharer_ids=frozenset({debrief.star_id, *(p.pk for p in debrief.co_contributors.all())}),
        )
        for debrief in debriefs
    ]
