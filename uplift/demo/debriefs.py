"""Demo history for debriefs: completed debriefs with the demo organisation's stars, each with
its guide, the interviewer's notes and the practice cards it produced, and one debrief coming up.

The generator's truth names which star contributed each planted practice and when; a debrief
with that star is placed a week before. When the star is not among the analysis' stars, another
star stands in. Those debriefs come before the CRM history Uplift can analyse, so they cite no
analysis (a debrief never cites numbers from after its day) and their guides come from the
sales-stage questions; the one coming up cites the latest analysis. Practice cards already in
the library (by title) are linked; missing ones are drafted through the same service the session
page uses. Running it again changes nothing.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from uplift.debriefs.models import Debrief
from uplift.debriefs.selectors import profiles_latest
from uplift.debriefs.services import (
    debrief_practice_create,
    debrief_practice_link,
    debrief_schedule,
    debrief_status_set,
    debrief_update,
)
from uplift.demo.organisation import ADMIN_EMAIL
from uplift.demo.steps import DemoState, DemoStep
from uplift.orgs.models import Organisation, Person, Role
from uplift.practices.card_fields import CardContent
from uplift.practices.models import Practice

# What each planted practice's debrief heard, and the card it produced when it is not there yet.
STORIES: dict[str, dict[str, Any]] = {
    "Multi-thread every deal above 50k": {
        "notes": (
            "- Never single-threaded above 50k: by the second meeting there is a second sponsor.\n"
            "- Asks the champion directly: 'Who else loses sleep over this if it goes wrong?'\n"
            "- Brings finance in before the proposal, not after: 'the CFO should never see our "
            "price for the first time in a PDF'.\n"
            "- Keeps a one-line map of every buyer, their stake and the last touch in the CRM.\n"
        ),
        "problem": "Large deals stall or die when our only contact leaves or loses the argument.",
        "when_to_use": "Every opportunity above 50k, from the first meeting.",
        "steps": (
            "In the first meeting, ask who else is affected by the problem.\n"
            "Get a second sponsor by the second meeting.\n"
            "Meet finance before you send a proposal.\n"
            "Keep the buyer map current in the CRM."
        ),
        "talk_tracks": "“Who else loses sleep over this if it goes wrong?”",
        "stage_tags": ["discovery", "qualification"],
        "competency_tags": ["qualification", "discovery"],
    },
    "Mutual close plan": {
        "notes": (
            "- Writes the close plan with the buyer in the meeting after the demo, in a shared "
            "doc.\n"
            "- Every step has an owner on their side and a date; legal and security are on it "
            "from the start.\n"
            "- Reviews the plan at the start of every call: 'are we still on for the 14th?'\n"
        ),
        "problem": "Deals slip at the end because the buyer's own steps were never agreed.",
        "when_to_use": "Once the buyer agrees there is a problem worth solving this quarter.",
        "steps": (
            "After the demo, draft the plan together: every step to signature.\n"
            "Name an owner on their side for each step, with a date.\n"
            "Open every call with the plan."
        ),
        "talk_tracks": "“Let's work back from the day you need this live.”",
        "stage_tags": ["proposal", "closing"],
        "competency_tags": ["closing", "negotiation"],
    },
    "Discovery call agenda": {
        "notes": (
            "- Sends a three-line agenda the day before every discovery call and asks the buyer "
            "to add one thing.\n"
            "- Spends the first ten minutes on their priorities, not our product.\n"
        ),
        "problem": "First calls drift into demos before we know what matters to the buyer.",
        "when_to_use": "Every first discovery call.",
        "steps": "Send the agenda the day before.\nAsk them to add one item.\nKeep to it.",
        "talk_tracks": "“Is there one thing you'd add so this is worth your half hour?”",
        "stage_tags": ["discovery"],
        "competency_tags": ["discovery"],
    },
}
DEBRIEFS = 3
INTERVIEW_HOUR = time(10, 0)
UPCOMING_IN_DAYS = 6


def _truth(state: DemoState) -> dict[str, Any]:
    if state.export is None:
        return {}
    path = state.export / "truth.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _people(organisation: Organisation) -> tuple[Person | None, Person | None]:
    people = Person.objects.filter(organisation=organisation, is_active=True)
    leader = people.filter(role=Role.LEADER, manager__isnull=True).order_by("crm_user_id").first()
    admin = people.filter(email=ADMIN_EMAIL).first()
    return leader, admin


def _stars(organisation: Organisation) -> list[Person]:
    document = profiles_latest(organisation=organisation)
    if document is None:
        return []
    found = Person.objects.filter(
        organisation=organisation, crm_user_id__in=list(document.by_rep_id()), is_active=True
    )
    order = {rep_id: i for i, rep_id in enumerate(document.by_rep_id())}
    return sorted(found, key=lambda p: order[p.crm_user_id])


def _plan(state: DemoState, stars: list[Person]) -> list[tuple[str, Person, date]]:
    """(practice, star, day of the debrief) for the planted practices, most recent last."""
    by_email = {p.email.lower(): p for p in stars}
    spare = list(stars)
    plan: list[tuple[str, Person, date]] = []
    for entry in _truth(state).get("practices", []):
        title = entry.get("practice")
        if title not in STORIES or len(plan) == DEBRIEFS:
            continue
        star = by_email.get(str(entry.get("contributor_email", "")).lower())
        if star is None or any(star == chosen for _, chosen, _ in plan):
            star = next((p for p in spare if all(p != s for _, s, _ in plan)), None)
        if star is None:
            break
        day = date.fromisoformat(entry["contributed_on"]) - timedelta(days=7)
        plan.append((title, star, day))
    return sorted(plan, key=lambda item: item[2])


def _held(
    *, leader: Person, admin: Person, title: str, star: Person, day: date, helper: Person | None
) -> None:
    when = datetime.combine(day, INTERVIEW_HOUR, tzinfo=UTC)
    if Debrief.objects.filter(
        organisation=leader.organisation, star=star, scheduled_at=when
    ).exists():
        return
    story = STORIES[title]
    debrief = debrief_schedule(
        scheduled_by=leader,
        star=star,
        interviewer=admin,
        scheduled_at=when,
        co_contributors=[helper] if helper else [],
        stages=story["stage_tags"],
    )
    debrief_update(debrief=debrief, actor=admin, notes=story["notes"])
    existing = Practice.objects.filter(
        organisation=leader.organisation, title__iexact=title
    ).first()
    if existing is not None:
        debrief_practice_link(debrief=debrief, actor=admin, practice=existing)
    else:
        debrief_practice_create(
            debrief=debrief,
            author=admin,
            content=CardContent.from_mapping({**story, "title": title}),
        )
    debrief_status_set(debrief=debrief, actor=admin, status=Debrief.Status.COMPLETED)
    # Recorded as it happened: scheduled a week before, completed when the interview ended.
    Debrief.objects.filter(pk=debrief.pk).update(
        created_at=when - timedelta(days=7),
        completed_at=when + timedelta(minutes=debrief.duration_minutes),
    )


def _upcoming(*, leader: Person, star: Person) -> None:
    if Debrief.objects.filter(star=star, status=Debrief.Status.SCHEDULED).exists():
        return
    day = timezone.now().date() + timedelta(days=UPCOMING_IN_DAYS)
    debrief_schedule(
        scheduled_by=leader,
        star=star,
        interviewer=leader,
        scheduled_at=datetime.combine(day, time(14, 0), tzinfo=UTC),
    )


@transaction.atomic
def seed(state: DemoState) -> None:
    organisation = state.organisation
    if organisation is None:
        raise RuntimeError("the import step must run first")
    leader, admin = _people(organisation)
    stars = _stars(organisation)
    if leader is None or admin is None or not stars:
        state.notes.append("debriefs: no stars or no leader and admin yet; nothing seeded")
        return
    plan = _plan(state, stars)
    debriefed = [star for _, star, _ in plan]
    others = [p for p in stars if p not in debriefed]
    for index, (title, star, day) in enumerate(plan):
        helper = others[index] if index == 0 and others else None
        _held(leader=leader, admin=admin, title=title, star=star, day=day, helper=helper)
    if others:
        _upcoming(leader=leader, star=others[-1])
    count = Debrief.objects.filter(organisation=organisation).count()
    state.notes.append(f"{count} debriefs with stars, with guides, notes and practice drafts")


DEMO_STEPS: list[DemoStep] = [("Debriefs with the stars", seed)]
