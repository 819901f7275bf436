"""What sharing initiatives record, as small typed facts for the packages above them.

The future-leaders analysis reads mentoring through `mentoring_given`: a check-in logged by an
agreed mentoring pair is help the mentor gave the mentee, beside coaching and role plays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from uplift.initiatives.models import CheckIn, Commitment, Initiative, MentoringPair, Partner
from uplift.initiatives.progress import State, commitment_statuses, state_counts
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


# --- What a person has to do next in sharing initiatives (the home pages' to-do lists) ----------


@dataclass(frozen=True)
class CommitmentOpen:
    """One of the person's commitments whose period is running and which the records do not keep
    yet: `achieved` of `target` by `ends_on`."""

    commitment_id: int
    initiative_id: int
    initiative_name: str
    label: str  # the kind's label: "Sessions hosted"
    target: int
    achieved: int
    ends_on: date


def commitments_open(*, person_id: int, today: date) -> list[CommitmentOpen]:
    """The person's commitments due in running initiatives, soonest end first (the records that
    keep one take it off; so does the end of its period, when it is missed)."""
    found: list[CommitmentOpen] = []
    commitments = Commitment.objects.filter(
        person_id=person_id,
        initiative__status=Initiative.Status.RUNNING,
        starts_on__lte=today,
        ends_on__gte=today,
    ).select_related("initiative__organisation", "person")
    by_initiative: dict[int, list[Commitment]] = {}
    for commitment in commitments:
        by_initiative.setdefault(commitment.initiative_id, []).append(commitment)
    for chosen in by_initiative.values():
        initiative = chosen[0].initiative
        found.extend(
            CommitmentOpen(
                commitment_id=status.commitment_id,
                initiative_id=initiative.pk,
                initiative_name=initiative.name,
                label=status.label,
                target=status.target,
                achieved=status.achieved,
                ends_on=status.ends_on,
            )
            for status in commitment_statuses(initiative, chosen, today=today)
            if status.state == State.DUE
        )
    return sorted(found, key=lambda c: (c.ends_on, c.commitment_id))


@dataclass(frozen=True)
class InvitationOpen:
    """The person was invited to partner in a running initiative and has not answered."""

    initiative_id: int
    initiative_name: str
    invited_on: date


def invitations_open(*, person_id: int) -> list[InvitationOpen]:
    """The person's unanswered invitations to running initiatives, oldest first."""
    partners = (
        Partner.objects.filter(
            person_id=person_id,
            status=Partner.Status.INVITED,
            initiative__status=Initiative.Status.RUNNING,
        )
        .select_related("initiative")
        .order_by("invited_at", "pk")
    )
    return [
        InvitationOpen(
            initiative_id=p.initiative_id,
            initiative_name=p.initiative.name,
            invited_on=timezone.localtime(p.invited_at).date(),
        )
        for p in partners
    ]


@dataclass(frozen=True)
class InitiativeLed:
    """A running initiative the person sponsors or launched, as its commitments stand today."""

    initiative_id: int
    name: str
    ends_on: date
    partners: int
    kept: int
    missed: int
    due: int
    next_period_end: date | None  # when the soonest period still running ends


def initiatives_led(*, person_id: int, today: date) -> list[InitiativeLed]:
    """The running initiatives the person sponsors or launched, soonest end first (closing one
    takes it off)."""
    initiatives = (
        Initiative.objects.filter(status=Initiative.Status.RUNNING)
        .filter(Q(sponsor_id=person_id) | Q(created_by_id=person_id))
        .select_related("organisation")
        .annotate(accepted=Count("partners", filter=Q(partners__status=Partner.Status.ACCEPTED)))
        .order_by("ends_on", "pk")
    )
    found = []
    for initiative in initiatives:
        commitments = initiative.commitments.filter(starts_on__lte=today).select_related("person")
        statuses = commitment_statuses(initiative, commitments, today=today)
        counts = state_counts(statuses)
        running = [s.ends_on for s in statuses if s.state == State.DUE]
        found.append(
            InitiativeLed(
                initiative_id=initiative.pk,
                name=initiative.name,
                ends_on=initiative.ends_on,
                partners=initiative.accepted,
                kept=counts[State.KEPT.value],
                missed=counts[State.MISSED.value],
                due=counts[State.DUE.value],
                next_period_end=min(running) if running else None,
            )
        )
    return found


def mentoring_check_ins_by(*, mentor_id: int) -> int:
    """How many check-ins the person held as the mentor of an agreed mentoring pair."""
    return (
        CheckIn.objects.filter(pair__mentor_id=mentor_id, pair__status=MentoringPair.Status.AGREED)
        .exclude(pair__mentee_id=mentor_id)
        .count()
    )
