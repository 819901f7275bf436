"""What recognition's records say, as small typed facts for the capabilities above it.

Awards' evidence, the future-leaders analysis and the sharing initiatives read kudos, spotlights
and points through these functions, never through recognition's models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Sum
from django.utils import timezone

from uplift.orgs.models import Organisation
from uplift.orgs.selectors import reporting_lines
from uplift.recognition.models import Kudos, PointsEntry, Spotlight

Reason = Kudos.Reason
HELP_REASONS = (Reason.HELP, Reason.COACHING, Reason.ROLE_PLAY)  # kudos that thank for help


@dataclass(frozen=True)
class KudosGiven:
    """`giver_id` thanked `receiver_id`. `within_line` (read for kudos for help): the receiver is
    above the giver in their reporting line, so the help thanked for was part of their job."""

    kudos_id: int
    giver_id: int
    giver_name: str
    receiver_id: int
    message: str
    reason: str
    given_at: datetime
    within_line: bool = False


def _kudos(kudos: Kudos, *, within_line: bool = False) -> KudosGiven:
    return KudosGiven(
        kudos_id=kudos.pk,
        giver_id=kudos.giver_id,
        giver_name=str(kudos.giver),
        receiver_id=kudos.receiver_id,
        message=kudos.message,
        reason=kudos.reason,
        given_at=kudos.created_at,
        within_line=within_line,
    )


def kudos_for_help(*, organisation: Organisation) -> list[KudosGiven]:
    """Kudos that thank someone else for help, a coaching session or a role play, oldest first;
    each says whether the receiver is the giver's manager (or above them)."""
    kudos = (
        Kudos.objects.filter(organisation=organisation, reason__in=HELP_REASONS)
        .select_related("giver")
        .order_by("created_at", "pk")
    )
    lines = reporting_lines(organisation=organisation)
    return [
        _kudos(item, within_line=lines.manages(item.receiver_id, item.giver_id))
        for item in kudos
        if item.giver_id != item.receiver_id
    ]


def kudos_received(*, organisation: Organisation, person_id: int) -> list[KudosGiven]:
    """Every kudos the person received, for any reason, newest first."""
    kudos = (
        Kudos.objects.filter(organisation=organisation, receiver_id=person_id)
        .select_related("giver")
        .order_by("-created_at", "-pk")
    )
    return [_kudos(item) for item in kudos]


def kudos_received_latest(
    *, organisation: Organisation, person_id: int, limit: int
) -> tuple[int, list[KudosGiven]]:
    """How many kudos the person received, and the latest `limit` of them, newest first."""
    kudos = Kudos.objects.filter(organisation=organisation, receiver_id=person_id)
    latest = kudos.select_related("giver").order_by("-created_at", "-pk")[:limit]
    return kudos.count(), [_kudos(item) for item in latest]


def points_given(*, organisation: Organisation) -> bool:
    """Whether the organisation's ledger holds any points yet."""
    return PointsEntry.objects.filter(organisation=organisation).exists()


def points_total(*, organisation: Organisation, person_id: int, until: date | None = None) -> int:
    """The person's points balance on the organisation's ledger (reversals included), counting
    the entries dated by the end of `until` when given."""
    entries = PointsEntry.objects.filter(organisation=organisation, person_id=person_id)
    if until is not None:
        entries = entries.filter(occurred_on__lte=until)
    return int(entries.aggregate(total=Sum("points"))["total"] or 0)


@dataclass(frozen=True)
class SpotlightPosted:
    """`author_id` put `contributor_id` in the spotlight on `posted_on`."""

    spotlight_id: int
    author_id: int
    contributor_id: int
    posted_on: date


def spotlights_posted(
    *, organisation: Organisation, since: date, until: date
) -> list[SpotlightPosted]:
    """Spotlights posted from `since` to `until` (both days included), oldest first."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
    spotlights = Spotlight.objects.filter(
        organisation=organisation, created_at__gte=start, created_at__lt=end
    ).order_by("created_at", "pk")
    return [
        SpotlightPosted(
            spotlight_id=spotlight.pk,
            author_id=spotlight.author_id,
            contributor_id=spotlight.contributor_id,
            posted_on=timezone.localtime(spotlight.created_at).date(),
        )
        for spotlight in spotlights
    ]
