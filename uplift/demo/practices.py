"""The demo's practice library: eight cards the generated stars would write, most approved by a
sponsor (some with a second version and a conversation), two in review and a draft; and the
back-filled adoptions moved on — demonstrated in front of a manager, some habitual.

Everything goes through the services people use; each step looks at what exists first, so
`uplift demo` can run again without adding anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from uplift.analytics.behaviour.catalogue import is_behaviour_item
from uplift.demo.practice_cards import CARDS, DemoCard
from uplift.insights.models import AnalysisRun
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import drivers_of, segments_of
from uplift.insights.snapshots.documents import ComparedItem
from uplift.orgs.models import Organisation, Person, Role
from uplift.practices.access import can_confirm_adoption
from uplift.practices.adoptions import adoption_advance, adoption_start
from uplift.practices.card_fields import CardContent
from uplift.practices.facts import CONFIRM_AFTER_DAYS
from uplift.practices.habits import adoption_habit_check
from uplift.practices.models import Adoption, Practice, PracticeEvent
from uplift.practices.services import (
    EVIDENCE_FIELDS,
    practice_approve,
    practice_comment_create,
    practice_draft_create,
    practice_submit,
    practice_update,
)

if TYPE_CHECKING:
    from uplift.demo.steps import DemoState

DAYS_TO_SHOW = 21  # from practising to demonstrating it in a role play
DAYS_TO_HABIT = 45


def _people(organisation: Organisation) -> dict[str, Any]:
    people = Person.objects.filter(organisation=organisation, is_active=True)
    leaders = list(people.filter(role=Role.LEADER).order_by("manager_id", "crm_user_id"))
    if not leaders:
        raise RuntimeError("the demo organisation has no leader")
    run = analysis_latest(organisation=organisation)
    segments = segments_of(run)
    star_ids = [r.rep.rep_id for r in (segments.reps if segments else ()) if r.segment == "star"]
    by_crm = {p.crm_user_id: p for p in people if p.crm_user_id}
    stars = [by_crm[i] for i in star_ids if i in by_crm]
    return {
        "leaders": leaders,
        "admin": people.filter(role=Role.ADMIN).order_by("pk").first(),
        "stars": stars or list(people.filter(role=Role.REP).order_by("crm_user_id")[:4]),
        "reps": list(people.filter(role=Role.REP).order_by("email")),
        "drivers": _drivers(run),
    }


def _drivers(run: AnalysisRun | None) -> dict[str, ComparedItem]:
    """The behaviours the analysis compared between stars and core, by key (never an outcome,
    even from an older document that listed outcomes among its drivers)."""
    document = drivers_of(run)
    compared = document.drivers if document else ()
    return {d["behavior"]: d for d in compared if is_behaviour_item(d)}


def _truth(export: Path | None) -> dict[str, dict[str, Any]]:
    path = export / "truth.json" if export else None
    if path is None or not path.exists():
        return {}
    data = json.loads(path.read_text())
    return {p["practice"].lower(): p for p in data.get("practices", [])}


def card_evidence(card: DemoCard, drivers: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the analysis' drivers for the card's behaviours, as practice evidence; a
    behaviour the analysis could not compare (its export lacks the data) is left out."""
    keys = EVIDENCE_FIELDS
    rows = []
    for behaviour in card.behaviour_keys:
        driver = drivers.get(behaviour)
        if driver and driver.get("star") is not None and driver.get("core") is not None:
            rows.append({k: driver.get(k) for k in keys})
    return rows


def _contributors(
    index: int, card: DemoCard, cast: dict[str, Any], truth: dict[str, Any]
) -> list[Person]:
    stars: list[Person] = cast["stars"]
    by_email = {p.email: p for p in stars + cast["reps"]}
    planted = truth.get(card.title.lower(), {})
    first = by_email.get(planted.get("contributor_email", "")) or stars[index % len(stars)]
    second = stars[(index + 1) % len(stars)]
    return [first] if index % 3 or second == first else [first, second]


