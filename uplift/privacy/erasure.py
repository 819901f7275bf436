"""Erasing a person: their identity becomes a pseudonym and the free text they wrote, or that
was written about them in their private records, is deleted. What others need stays consistent:
the records themselves (a session happened, kudos were given, a practice was adopted) remain,
attributed to the pseudonym, so counts, rates and other people's histories do not change. The
append-only points ledger is never edited: each of the person's entries gets a reversal row.

Declared once: `FREE_TEXT` names each kind of record, how it reaches the person, and the text
it holds. Text elsewhere that quotes the person's name or e-mail (a notification, another
person's notes, a stored analysis) has those words replaced by the pseudonym.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from uplift.audit.models import Action, AuditEvent
from uplift.audit.services import audit_record
from uplift.awards.models import AwardWinner, Nomination
from uplift.coaching.models import ActionItem, CoachingSession, RolePlayRating
from uplift.core.refusals import Conflict
from uplift.debriefs.models import Debrief
from uplift.development.models import Assessment, CheckIn, DevelopmentPlan, PlanComment, Rating
from uplift.initiatives.models import MentoringPair, Partner
from uplift.insights.erased import store_words_of
from uplift.insights.models import Snapshot
from uplift.notifications.models import Notification
from uplift.orgs.analytics_stores import StoreMissing, organisation_store
from uplift.orgs.models import Person
from uplift.practices.models import Adoption, PracticeComment
from uplift.recognition.ledger import points_entry_reverse
from uplift.recognition.models import Kudos, KudosComment, PointsEntry, Spotlight

ERASED_TEXT = "(erased)"


@dataclass(frozen=True)
class FreeText:
    """Records of `model` that hold free text by or about the person (`of(person)`), and the
    fields to clear (`required` ones, which may not be blank, read ERASED_TEXT)."""

    model: type[models.Model]
    of: Callable[[Person], Q]
    fields: tuple[str, ...]
    required: tuple[str, ...] = ()


FREE_TEXT: tuple[FreeText, ...] = (
    FreeText(CoachingSession, lambda p: Q(rep=p), ("notes", "agenda", "call_reference")),
    FreeText(ActionItem, lambda p: Q(session__rep=p), (), ("title",)),
    FreeText(RolePlayRating, lambda p: Q(rater=p) | Q(session__rep=p), ("feedback",)),
    FreeText(Assessment, lambda p: Q(subject=p), ("summary",)),
    FreeText(Rating, lambda p: Q(assessment__subject=p), ("comment",)),
    FreeText(DevelopmentPlan, lambda p: Q(rep=p), (), ("goal",)),
    FreeText(CheckIn, lambda p: Q(plan__rep=p) | Q(author=p), ("notes",)),
    FreeText(PlanComment, lambda p: Q(plan__rep=p) | Q(author=p), (), ("body",)),
    FreeText(Kudos, lambda p: Q(giver=p) | Q(receiver=p), (), ("message",)),
    FreeText(KudosComment, lambda p: Q(author=p), (), ("body",)),
    FreeText(Spotlight, lambda p: Q(contributor=p), (), ("message",)),
    FreeText(PracticeComment, lambda p: Q(author=p), (), ("body",)),
    FreeText(Adoption, lambda p: Q(person=p), ("note",)),
    FreeText(Debrief, lambda p: Q(star=p), ("notes", "guide")),
    FreeText(Nomination, lambda p: Q(nominee=p) | Q(nominator=p), (), ("reason",)),
    FreeText(AwardWinner, lambda p: Q(nominee=p), (), ("citation",)),
    FreeText(Partner, lambda p: Q(person=p), ("answer_note",)),
    FreeText(MentoringPair, lambda p: Q(mentor=p) | Q(mentee=p), ("goal",)),
)
# Never rewritten: the append-only ledger and trail (neither holds names), secrets.
NOT_REWRITTEN = {PointsEntry, AuditEvent, Person}


@dataclass
class ErasureResult:
    pseudonym: str
    texts_cleared: dict[str, int] = field(default_factory=dict)
    mentions_replaced: int = 0
    snapshots_rewritten: int = 0
    points_reversed: int = 0
    notifications_deleted: int = 0


def pseudonym_of(person: Person) -> tuple[str, str]:
    return f"Erased person {person.pk}", f"erased-{person.pk}@erased.invalid"


def _clear(spec: FreeText, rows: QuerySet[Any]) -> int:
    values: dict[str, Any] = dict.fromkeys(spec.fields, "")
    values |= dict.fromkeys(spec.required, ERASED_TEXT)
    if not values:
        return 0
    return int(rows.update(**values))


def _rewrite_mentions(person: Person, words: list[tuple[str, str]]) -> int:
    """Replace the person's name and e-mail in every text column of Uplift's records."""
    changed = 0
    for model in apps.get_models():
        if not model.__module__.startswith("uplift.") or model in NOT_REWRITTEN:
            continue
        texts = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.name.endswith("_encrypted")
            and not f.choices
        ]
        for f in texts:
            for old, _ in words:
                hits = model._default_manager.filter(**{f"{f.name}__icontains": old})
                for obj in hits:
                    text = getattr(obj, f.attname)
                    for before, after in words:
                        text = _replace(text, before, after)
                    setattr(obj, f.attname, text)
                    model._default_manager.filter(pk=obj.pk).update(**{f.attname: text})
                    changed += 1
    return changed


def _replace(text: str, old: str, new: str) -> str:
    lower, target = text.lower(), old.lower()
    out, start = [], 0
    while (found := lower.find(target, start)) != -1:
        out.append(text[start:found] + new)
        start = found + len(old)
    out.append(text[start:])
    return "".join(out)


def _rewrite_snapshots(person: Person, words: list[tuple[str, str]]) -> int:
    rewritten = 0
    if person.organisation_id is None:
        return 0
    for snapshot in Snapshot.objects.filter(run__organisation_id=person.organisation_id).iterator():
        text = json.dumps(snapshot.data, ensure_ascii=False)
        if not any(old.lower() in text.lower() for old, _ in words):
            continue
        for old, new in words:
            text = _replace(text, old, new)
        Snapshot.objects.filter(pk=snapshot.pk).update(data=json.loads(text))
        rewritten += 1
    return rewritten


def _store_words(person: Person, name: str, email: str) -> tuple[tuple[str, str], ...]:
    """What the analytics store's copy of the CRM calls the person, when that differs from
    Uplift's (the HR roster or the directory renamed them): stored analyses quote it too."""
    if person.organisation is None or not person.crm_user_id:
        return ()
    try:
        with organisation_store(person.organisation) as backend:
            found = store_words_of(backend=backend, pseudonyms={person.crm_user_id: (name, email)})
    except StoreMissing:
        return ()
    return found.replacements


