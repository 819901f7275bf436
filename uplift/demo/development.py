"""Demo history for development: the framework, two rounds of manager and self assessments, and
plans for about two thirds of the reps built around the library's approved practices, with
milestones (some done, some overdue), check-ins and comments. Idempotent: a rep who already has
assessments or a plan is left alone."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from uplift.demo.steps import DemoState
from uplift.development.models import Assessment, Competency, DevelopmentPlan, Milestone
from uplift.development.services import (
    PlanInput,
    assessment_create,
    check_in_create,
    competency_framework_ensure,
    milestone_create,
    milestone_set_done,
    plan_comment_create,
    plan_create,
)
from uplift.development.suggestions import focus_suggestions
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import segments_of
from uplift.orgs.models import Organisation, Person, Role
from uplift.practices.models import Practice

ROUNDS = (150, 45)  # days before today of the first and second round of assessments

MANAGER_NOTES: dict[str, tuple[str, str]] = {
    "prospecting": (
        "Sequences run, but openers are generic; no trigger events.",
        "Books first meetings steadily; researches the account before calling.",
    ),
    "discovery": (
        "Jumps to the demo in the first call; pain rarely quantified.",
        "Finds the business pain and gets a number on it in most first calls.",
    ),
    "qualification": (
        "Single-threaded on most deals; economic buyer often unknown.",
        "Knows the decision process on the deals I reviewed.",
    ),
    "presentation": (
        "Runs the standard deck whoever is in the room.",
        "Demo built around the buyer's workflows; good before/after story.",
    ),
    "objection_handling": (
        "Answers price objections with a discount too quickly.",
        "Asks what sits behind the concern before answering.",
    ),
    "negotiation": (
        "Concedes without trading; no walk-away prepared.",
        "Trades term for price; keeps me informed.",
    ),
    "closing": (
        "Close dates slip; no mutual plan with the buyer.",
        "Mutual close plans on the larger deals; dates hold.",
    ),
    "account_growth": (
        "Little contact after the first signature.",
        "Quarterly value reviews with two of the key accounts.",
    ),
}
# A plan's latest check-in is 4 to 27 days before the day the demo is set up: checked in on as
# a manager keeps a plan, a few due again in the coming week (CHECK_IN_EVERY_DAYS is 30).
LATEST_CHECK_IN_DAYS = range(4, 28)
CHECK_INS = (
    (
        "Went through two discovery calls together. Better questions on impact; still pitches "
        "before the pain is clear. Agreed to try the agenda on the next three first calls."
    ),
    (
        "Role-played the price objection. Much calmer; asked what the concern was before "
        "answering. Next: use it live on the renewal next week."
    ),
    (
        "Reviewed the pipeline: two deals now have a second contact. Keep going on "
        "multi-threading; shadow a star on one call."
    ),
)
REP_COMMENTS = (
    (
        "The agenda helps — buyers like knowing where the call is going. Can we review one of my "
        "calls together next week?"
    ),
    "I struggle to get a second contact on the smaller deals. Any tips from the team?",
    (
        "Happy with the focus. The milestone on the role play slipped because of quarter end; "
        "can we move it?"
    ),
)
MILESTONES = (
    ("Use the discovery agenda on three first calls", -40, True),
    ("Role-play the price objection with a peer", -12, False),
    ("Shadow a star on a late-stage call", 10, False),
    ("Add a second buyer contact on every deal over 20k", 25, False),
)


def _number(*parts: object) -> int:
    """A stable pseudo-random number from the parts (the demo is the same every run)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return int(digest[:8], 16)


def _reps(organisation: Organisation) -> list[Person]:
    return list(
        Person.objects.filter(
            organisation=organisation,
            role=Role.REP,
            is_active=True,
            manager__isnull=False,
            team__kind="team",
            team__manager__isnull=False,
        )
        .select_related("manager", "team")
        .order_by("team__name", "full_name")
    )


def _stars(organisation: Organisation) -> set[str]:
    segments = segments_of(analysis_latest(organisation=organisation))
    reps = segments.reps if segments else ()
    return {r.rep.rep_id for r in reps if r.segment == "star"}


def _levels(rep: Person, framework: list[Competency], star: bool) -> dict[str, int]:
    base = 4 if star else 3
    levels = {}
    for competency in framework:
        wobble = _number(rep.email, competency.slug) % 5  # 0..4
        level = base + (-1 if wobble == 0 else 1 if wobble == 4 else 0)
        if not star and wobble == 1:
            level -= 1
        levels[competency.slug] = max(1, min(5, level))
    return levels


def _assess(rep: Person, framework: list[Competency], star: bool, today: date) -> None:
    manager = rep.manager
    if manager is None or Assessment.objects.filter(subject=rep).exists():
        return
    by_slug = {c.slug: c for c in framework}
    first = _levels(rep, framework, star)
    overrates = _number(rep.email, "self") % 3 == 0  # a third of the reps rate themselves higher
    for round_index, days in enumerate(ROUNDS):
        on = today - timedelta(days=days + _number(rep.email, days) % 7)
        manager_levels = {
            slug: min(5, level + (1 if round_index and level <= 2 else 0))
            for slug, level in first.items()
        }
        ratings = {}
        for slug, level in manager_levels.items():
            note = MANAGER_NOTES.get(slug, ("", ""))[0 if level <= 2 else 1]
            ratings[by_slug[slug].pk] = (level, note if level <= 2 or level >= 4 else "")
        assessment_create(
            subject=rep,
            rater=manager,
            kind=Assessment.Kind.MANAGER,
            assessed_on=on,
            ratings=ratings,
            summary="Quarterly review of the competency rubric.",
        )
        self_ratings = {}
        for slug, level in manager_levels.items():
            shift = _number(rep.email, slug, "self") % 4
            bias = (
                (2 if shift == 0 else 1 if shift == 1 else 0)
                if overrates
                else (-1 if shift == 0 else 0)
            )
            self_ratings[by_slug[slug].pk] = (max(1, min(5, level + bias)), "")
        assessment_create(
            subject=rep,
            rater=rep,
            kind=Assessment.Kind.SELF,
            assessed_on=on + timedelta(days=2),
            ratings=self_ratings,
        )


