"""Writes of recognition: kudos, spotlights, and keeping the ledger and badges up to date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from uplift.coaching.facts import coaching_session_people, role_play_people
from uplift.core.queue import enqueue_once_on_commit
from uplift.core.refusals import Invalid, NotAllowed
from uplift.notifications.kinds import Kind as NotificationKind
from uplift.notifications.services import notify
from uplift.orgs.models import Organisation, Person, Role
from uplift.practices.access import can_view_practice
from uplift.practices.models import Practice
from uplift.recognition.badges import badges_award_earned
from uplift.recognition.evidence import spotlight_evidence
from uplift.recognition.ledger import LedgerSyncResult, ledger_sync
from uplift.recognition.models import (
    KUDOS_COMMENT_MAX,
    KUDOS_MESSAGE_MAX,
    SPOTLIGHT_MESSAGE_MAX,
    Kudos,
    KudosComment,
    KudosReaction,
    Spotlight,
)
from uplift.recognition.sources import contributors_by_practice
from uplift.recognition.webhooks import webhook_deliveries_queue

Reason = Kudos.Reason
MESSAGE_MIN = 3


@dataclass(frozen=True)
class SyncResult:
    ledger: LedgerSyncResult
    badges_awarded: int


def recognition_sync(*, organisation: Organisation) -> SyncResult:
    """Append the missing ledger entries, then award the badge levels now reached."""
    ledger = ledger_sync(organisation=organisation)
    return SyncResult(ledger=ledger, badges_awarded=badges_award_earned(organisation=organisation))


def recognition_sync_queue(*, organisation: Organisation) -> None:
    from uplift.recognition.tasks import recognition_sync_task

    enqueue_once_on_commit(recognition_sync_task, organisation.pk)


def _message(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) < MESSAGE_MIN:
        raise Invalid(f"Write a message of at least {MESSAGE_MIN} characters.", field="message")
    if len(text) > limit:
        raise Invalid(
            f"Keep the message under {limit} characters (it has {len(text)}).", field="message"
        )
    return text


def _session_check(reason: str, session_id: int | None, giver: Person, receiver: Person) -> None:
    """A coaching session or role play the two of them took part in."""
    if session_id is None:
        raise Invalid("Choose the session you are thanking them for.", field="session_id")
    if reason == Reason.COACHING:
        people = coaching_session_people(session_id=session_id)
    else:
        people = role_play_people(role_play_id=session_id)
    if people != frozenset((giver.pk, receiver.pk)):
        raise Invalid("That session is not one the two of you took part in.", field="session_id")


def kudos_give(
    *,
    giver: Person,
    receiver: Person,
    message: str,
    reason: str = Reason.GENERAL,
    practice: Practice | None = None,
    session_id: int | None = None,
    help_description: str = "",
    at: datetime | None = None,
    sync: bool = True,
) -> Kudos:
    """Thank a colleague in the same organisation (never oneself), for a practice the giver may
    see (the feed names it), a session the two of them took part in, help, or in general.

    `at` back-dates a kudos being recorded after the fact; `sync=False` leaves the ledger to a
    caller that brings it up to date itself once it has recorded many."""
    if giver.organisation_id is None or receiver.organisation_id != giver.organisation_id:
        raise Invalid("Kudos go to someone in your organisation.", field="receiver")
    if not receiver.is_active:
        raise Invalid(f"{receiver} is no longer active.", field="receiver")
    if receiver.pk == giver.pk:
        raise Invalid("Kudos are for someone else.", field="receiver")
    if reason not in Reason.values:
        raise Invalid("Choose what the kudos are for.", field="reason")
    text = _message(message, KUDOS_MESSAGE_MAX)
    help_description = help_description.strip()
    if len(help_description) > 200:
        raise Invalid(
            "Keep the description of the help under 200 characters.", field="help_description"
        )
    if reason == Reason.PRACTICE:
        if practice is None or not can_view_practice(giver, practice):
            raise Invalid("Choose the practice you are thanking them for.", field="practice")
    else:
        practice = None
    if reason in (Reason.COACHING, Reason.ROLE_PLAY):
        _session_check(reason, session_id, giver, receiver)
    else:
        session_id = None
    if reason == Reason.HELP and not help_description:
        raise Invalid("Say what help they gave.", field="help_description")
    with transaction.atomic():
        kudos = Kudos.objects.create(
            organisation_id=giver.organisation_id,
            giver=giver,
            receiver=receiver,
            message=text,
            reason=reason,
            practice=practice,
            session_id=session_id,
            help_description=help_description if reason == Reason.HELP else "",
            created_at=at or timezone.now(),
        )
        if sync:
            recognition_sync_queue(organisation=giver.organisation)  # type: ignore[arg-type]
        notify(
            recipient=receiver,
            kind=NotificationKind.KUDOS,
            text=f"{giver.full_name} gave you kudos: {text}",
            link=reverse("recognition_feed") + f"#kudos-{kudos.pk}",
        )
    return kudos


def spotlight_post(
    *,
    author: Person,
    contributor: Person,
    message: str,
    practice: Practice | None = None,
    at: datetime | None = None,
) -> Spotlight:
    """A leader's spotlight on a contributor, posted with its evidence (and to the chat webhooks
    configured by an admin, once committed)."""
    if author.role != Role.LEADER:
        raise NotAllowed("Spotlights are posted by leaders.")
    organisation = author.organisation
    if organisation is None or contributor.organisation_id != organisation.pk:
        raise Invalid("Choose someone in your organisation.", field="contributor")
    if contributor.pk == author.pk:
        raise Invalid("A spotlight is on someone else.", field="contributor")
    text = _message(message, SPOTLIGHT_MESSAGE_MAX)
    if practice is not None:
        if not can_view_practice(author, practice):
            raise Invalid("Choose a practice of your organisation.", field="practice")
        if practice.status == Practice.Status.DRAFT:
            raise Invalid(
                "A draft is not shared yet: choose a practice in review or approved.",
                field="practice",
            )
        credited = contributors_by_practice(organisation=organisation).get(practice.pk, ())
        if contributor.pk not in credited:
            raise Invalid(
                f"{contributor} is not a contributor of “{practice}”.", field="contributor"
            )
    evidence = spotlight_evidence(
        organisation=organisation, contributor=contributor, practice=practice
    )
    with transaction.atomic():
        spotlight = Spotlight.objects.create(
            organisation=organisation,
            author=author,
            contributor=contributor,
            practice=practice,
            message=text,
            evidence=evidence,
            created_at=at or timezone.now(),
        )
        webhook_deliveries_queue(spotlight=spotlight)
        notify(
            recipient=contributor,
            kind=NotificationKind.SPOTLIGHT,
            text=f"{author.full_name} put you in the spotlight: {text}",
            link=reverse("recognition_feed") + f"#spotlight-{spotlight.pk}",
        )
    return spotlight


# --- Reactions and comments on kudos ----------------------------------------------------------


def _responding(kudos: Kudos, person: Person) -> None:
    """Whoever may see a kudos may react to it and comment on it: everyone in its organisation
    (recognition is public inside an organisation)."""
    if person.organisation_id != kudos.organisation_id:
        raise NotAllowed("You may only respond to kudos of your own organisation.")


def kudos_reaction_toggle(*, kudos: Kudos, person: Person, kind: str) -> bool:
    """Add `person`'s reaction of this kind to the kudos, or take it back when they gave it
    already; True when the reaction is on afterwards. The receiver is told the first time."""
    if kudos_reaction_remove(kudos=kudos, person=person, kind=kind):
        return False
    kudos_reaction_add(kudos=kudos, person=person, kind=kind)
    return True


def _reaction_kind(kind: str) -> str:
    if kind not in KudosReaction.Kind.values:
        offered = ", ".join(KudosReaction.Kind.values)
        raise Invalid(f"Choose one of the reactions offered ({offered}).", field="kind")
    return kind


def kudos_reaction_add(*, kudos: Kudos, person: Person, kind: str) -> tuple[KudosReaction, bool]:
    """`person`'s reaction of this kind on the kudos, and whether it is new: giving one already
    given changes nothing. The receiver is told the first time."""
    _responding(kudos, person)
    _reaction_kind(kind)
    with transaction.atomic():
        given = KudosReaction.objects.filter(kudos=kudos, person=person, kind=kind).first()
        if given is not None:
            return given, False
        try:
            with transaction.atomic():
                reaction = KudosReaction.objects.create(kudos=kudos, person=person, kind=kind)
        except IntegrityError:  # the same reaction sent twice at once: it is on
            return KudosReaction.objects.get(kudos=kudos, person=person, kind=kind), False
        if person.pk != kudos.receiver_id:
            label = KudosReaction.Kind(kind).label
            notify(
                recipient=kudos.receiver,
                kind=NotificationKind.KUDOS_RESPONSE,
                text=f"{person.full_name} reacted “{label}” to the kudos from "
                f"{kudos.giver.full_name}",
                link=reverse("recognition_kudos", args=[kudos.pk]),
                key=f"kudos-reaction:{kudos.pk}:{person.pk}:{kind}",
            )
    return reaction, True


def kudos_reaction_remove(*, kudos: Kudos, person: Person, kind: str) -> bool:
    """Take back `person`'s own reaction of this kind; False when they had not given it. No one
    takes back another person's reaction."""
    _responding(kudos, person)
    _reaction_kind(kind)
    taken_back, _ = KudosReaction.objects.filter(kudos=kudos, person=person, kind=kind).delete()
    return bool(taken_back)


def kudos_comment_create(*, kudos: Kudos, author: Person, body: str) -> KudosComment:
    """A comment under a kudos (1 to KUDOS_COMMENT_MAX characters); the receiver is told."""
    _responding(kudos, author)
    text = body.strip()
    if not text:
        raise Invalid("Write a comment first.", field="body")
    if len(text) > KUDOS_COMMENT_MAX:
        raise Invalid(
            f"Keep a comment under {KUDOS_COMMENT_MAX} characters (it has {len(text)}).",
            field="body",
        )
    with transaction.atomic():
        comment = KudosComment.objects.create(kudos=kudos, author=author, body=text)
        if author.pk != kudos.receiver_id:
            notify(
                recipient=kudos.receiver,
                kind=NotificationKind.KUDOS_RESPONSE,
                text=f"{author.full_name} commented on the kudos from {kudos.giver.full_name}: "
                f"{text}",
                link=reverse("recognition_kudos", args=[kudos.pk]) + f"#comment-{comment.pk}",
            )
    return comment
