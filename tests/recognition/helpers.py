"""Records the recognition tests build on: practices with contributors, adoptions, kudos."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from uplift.orgs.models import Person
from uplift.practices.models import Adoption, Practice


def practice_make(
    *,
    author: Person,
    title: str,
    status: str = Practice.Status.APPROVED,
    contributors: Sequence[Person] = (),
) -> Practice:
    """A practice credited to its author and `contributors` (through `Practice.contributors` once
    the library records them; its author otherwise)."""
    practice = Practice.objects.create(
        organisation=author.organisation, title=title, status=status, created_by=author
    )
    if hasattr(practice, "contributors"):
        practice.contributors.add(author, *contributors)
    return practice


def adoption_make(
    *, practice: Practice, person: Person, on: date, stage: str = Adoption.Stage.PRACTISING
) -> Adoption:
    return Adoption.objects.create(practice=practice, person=person, stage=stage, practising_on=on)


def analysis_with(*, organisation: object, **parts: object) -> None:
    """A finished analysis whose snapshots are `parts` (kind -> document)."""
    from django.utils import timezone

    from uplift.insights.models import AnalysisRun, Snapshot

    run = AnalysisRun.objects.create(
        organisation=organisation,
        as_of=date(2026, 10, 31),
        status=AnalysisRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    for kind, data in parts.items():
        Snapshot.objects.create(run=run, kind=kind.replace("_", "-"), data=data)