def _practices_for(organisation: Organisation, slugs: list[str]) -> list[Practice]:
    approved = list(
        Practice.objects.filter(organisation=organisation, status=Practice.Status.APPROVED)
    )
    fitting = [p for p in approved if set(getattr(p, "competency_tags", []) or []) & set(slugs)]
    return (fitting or approved)[:2]


def _plan(rep: Person, index: int, today: date) -> DevelopmentPlan | None:
    manager = rep.manager
    organisation = rep.organisation
    if manager is None or organisation is None:
        return None
    if DevelopmentPlan.objects.filter(rep=rep).exists():
        return None
    suggested = [s.competency for s in focus_suggestions(rep=rep) if s.suggested][:3]
    focus = suggested or list(Competency.objects.filter(organisation=organisation)[:2])
    practices = _practices_for(organisation, [c.slug for c in focus])
    # Plans start before the analysis' last month, so that most have a month to read since.
    run = analysis_latest(organisation=organisation)
    anchor = min(today, run.as_of) if run is not None and run.as_of else today
    started = anchor - timedelta(days=40 + _number(rep.email, "plan") % 110)
    behaviour = (
        "contacts_per_opportunity"
        if any(c.slug in ("qualification", "account_growth") for c in focus)
        else "meetings_per_opportunity"
    )
    plan = plan_create(
        rep=rep,
        manager=manager,
        data=PlanInput(
            goal=f"One level up on {focus[0].name.lower()}"
            + (f" and {focus[1].name.lower()}" if len(focus) > 1 else "")
            + ", turning the practices below into habits that show in the numbers.",
            started_on=started,
            target_on=started + timedelta(days=120),
            competency_ids=[c.pk for c in focus],
            practice_ids=[p.pk for p in practices],
            behaviour_metric=behaviour,
            outcome_metric="win_rate",
        ),
    )
    if plan.behaviour_baseline is not None:
        plan.behaviour_target = round(max(plan.behaviour_baseline * 1.25, 0.5), 2)
    if plan.outcome_baseline is not None:
        plan.outcome_target = round(min(plan.outcome_baseline + 0.05, 1.0), 3)
    plan.save(update_fields=["behaviour_target", "outcome_target"])
    _milestones(plan, index, today, started)
    for held, notes in _check_ins(rep, index, today, started):
        check_in_create(plan=plan, author=manager, held_on=held, notes=notes)
    if index % 2 == 0:
        plan_comment_create(plan=plan, author=rep, body=REP_COMMENTS[index % len(REP_COMMENTS)])
        plan_comment_create(
            plan=plan, author=manager, body="Yes — let's pick one of next week's calls."
        )
    return plan


def _check_ins(rep: Person, index: int, today: date, started: date) -> list[tuple[date, str]]:
    """The plan's check-ins, three weeks apart and the latest a few days to four weeks before
    today, so that the demo stays current whenever it is set up: a manager has a plan or two to
    check in on in the coming week and none long overdue. None before the plan's first week."""
    spread = LATEST_CHECK_IN_DAYS
    latest = today - timedelta(days=spread[_number(rep.email, "check-in") % len(spread)])
    wanted = CHECK_INS[: 1 + index % 3]
    days = [latest - timedelta(days=21 * (len(wanted) - 1 - n)) for n in range(len(wanted))]
    first_allowed = started + timedelta(days=7)
    return [(day, notes) for day, notes in zip(days, wanted, strict=True) if day >= first_allowed]


def _milestones(plan: DevelopmentPlan, index: int, today: date, started: date) -> None:
    on_track = index % 12 != 0  # a plan in eight has a milestone overdue, the rest none
    for title, offset, done in MILESTONES:
        due = max(today + timedelta(days=offset), started + timedelta(days=7))
        milestone: Milestone = milestone_create(
            plan=plan, title=title, due_on=due, created_by=plan.manager
        )
        if (done or (on_track and due < today)) and due <= today:
            milestone_set_done(milestone=milestone, done_on=due - timedelta(days=1))


@transaction.atomic
def development_seed(state: DemoState) -> None:
    if state.organisation is None:
        raise RuntimeError("the import step must run first")
    organisation = state.organisation
    today = timezone.localdate()
    framework = competency_framework_ensure(organisation=organisation)
    stars = _stars(organisation)
    reps = _reps(organisation)
    for index, rep in enumerate(reps):
        if index % 6 == 5:  # most reps, not all: some have not been assessed yet
            continue
        _assess(rep, framework, rep.crm_user_id in stars, today)
    plans = 0
    for index, rep in enumerate(reps):
        if index % 3 == 2:
            continue
        if _plan(rep, index, today) is not None:
            plans += 1
    state.notes.append(
        f"development: {len(framework)} competencies, "
        f"{Assessment.objects.filter(organisation=organisation).count()} assessments, "
        f"{DevelopmentPlan.objects.filter(organisation=organisation).count()} plans "
        f"({plans} new)"
    )


DEMO_STEPS: list[tuple[str, Callable[[DemoState], None]]] = [
    ("Development: competency framework, assessments and plans", development_seed),
]