def person_erase(*, person: Person, by: Person | None) -> ErasureResult:
    """Erase the person's identity and free text, in one transaction (all or nothing)."""
    if person.erased_at is not None:
        raise Conflict(f"{person.full_name} was erased already.", code="already_erased")
    name, email = pseudonym_of(person)
    words = [(w, new) for w, new in ((person.email, email), (person.full_name, name)) if w]
    words += [pair for pair in _store_words(person, name, email) if pair[0] not in dict(words)]
    result = ErasureResult(pseudonym=name)
    with transaction.atomic():
        for spec in FREE_TEXT:
            rows = spec.model._default_manager.filter(spec.of(person)).distinct()
            ids = list(rows.values_list("pk", flat=True))
            cleared = _clear(spec, spec.model._default_manager.filter(pk__in=ids))
            if cleared:
                result.texts_cleared[spec.model._meta.label_lower] = cleared
        result.notifications_deleted = Notification.objects.filter(recipient=person).delete()[0]
        for entry in PointsEntry.objects.filter(
            person=person, reverses__isnull=True, reversed_by__isnull=True
        ):
            points_entry_reverse(entry=entry, by=by, reason="Personal data erased")
            result.points_reversed += 1
        result.snapshots_rewritten = _rewrite_snapshots(person, words)
        result.mentions_replaced = _rewrite_mentions(person, words)
        person.full_name = name
        person.email = email
        person.title = ""
        person.time_zone = ""
        person.external_id = ""
        person.is_active = False
        person.erased_at = timezone.now()
        person.set_unusable_password()
        person.save()
        person.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(
            action=Action.PERSON_ERASED,
            actor=by,
            subject=person,
            organisation_id=person.organisation_id,
            detail=f"{sum(result.texts_cleared.values())} texts cleared, "
            f"{result.points_reversed} points entries reversed",
        )
    return result
