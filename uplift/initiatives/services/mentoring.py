"""Writes for mentoring: a partner proposes to mentor a core rep, the rep's manager agrees (or
not), and the pair logs short check-ins."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from uplift.core.refusals import NotAllowed
from uplift.initiatives import access
from uplift.initiatives.errors import InitiativeConflict, InitiativeError
from uplift.initiatives.models import CheckIn, Initiative, InitiativeEvent, MentoringPair
from uplift.orgs.models import Person, Role

MAX_GOAL = 300
MAX_NOTE = 500


@transaction.atomic
def pair_propose(
    *, initiative: Initiative, mentor: Person, mentee: Person, goal: str = ""
) -> MentoringPair:
    """A partner proposes to mentor a rep; the rep's manager agrees before it counts."""
    if not initiative.is_running:
        raise InitiativeConflict("This initiative is closed.", code="closed")
    if not access.is_partner(mentor, initiative):
        raise NotAllowed("The initiative's partners mentor.")
    if mentee.organisation_id != initiative.organisation_id or not mentee.is_active:
        raise InitiativeError("The mentee is an active rep of your organisation.", field="mentee")
    if mentee.role != Role.REP or mentee.pk == mentor.pk:
        raise InitiativeError("Choose a rep other than yourself to mentor.", field="mentee")
    goal = " ".join(goal.split())
    if len(goal) > MAX_GOAL:
        raise InitiativeError(f"A goal has at most {MAX_GOAL} characters.", field="goal")
    pair, created = MentoringPair.objects.get_or_create(
        initiative=initiative, mentor=mentor, mentee=mentee, defaults={"goal": goal}
    )
    if not created and pair.status != MentoringPair.Status.DECLINED:
        raise InitiativeConflict(f"You proposed to mentor {mentee} already.", code="proposed")
    if not created:
        pair.status, pair.goal, pair.agreed_by, pair.agreed_at = (
            MentoringPair.Status.PROPOSED,
            goal,
            None,
            None,
        )
        pair.proposed_at = timezone.now()
        pair.save(update_fields=["status", "goal", "agreed_by", "agreed_at", "proposed_at"])
    return pair


@transaction.atomic
def pair_decide(*, pair: MentoringPair, actor: Person, agree: bool) -> MentoringPair:
    """The mentee's manager agrees to the pair or declines it."""
    if not access.can_agree_pair(actor, pair):
        raise NotAllowed("The mentee's manager agrees to a mentoring pair.")
    if pair.status != MentoringPair.Status.PROPOSED:
        raise InitiativeConflict(
            f"This pair is {pair.get_status_display().lower()} already.", code="decided"
        )
    pair.status = MentoringPair.Status.AGREED if agree else MentoringPair.Status.DECLINED
    pair.agreed_by = actor
    pair.agreed_at = timezone.now()
    pair.save(update_fields=["status", "agreed_by", "agreed_at"])
    if agree:
        InitiativeEvent.objects.create(
            initiative=pair.initiative,
            kind=InitiativeEvent.Kind.PAIRED,
            actor=actor,
            note=f"{pair.mentor} mentors {pair.mentee}",
        )
    return pair


def check_in_log(*, pair: MentoringPair, actor: Person, held_on: date, note: str) -> CheckIn:
    """The mentor or the mentee logs that they met, in a line or two."""
    if not access.can_log_check_in(actor, pair):
        raise NotAllowed("The mentor and the mentee log their check-ins.")
    if pair.status != MentoringPair.Status.AGREED:
        raise InitiativeConflict(
            "The mentee's manager has not agreed to this pair yet.", code="not_agreed"
        )
    if held_on > timezone.localdate():
        raise InitiativeError("A check-in is logged once it happened.", field="held_on")
    note = note.strip()
    if not note:
        raise InitiativeError("Say in a line what you worked on.", field="note")
    if len(note) > MAX_NOTE:
        raise InitiativeError(f"A check-in note has at most {MAX_NOTE} characters.", field="note")
    return CheckIn.objects.create(pair=pair, held_on=held_on, note=note, logged_by=actor)
