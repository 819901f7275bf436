"""Adopting a practice: planned → practising → demonstrated → habitual.

A rep moves their own adoption; their manager (anyone whose private scope holds the rep) may
move it for them. Only the manager confirms "demonstrated" (after a role play, say); who may do
what is in `uplift.practices.access`. "Habitual" is set by `uplift.practices.habits` when the
rep's behaviour moved, or by the manager with a note when there are no data. Each stage's date
is kept: `practising_on` is the adoption date the impact estimates use.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from uplift.core.refusals import NotAllowed
from uplift.orgs.models import Person
from uplift.practices.access import can_confirm_adoption, can_move_adoption
from uplift.practices.models import Adoption, Practice
from uplift.practices.services import PracticeError

STAGES: tuple[str, ...] = tuple(Adoption.Stage.values)
DATE_FIELDS = {
    Adoption.Stage.PLANNED: "planned_on",
    Adoption.Stage.PRACTISING: "practising_on",
    Adoption.Stage.DEMONSTRATED: "demonstrated_on",
    Adoption.Stage.HABITUAL: "habitual_on",
}
MAX_NOTE = 2000


def next_stage(adoption: Adoption) -> str | None:
    index = STAGES.index(adoption.stage)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


def _today(on: date | None) -> date:
    today = timezone.localdate()
    if on is not None and on > today:
        raise PracticeError("A stage cannot be reached in the future.")
    return on or today


@transaction.atomic
def adoption_start(
    *, practice: Practice, person: Person, actor: Person, on: date | None = None
) -> Adoption:
    """Plan to adopt an approved practice."""
    if not can_move_adoption(actor, person):
        raise NotAllowed("Only the rep or their manager may plan an adoption.")
    if person.organisation_id != practice.organisation_id:
        raise NotAllowed("That practice belongs to another organisation.")
    if practice.status != Practice.Status.APPROVED:
        raise PracticeError("Only approved practices can be adopted.")
    existing = Adoption.objects.filter(practice=practice, person=person).first()
    if existing is not None:
        raise PracticeError(
            f"{person.full_name} already has this practice ({existing.get_stage_display()})."
        )
    return Adoption.objects.create(
        practice=practice, person=person, stage=Adoption.Stage.PLANNED, planned_on=_today(on)
    )


@transaction.atomic
def adoption_advance(
    *, adoption: Adoption, actor: Person, stage: str, on: date | None = None, note: str = ""
) -> Adoption:
    """Move an adoption one stage on. Demonstrated and a habit without data are the manager's
    call; a habit shown by the data is set by `habits.adoption_habit_check`."""
    adoption = Adoption.objects.select_for_update().select_related("person").get(pk=adoption.pk)
    person = adoption.person
    if not can_move_adoption(actor, person):
        raise NotAllowed("Only the rep or their manager may move this adoption.")
    if stage not in STAGES:
        raise PracticeError(f"{stage!r} is not a stage. Stages: {', '.join(STAGES)}.")
    expected = next_stage(adoption)
    if stage != expected:
        now = adoption.get_stage_display().lower()
        if expected is None:
            raise PracticeError(f"This adoption is already {now}.")
        raise PracticeError(f"From {now} the next stage is {expected}, not {stage}.")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise PracticeError(f"The note is longer than {MAX_NOTE} characters.")
    if stage == Adoption.Stage.DEMONSTRATED:
        if not can_confirm_adoption(actor, person):
            raise NotAllowed("Only the rep's manager confirms a practice was demonstrated.")
        adoption.demonstrated_by = actor
    if stage == Adoption.Stage.HABITUAL:
        if not can_confirm_adoption(actor, person):
            raise NotAllowed(
                "A habit is shown by the rep's numbers, or confirmed by their manager."
            )
        if not note:
            raise PracticeError("Say what shows the habit when confirming it without data.")
        adoption.habitual_by = actor
        adoption.habitual_basis = "manager"
    when = _today(on)
    previous = getattr(adoption, DATE_FIELDS[adoption.stage])  # type: ignore[index]
    if previous is not None and when < previous:
        raise PracticeError(f"The date cannot be before the previous stage's ({previous}).")
    setattr(adoption, DATE_FIELDS[stage], when)  # type: ignore[index]
    adoption.stage = stage
    if note:
        adoption.note = note
    adoption.save()
    return adoption
