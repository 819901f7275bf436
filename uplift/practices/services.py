"""Writes to practice cards: drafts, edits (versioned once approved), review and approval,
retirement and comments. Every write keeps the search index in step."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from uplift.core.refusals import Invalid, NotAllowed
from uplift.notifications.kinds import Kind as NotificationKind
from uplift.notifications.services import notify
from uplift.orgs.models import Organisation, Person
from uplift.practices import access as practice_access
from uplift.practices.card_fields import (
    CARD_FIELDS,
    CardContent,
    CardField,
    FieldKind,
    changes_in_words,
)
from uplift.practices.models import (
    Practice,
    PracticeComment,
    PracticeEvent,
    PracticeEvidence,
    PracticeVersion,
)
from uplift.practices.search import practice_search_index

MAX_COMMENT = 4_000


class PracticeError(Invalid):
    """A request that cannot be carried out as asked; the message says why."""


class SponsorError(PracticeError):
    """The chosen sponsor may not review the card (not a leader, or not independent of it)."""


def _clean_text(name: str, value: str, *, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise PracticeError(f"The {name.replace('_', ' ')} is longer than {limit} characters.")
    return value


def _clean_tags(kind: str, tags: Iterable[str], known: Mapping[str, str]) -> list[str]:
    cleaned: list[str] = []
    for tag in tags:
        slug = (tag or "").strip().lower()
        if slug not in known:
            raise PracticeError(f"{tag!r} is not a {kind} tag. Use one of: {', '.join(known)}.")
        if slug not in cleaned:
            cleaned.append(slug)
    return cleaned


def _clean_field(field: CardField, value: Any) -> Any:
    """A content field's value as stored: tags from the field's vocabulary (lower-cased, once
    each), text trimmed (a one-line field's runs of spaces collapsed) and within its length."""
    if field.is_tags:
        return _clean_tags(field.tag_noun, value or (), field.vocabulary)
    if field.kind == FieldKind.TEXT:
        value = " ".join((value or "").split())
    value = _clean_text(field.name, value, limit=field.max_length)
    if field.required and not value:
        raise PracticeError(f"A practice needs a {field.label.lower()}.")
    return value


def _clean_content(content: CardContent) -> dict[str, Any]:
    return {field.name: _clean_field(field, getattr(content, field.name)) for field in CARD_FIELDS}


def _number(row: Mapping[str, Any], key: str, *, required: bool) -> float | None:
    value = row.get(key)
    if value is None or value == "":
        if required:
            raise PracticeError(f"Evidence row {row.get('behavior')!r} needs a {key!r} number.")
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise PracticeError(f"Evidence {key!r} must be a number, not {value!r}.") from None


def _clean_evidence(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in rows:
        behavior = str(row.get("behavior") or "").strip()
        if not behavior:
            raise PracticeError("Each evidence row names its behaviour ('behavior').")
        if behavior in seen:
            continue
        seen.add(behavior)
        counts = {k: row.get(k) for k in ("n_star", "n_core")}
        cleaned.append(
            {
                "behavior": behavior,
                "label": str(row.get("label") or behavior.replace("_", " ").capitalize())[:200],
                "star": _number(row, "star", required=True),
                "core": _number(row, "core", required=True),
                "effect_size": _number(row, "effect_size", required=False),
                "adjusted_difference": _number(row, "adjusted_difference", required=False),
                "q_value": _number(row, "q_value", required=False),
                **{k: int(v) if v not in (None, "") else None for k, v in counts.items()},
            }
        )
    return cleaned


def _save_evidence(practice: Practice, rows: list[dict[str, Any]]) -> None:
    practice.evidence.all().delete()
    PracticeEvidence.objects.bulk_create(
        PracticeEvidence(practice=practice, position=index, **row) for index, row in enumerate(rows)
    )


# What a practice keeps of each drivers row it cites (one star-vs-core comparison).
EVIDENCE_FIELDS = (
    "behavior",
    "label",
    "star",
    "core",
    "effect_size",
    "adjusted_difference",
    "q_value",
    "n_star",
    "n_core",
)


def _evidence_rows(practice: Practice) -> list[dict[str, Any]]:
    return [{f: getattr(e, f) for f in EVIDENCE_FIELDS} for e in practice.evidence.all()]


def _event(practice: Practice, kind: str, actor: Person | None, note: str = "") -> None:
    PracticeEvent.objects.create(practice=practice, kind=kind, actor=actor, note=note)


def _same_org(organisation: Organisation, people: Iterable[Person]) -> list[Person]:
    chosen = list(dict.fromkeys(people))
    if any(p.organisation_id != organisation.pk for p in chosen):
        raise PracticeError("Contributors must be people of the same organisation.")
    return chosen


@transaction.atomic
def practice_draft_create(
    *,
    organisation: Organisation,
    author: Person,
    content: CardContent,
    contributors: Iterable[Person] = (),
    evidence: Sequence[Mapping[str, Any]] = (),
) -> Practice:
    """A new draft card saying `content`. The author is always among the contributors."""
    values = _clean_content(content)
    title = values["title"]
    if Practice.objects.filter(organisation=organisation, title__iexact=title).exists():
        raise PracticeError(f"A practice called {title!r} already exists.")
    people = _same_org(organisation, [author, *contributors])
    rows = _clean_evidence(evidence)
    practice = Practice(organisation=organisation, created_by=author, **values)
    try:
        with transaction.atomic():
            practice.save()
    except IntegrityError:
        raise PracticeError(f"A practice called {title!r} already exists.") from None
    practice.contributors.set(people)
    _save_evidence(practice, rows)
    _event(practice, PracticeEvent.Kind.CREATED, author)
    practice_search_index(practice=practice)
    return practice


def _snapshot(practice: Practice) -> dict[str, Any]:
    data: dict[str, Any] = {field.name: getattr(practice, field.name) for field in CARD_FIELDS}
    data["evidence"] = _evidence_rows(practice)
    return data


def _version_create(
    practice: Practice, *, actor: Person | None, summary: str, changed: list[str]
) -> PracticeVersion:
    practice.version += 1
    practice.save(update_fields=["version"])
    return PracticeVersion.objects.create(
        practice=practice,
        number=practice.version,
        changed_by=actor,
        summary=summary[:300],
        changed_fields=changed,
        **_snapshot(practice),
    )


def _contributors_set(practice: Practice, contributors: Iterable[Person]) -> None:
    """Credit these people (the author always stays). Once a card is in review or approved, its
    sponsor stays independent of it and cannot be added."""
    people = _same_org(practice.organisation, contributors)
    if practice.created_by is not None and practice.created_by not in people:
        people.insert(0, practice.created_by)
    sponsor = practice.sponsor
    if sponsor is not None and practice.status != Practice.Status.DRAFT and sponsor in people:
        raise SponsorError(
            f"{sponsor.full_name} sponsors this practice and reviews it independently, "
            "so cannot also be credited as a contributor."
        )
    practice.contributors.set(people)


@transaction.atomic
def practice_update(
    *,
    practice: Practice,
    actor: Person,
    changes: Mapping[str, Any],
    summary: str = "",
) -> Practice:
    """Edit a card. `changes` holds any of the card's content fields (`CARD_FIELDS`), `evidence`
    and `contributors`. An edit of an approved card is published as a new version."""
    if not practice_access.can_edit_practice(actor, practice):
        raise NotAllowed("You may not edit this practice.")
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    before = _snapshot(practice)
    for field in CARD_FIELDS:
        if field.name in changes:
            setattr(practice, field.name, _clean_field(field, changes[field.name]))
    if "title" in changes:
        clash = Practice.objects.filter(
            organisation_id=practice.organisation_id, title__iexact=practice.title
        )
        if clash.exclude(pk=practice.pk).exists():
            raise PracticeError(f"A practice called {practice.title!r} already exists.")
    if "evidence" in changes:
        _save_evidence(practice, _clean_evidence(changes["evidence"]))
    if "contributors" in changes:
        _contributors_set(practice, changes["contributors"])
    after = _snapshot(practice)
    changed = [name for name in after if after[name] != before[name]]
    if not changed and "contributors" not in changes:
        return practice
    practice.updated_at = timezone.now()
    practice.save()
    summary = _clean_text("summary", summary, limit=300)
    if changed and practice.status == Practice.Status.APPROVED:
        _version_create(practice, actor=actor, summary=summary or "Edited", changed=changed)
    _event(practice, PracticeEvent.Kind.EDITED, actor, summary or changes_in_words(changed))
    practice_search_index(practice=practice)
    return practice


@transaction.atomic
def practice_submit(*, practice: Practice, actor: Person, sponsor: Person) -> Practice:
    """Send a draft for review to the leader who will sponsor it: an active leader who is
    neither its author nor one of its contributors, so the review is independent."""
    if not practice_access.can_submit_practice(actor, practice):
        raise NotAllowed("Only a draft's author, contributors or an admin may submit it.")
    refusal = practice_access.sponsor_refusal(sponsor, practice)
    if refusal:
        raise SponsorError(refusal)
    if not (practice.problem and practice.steps):
        raise PracticeError("Say what problem the practice solves and its steps before review.")
    practice.status = Practice.Status.IN_REVIEW
    practice.sponsor = sponsor
    practice.submitted_at = timezone.now()
    practice.save(update_fields=["status", "sponsor", "submitted_at"])
    _event(practice, PracticeEvent.Kind.SUBMITTED, actor, f"Sponsor: {sponsor.full_name}")
    notify(
        recipient=sponsor,
        kind=NotificationKind.PRACTICE_REVIEW,
        text=f"Review “{practice.title}” as its sponsor",
        body=(
            f"{actor.full_name} sent the practice “{practice.title}” for your review as its "
            "sponsor. Approve it to publish it to everyone, or send it back saying why."
        ),
        link=reverse("practice_detail", args=[practice.pk]),
    )
    return practice


def _tell_authors(practice: Practice, actor: Person, text: str, body: str = "") -> None:
    """The card's author and contributors hear the sponsor's decision."""
    authors = {
        *practice.contributors.all(),
        *([practice.created_by] if practice.created_by else []),
    }
    for person in authors - {actor}:
        notify(
            recipient=person,
            kind=NotificationKind.PRACTICE_DECISION,
            text=text,
            body=body,
            link=reverse("practice_detail", args=[practice.pk]),
        )


@transaction.atomic
def practice_approve(*, practice: Practice, actor: Person, note: str = "") -> Practice:
    """The sponsor approves: the card is published to the organisation as version 1 (or the
    next version when it was sent back after an earlier approval)."""
    if not practice_access.can_review_practice(actor, practice):
        raise NotAllowed("Only the named sponsor may approve this practice.")
    practice.status = Practice.Status.APPROVED
    practice.approved_at = timezone.now()
    practice.review_note = ""
    practice.save(update_fields=["status", "approved_at", "review_note"])
    _version_create(practice, actor=actor, summary=note or "Approved", changed=[])
    _event(practice, PracticeEvent.Kind.APPROVED, actor, _clean_text("note", note, limit=2000))
    _tell_authors(practice, actor, f"{actor.full_name} approved “{practice.title}”", note)
    return practice


@transaction.atomic
def practice_send_back(*, practice: Practice, actor: Person, reason: str) -> Practice:
    """The sponsor returns the card to its authors as a draft, saying why."""
    if not practice_access.can_review_practice(actor, practice):
        raise NotAllowed("Only the named sponsor may send this practice back.")
    reason = _clean_text("reason", reason, limit=2000)
    if not reason:
        raise PracticeError("Say why the practice goes back, so its authors can act on it.")
    practice.status = Practice.Status.DRAFT
    practice.review_note = reason
    practice.save(update_fields=["status", "review_note"])
    _event(practice, PracticeEvent.Kind.SENT_BACK, actor, reason)
    _tell_authors(practice, actor, f"{actor.full_name} sent “{practice.title}” back", reason)
    return practice


@transaction.atomic
def practice_retire(*, practice: Practice, actor: Person, reason: str = "") -> Practice:
    """Take an approved card out of the library; its adoptions and history stay."""
    if not practice_access.can_retire_practice(actor, practice):
        raise NotAllowed("Only an admin or the sponsor may retire an approved practice.")
    practice.status = Practice.Status.RETIRED
    practice.retired_at = timezone.now()
    practice.save(update_fields=["status", "retired_at"])
    _event(practice, PracticeEvent.Kind.RETIRED, actor, _clean_text("reason", reason, limit=2000))
    return practice


@transaction.atomic
def practice_comment_create(
    *,
    practice: Practice,
    author: Person,
    body: str,
    parent: PracticeComment | None = None,
    is_question: bool = False,
) -> PracticeComment:
    """A comment or question on a card; a reply answers a top-level comment."""
    if not practice_access.can_view_practice(author, practice):
        raise NotAllowed("You may not comment on this practice.")
    body = _clean_text("comment", body, limit=MAX_COMMENT)
    if not body:
        raise PracticeError("A comment needs some text.")
    if parent is not None:
        if parent.practice_id != practice.pk:
            raise PracticeError("The comment you reply to is on another practice.")
        parent = parent.parent or parent  # replies stay one level deep
        is_question = False
    return PracticeComment.objects.create(
        practice=practice, author=author, body=body, parent=parent, is_question=is_question
    )