def _content(card: DemoCard) -> CardContent:
    return CardContent.from_mapping(vars(card))


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _backdate(practice: Practice, start: date) -> None:
    """A card written today in the demo gets the history it would have had."""
    today = timezone.localdate()
    start = min(start, today - timedelta(days=60))
    sent = start + timedelta(days=6)
    if practice.submitted_at and not practice.approved_at:
        # Still in review: sent a few days ago, so its sponsor's review is due in the coming week.
        sent = today - timedelta(days=2 + practice.pk % 4)
    Practice.objects.filter(pk=practice.pk).update(
        created_at=_moment(start),
        submitted_at=_moment(sent) if practice.submitted_at else None,
        approved_at=_moment(start + timedelta(days=13)) if practice.approved_at else None,
        updated_at=_moment(start + timedelta(days=40 if practice.version > 1 else 13)),
    )
    for offset, comment in enumerate(practice.comments.order_by("pk")):
        type(comment).objects.filter(pk=comment.pk).update(
            created_at=_moment(start + timedelta(days=20 + 2 * offset))
        )
    for offset, event in zip((0, 6, 13, 40), practice.events.order_by("pk"), strict=False):
        type(event).objects.filter(pk=event.pk).update(at=_moment(start + timedelta(days=offset)))
    if practice.submitted_at and not practice.approved_at:
        practice.events.filter(kind=PracticeEvent.Kind.SUBMITTED).update(at=_moment(sent))
    for offset, version in zip((13, 40), practice.versions.order_by("number"), strict=False):
        type(version).objects.filter(pk=version.pk).update(
            changed_at=_moment(start + timedelta(days=offset))
        )


def _card(index: int, card: DemoCard, cast: dict[str, Any], truth: dict[str, Any]) -> None:
    organisation = cast["stars"][0].organisation
    people = _contributors(index, card, cast, truth)
    author = people[0]
    # the review is independent: a leader who neither wrote the card nor is credited on it
    leaders = [p for p in cast["leaders"] if p not in people]
    if not leaders:
        raise RuntimeError(f"no leader is independent of the demo card {card.title!r}")
    sponsor = leaders[0] if index % 4 else leaders[-1]
    evidence = card_evidence(card, cast["drivers"])
    practice = Practice.objects.filter(organisation=organisation, title__iexact=card.title).first()
    fresh = practice is None or (practice.status == Practice.Status.DRAFT and not practice.problem)
    if practice is None:
        practice = practice_draft_create(
            organisation=organisation,
            author=author,
            content=_content(card),
            contributors=people,
            evidence=evidence,
        )
    elif fresh:  # a title the adoptions import created as an empty draft: it keeps its title
        editor = cast["admin"] or author
        content = _content(card).values()
        del content["title"]
        practice = practice_update(
            practice=practice,
            actor=editor,
            changes={**content, "evidence": evidence, "contributors": people},
        )
    if not fresh:
        return
    if card.status in ("in_review", "approved"):
        practice_submit(practice=practice, actor=cast["admin"] or author, sponsor=sponsor)
    if card.status == "approved":
        practice_approve(practice=practice, actor=sponsor, note="Thank you for sharing this.")
        if card.edit:
            practice_update(
                practice=practice, actor=author, changes=card.edit, summary=card.edit_summary
            )
    askers = [r for r in cast["reps"] if r not in people]
    for number, (question, answer) in enumerate(card.comments):
        asked = practice_comment_create(
            practice=practice,
            author=askers[(index + number) % len(askers)],
            body=question,
            is_question=True,
        )
        practice_comment_create(practice=practice, author=author, body=answer, parent=asked)
    contributed = truth.get(card.title.lower(), {}).get("contributed_on")
    start = date.fromisoformat(contributed) if contributed else None
    _backdate(practice, start or timezone.localdate() - timedelta(days=150 - 10 * index))


