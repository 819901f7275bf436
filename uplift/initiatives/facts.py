"""What sharing initiatives record, as small typed facts for the packages above them.

The future-leaders analysis reads mentoring through `mentoring_given`: a check-in logged by an
agreed mentoring pair is help the mentor gave the mentee, beside coaching and role plays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from uplift.initiatives.models import CheckIn, MentoringPair
from uplift.orgs.models import Organisation


@dataclass(frozen=True)
class MentoringGiven:
    """`mentor_id` met `mentee_id` on `held_on` (one check-in of an agreed pair)."""

    check_in_id: int
    mentor_id: int
    mentee_id: int
    mentee_name: str
    held_on: date


def mentoring_given(*, organisation: Organisation, until: date) -> list[MentoringGiven]:
    """Check-ins of agreed mentoring pairs up to `until`, oldest first."""
    check_ins = (
        CheckIn.objects.filter(
            pair__initiative__organisation=organisation,
            pair__status=MentoringPair.Status.AGREED,
            held_on__lte=until,
        )
        .select_related("pair__mentee")
        .order_by("held_on", "pk")
    )
    return [
        MentoringGiven(
            check_in_id=check_in.pk,
            mentor_id=check_in.pair.mentor_id,
            mentee_id=check_in.pair.mentee_id,
            mentee_name=check_in.pair.mentee.full_name,
            held_on=check_in.held_on,
        )
        for check_in in check_ins
        if check_in.pair.mentor_id != check_in.pair.mentee_id
    ]
