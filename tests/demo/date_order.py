"""Every "happens after" relation between the demo's records, walked: a record that cites, follows
or decides on another is dated on or after it. Each problem reads as a sentence naming both
records and both dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

from django.utils import timezone

from uplift.awards.models import AwardEvent, Nomination
from uplift.coaching.models import ActionItem, CoachingSession, RolePlayRating, RolePlaySession
from uplift.debriefs.models import Debrief
from uplift.development.models import CheckIn, DevelopmentPlan, Milestone, PlanComment
from uplift.initiatives.models import CheckIn as MentoringCheckIn
from uplift.initiatives.models import (
    Commitment,
    Initiative,
    MentoringPair,
    Partner,
    SharingSession,
)
from uplift.insights.models import AnalysisRun
from uplift.orgs.models import Organisation
from uplift.practices.models import Adoption, Practice, PracticeComment, PracticeVersion
from uplift.pulse.models import PulseRound
from uplift.recognition.models import (
    BadgeAward,
    Kudos,
    KudosComment,
    KudosReaction,
    PointsEntry,
    Spotlight,
)

Moment = date | datetime | None
ISO_DAY = re.compile(r"\((\d{4}-\d{2}-\d{2})\)$")


def _day(value: Moment) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _before(earlier: Moment, later: Moment) -> bool:
    """Whether `earlier` is on or before `later` (to the day); unknown dates never fail."""
    first, second = _day(earlier), _day(later)
    return first is None or second is None or first <= second


def _problem(what: str, earlier: Moment, later: Moment) -> Iterator[str]:
    if not _before(earlier, later):
        yield f"{what}: {_day(earlier)} is after {_day(later)}"


def _practices(organisation: Organisation) -> Iterator[str]:
    for p in Practice.objects.filter(organisation=organisation):
        name = f"practice “{p.title}”"
        yield from _problem(
            f"{name} sent to review before it was written", p.created_at, p.submitted_at
        )
        yield from _problem(
            f"{name} approved before it was sent to review", p.submitted_at, p.approved_at
        )
        yield from _problem(f"{name} retired before it was approved", p.approved_at, p.retired_at)
    for v in PracticeVersion.objects.filter(practice__organisation=organisation).select_related(
        "practice"
    ):
        yield from _problem(
            f"a version of “{v.practice.title}” saved before the card was written",
            v.practice.created_at,
            v.changed_at,
        )
    for c in PracticeComment.objects.filter(practice__organisation=organisation).select_related(
        "practice", "parent"
    ):
        yield from _problem(
            f"a comment on “{c.practice.title}” written before the card",
            c.practice.created_at,
            c.created_at,
        )
        if c.parent is not None:
            yield from _problem(
                f"a reply on “{c.practice.title}” written before the comment it answers",
                c.parent.created_at,
                c.created_at,
            )
    for a in Adoption.objects.filter(practice__organisation=organisation).select_related(
        "practice"
    ):
        name = f"{a.person_id}'s adoption of “{a.practice.title}”"
        steps = [a.planned_on, a.practising_on, a.demonstrated_on, a.habitual_on]
        known = [s for s in steps if s is not None]
        if known != sorted(known):
            yield f"{name}: its stages are out of order ({steps})"
        if known:
            yield from _problem(
                f"{name} began before the card was written", a.practice.created_at, known[0]
            )


def _debriefs(organisation: Organisation) -> Iterator[str]:
    for d in Debrief.objects.filter(organisation=organisation).prefetch_related("practices"):
        name = f"debrief with {d.star_id} on {_day(d.scheduled_at)}"
        as_of = d.profile.get("as_of") if d.profile else None
        if as_of:
            yield from _problem(
                f"{name} cites an analysis made later", date.fromisoformat(as_of), d.scheduled_at
            )
        if d.status == Debrief.Status.COMPLETED:
            yield from _problem(
                f"{name} completed before it was held", d.scheduled_at, d.completed_at
            )
        for practice in d.practices.all():
            yield from _problem(
                f"{name} drafted “{practice.title}”, written before it",
                d.scheduled_at,
                practice.created_at,
            )


def _development(organisation: Organisation) -> Iterator[str]:
    for plan in DevelopmentPlan.objects.filter(rep__organisation=organisation):
        name = f"plan {plan.pk}"
        yield from _problem(f"{name} ends before it starts", plan.started_on, plan.target_on)
        yield from _problem(f"{name} closed before it started", plan.started_on, plan.closed_on)
    for m in Milestone.objects.filter(plan__rep__organisation=organisation).select_related("plan"):
        yield from _problem(
            f"milestone {m.pk} done before its plan started", m.plan.started_on, m.done_on
        )
    for c in CheckIn.objects.filter(plan__rep__organisation=organisation).select_related("plan"):
        yield from _problem(
            f"check-in {c.pk} held before its plan started", c.plan.started_on, c.held_on
        )
    comments = PlanComment.objects.filter(plan__rep__organisation=organisation)
    for comment in comments.select_related("plan"):
        yield from _problem(
            f"comment {comment.pk} on a plan written before it started",
            comment.plan.started_on,
            comment.created_at,
        )


def _coaching(organisation: Organisation) -> Iterator[str]:
    for item in ActionItem.objects.filter(session__organisation=organisation).select_related(
        "session"
    ):
        held = item.session.scheduled_at
        yield from _problem(f"action item {item.pk} due before its session", held, item.due_on)
        yield from _problem(f"action item {item.pk} done before its session", held, item.done_on)
    for r in RolePlaySession.objects.filter(organisation=organisation).select_related(
        "scenario", "previous", "coaching_session"
    ):
        name = f"role play {r.pk}"
        yield from _problem(
            f"{name} held before its scenario was written", r.scenario.created_at, r.held_at
        )
        if r.previous is not None:
            yield from _problem(
                f"{name} retried before the first attempt", r.previous.held_at, r.held_at
            )
    for rating in RolePlayRating.objects.filter(session__organisation=organisation).select_related(
        "session"
    ):
        yield from _problem(
            f"a rating of role play {rating.session_id} submitted before it was held",
            rating.session.held_at,
            rating.submitted_at,
        )


def _recognition(organisation: Organisation) -> Iterator[str]:
    sessions = dict(
        CoachingSession.objects.filter(organisation=organisation).values_list("pk", "scheduled_at")
    )
    role_plays = dict(
        RolePlaySession.objects.filter(organisation=organisation).values_list("pk", "held_at")
    )
    for k in Kudos.objects.filter(organisation=organisation).select_related("practice"):
        name = f"kudos {k.pk}"
        if k.practice is not None:
            yield from _problem(
                f"{name} thanks for “{k.practice.title}” before it was shared",
                k.practice.submitted_at or k.practice.created_at,
                k.created_at,
            )
        if k.session_id is not None:
            held = (
                sessions.get(k.session_id)
                if k.reason == Kudos.Reason.COACHING
                else role_plays.get(k.session_id)
            )
            yield from _problem(f"{name} thanks for a session held later", held, k.created_at)
    for model in (KudosReaction, KudosComment):
        responses = model.objects.filter(kudos__organisation=organisation)
        for kudos_id, given, answered in responses.values_list(
            "kudos_id", "kudos__created_at", "created_at"
        ):
            yield from _problem(f"a response to kudos {kudos_id} made before it", given, answered)
    for s in Spotlight.objects.filter(organisation=organisation).select_related("practice"):
        if s.practice is not None:
            yield from _problem(
                f"spotlight {s.pk} on “{s.practice.title}” before it was shared",
                s.practice.submitted_at or s.practice.created_at,
                s.created_at,
            )
    for e in PointsEntry.objects.filter(organisation=organisation):
        yield from _problem(
            f"points entry {e.pk} recorded before its event", e.occurred_on, e.created_at
        )
    for b in BadgeAward.objects.filter(level__badge__organisation=organisation):
        yield from _problem(f"badge award {b.pk} before the person joined", None, b.awarded_at)


def _evidence_days(evidence: list[dict[str, object]]) -> Iterator[tuple[str, date]]:
    for item in evidence:
        detail = str(item.get("detail", ""))
        match = ISO_DAY.search(detail) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", detail)
        if match:
            day = match.group(1) if match.re is ISO_DAY else match.group(0)
            yield str(item.get("label", "")), date.fromisoformat(day)


def _awards(organisation: Organisation) -> Iterator[str]:
    for event in AwardEvent.objects.filter(organisation=organisation):
        name = f"“{event.name}”"
        yield from _problem(f"{name} decided after its ceremony", event.decided_at, event.held_on)
        nominations = Nomination.objects.filter(category__event=event)
        for n in nominations:
            yield from _problem(
                f"a nomination for {name} made before the event was opened",
                event.created_at,
                n.created_at,
            )
            yield from _problem(
                f"a nomination for {name} made after it was decided", n.created_at, event.decided_at
            )
            for label, day in _evidence_days(n.evidence):
                yield from _problem(
                    f"a nomination for {name} cites “{label}”, dated later", day, n.created_at
                )
        for winner in event.categories.all().values_list("winner__decided_at", flat=True):
            yield from _problem(
                f"a winner of {name} decided after its ceremony", winner, event.held_on
            )


def _initiatives(organisation: Organisation) -> Iterator[str]:
    for i in Initiative.objects.filter(organisation=organisation):
        yield from _problem(f"initiative “{i.name}” ends before it starts", i.starts_on, i.ends_on)
    for p in Partner.objects.filter(initiative__organisation=organisation):
        yield from _problem(
            f"partner {p.pk} answered before being invited", p.invited_at, p.answered_at
        )
    for c in Commitment.objects.filter(initiative__organisation=organisation):
        yield from _problem(f"commitment {c.pk} ends before it starts", c.starts_on, c.ends_on)
    for pair in MentoringPair.objects.filter(initiative__organisation=organisation):
        yield from _problem(
            f"mentoring pair {pair.pk} agreed before it was proposed",
            pair.proposed_at,
            pair.agreed_at,
        )
    for check in MentoringCheckIn.objects.filter(
        pair__initiative__organisation=organisation
    ).select_related("pair"):
        yield from _problem(
            f"mentoring check-in {check.pk} held before the pair was agreed",
            check.pair.agreed_at,
            check.held_on,
        )
        yield from _problem(
            f"mentoring check-in {check.pk} logged before it was held",
            check.held_on,
            check.logged_at,
        )
    for s in SharingSession.objects.filter(initiative__organisation=organisation).select_related(
        "draft_practice"
    ):
        if s.draft_practice is not None:
            yield from _problem(
                f"sharing session {s.pk} drafted a practice written before it",
                s.scheduled_at,
                s.draft_practice.created_at,
            )


def _other(organisation: Organisation) -> Iterator[str]:
    for run in AnalysisRun.objects.filter(organisation=organisation):
        yield from _problem(
            f"analysis {run.pk} finished before it started", run.started_at, run.finished_at
        )
    for r in PulseRound.objects.filter(organisation=organisation):
        yield from _problem(f"pulse round {r.pk} closes before it opens", r.opens_on, r.closes_on)


def date_order_problems(*, organisation: Organisation) -> list[str]:
    """Every relation between the organisation's records that runs backwards in time."""
    return [
        *_practices(organisation),
        *_debriefs(organisation),
        *_development(organisation),
        *_coaching(organisation),
        *_recognition(organisation),
        *_awards(organisation),
        *_initiatives(organisation),
        *_other(organisation),
    ]