@transaction.atomic
def practice_cards_seed(state: DemoState) -> None:
    if state.organisation is None:
        raise RuntimeError("the import step must run first")
    cast = _people(state.organisation)
    truth = _truth(state.export)
    for index, card in enumerate(CARDS):
        _card(index, card, cast, truth)
    counts = {s: state.organisation.practices.filter(status=s).count() for s in Practice.Status}
    state.notes.append(
        f"practice library: {counts[Practice.Status.APPROVED]} approved, "
        f"{counts[Practice.Status.IN_REVIEW]} in review, {counts[Practice.Status.DRAFT]} draft"
    )


def _manager(person: Person) -> Person | None:
    manager = person.manager
    if manager is not None and can_confirm_adoption(manager, person):
        return manager
    return None


@transaction.atomic
def practice_adoptions_seed(state: DemoState) -> None:
    """The back-filled adopters who have practised for a month showed their manager (half of
    the newer ones did too), so a manager's list asks to confirm only what is recent; those
    whose numbers moved are habitual; a few more their manager vouches for. The demo rep plans
    two practices."""
    if state.organisation is None:
        raise RuntimeError("the import step must run first")
    today = timezone.localdate()
    adoptions = (
        Adoption.objects.filter(practice__organisation=state.organisation, source="import")
        .select_related("person__manager", "practice")
        .order_by("practice__title", "person__email")
    )
    for number, imported in enumerate(adoptions):
        adoption = imported
        manager = _manager(adoption.person)
        started = adoption.practising_on
        if manager is None or started is None:
            continue
        if number % 2 and started > today - timedelta(days=CONFIRM_AFTER_DAYS):
            continue
        if adoption.stage == Adoption.Stage.PRACTISING:
            shown = min(started + timedelta(days=DAYS_TO_SHOW), today)
            adoption = adoption_advance(
                adoption=adoption, actor=manager, stage="demonstrated", on=shown
            )
        if adoption.stage == Adoption.Stage.DEMONSTRATED:
            result = adoption_habit_check(adoption=adoption, actor=manager)
            if not result.moved and number % 4 == 0 and adoption.demonstrated_on:
                on = min(adoption.demonstrated_on + timedelta(days=DAYS_TO_HABIT), today)
                adoption_advance(
                    adoption=adoption,
                    actor=manager,
                    stage="habitual",
                    on=on,
                    note="Seen on every call review since the role play.",
                )
    _demo_rep_plans(state.organisation, today)
    moved = Adoption.objects.filter(practice__organisation=state.organisation)
    state.notes.append(
        "adoptions: "
        + ", ".join(f"{moved.filter(stage=s).count()} {s}" for s in Adoption.Stage.values)
    )


def _demo_rep_plans(organisation: Organisation, today: date) -> None:
    rep = (
        Person.objects.filter(
            organisation=organisation,
            role=Role.REP,
            is_active=True,
            team__manager__isnull=False,
            team__kind="team",
        )
        .order_by("team__name", "full_name")
        .first()
    )
    if rep is None:
        return
    wanted = ("Same-day first touch on new opportunities", "Discovery call agenda")
    for title in wanted:
        practice = Practice.objects.filter(
            organisation=organisation, title=title, status=Practice.Status.APPROVED
        ).first()
        if practice is None or practice.adoptions.filter(person=rep).exists():
            continue
        adoption = adoption_start(
            practice=practice, person=rep, actor=rep, on=today - timedelta(days=20)
        )
        if title == wanted[1]:
            adoption_advance(
                adoption=adoption, actor=rep, stage="practising", on=today - timedelta(days=12)
            )


DEMO_STEPS: list[tuple[str, Callable[[DemoState], None]]] = [
    ("Practice library: cards, reviews, versions and comments", practice_cards_seed),
    ("Practice adoptions: demonstrated and habitual", practice_adoptions_seed),
]
