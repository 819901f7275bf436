"""A person's page: everything Uplift holds about them that the viewer may see, one section per
capability, each linking on to its own page.

The caller fetched the person through `uplift.orgs.access.access_person` (their private data is
the viewer's to see). Each section then follows its capability's own rule on top: coaching
sessions and role plays through `uplift.coaching.access` (the rep, their manager chain, coaches
and raters; not a leader who only leads their part of the organisation), debriefs through
`uplift.debriefs.access`, practice cards through `uplift.practices.access`. The number of
queries does not grow with the person's history: every list is cut to its latest few.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from uplift.coaching import access as coaching_access
from uplift.coaching.facts import HelpGiven, RolePlayScore, help_given_by, role_play_scores
from uplift.coaching.models import CoachingSession, RolePlaySession
from uplift.debriefs import access as debrief_access
from uplift.debriefs.models import Debrief
from uplift.debriefs.selectors import debriefs_on_record
from uplift.development.access import can_develop_rep
from uplift.development.models import DevelopmentPlan, Milestone
from uplift.development.selectors import plan_current, plan_next_milestones
from uplift.initiatives.facts import mentoring_check_ins_by
from uplift.orgs import access
from uplift.orgs.models import Person, Team
from uplift.orgs.selectors import manager_chain, team_path
from uplift.practices.access import practices_visible
from uplift.practices.models import Adoption, Practice
from uplift.practices.selectors import adoptions_of
from uplift.presenters import dashboards
from uplift.recognition.facts import KudosGiven, kudos_received_latest

LATEST = 3  # the latest few of each list; each section links to the page with all of them
PERFORMANCE_PARTS = ("segments", "gap", "scorecards", "trend")


@dataclass(frozen=True)
class Coaching:
    """The person's coaching the viewer may read: sessions and role plays."""

    in_full: bool  # the viewer reads all of it: the person or their manager chain
    session_count: int
    next_session: CoachingSession | None
    sessions: list[CoachingSession]  # the latest held or missed, newest first
    role_play_count: int
    role_plays: list[tuple[RolePlaySession, RolePlayScore]]  # newest first


@dataclass(frozen=True)
class Contributions:
    """What the person gave others: debriefs as the star or a co-contributor, practice cards
    they are credited on, and help (coaching held, role plays partnered, mentoring)."""

    debrief_count: int
    debriefs: list[Debrief]
    practice_count: int
    practices: list[Practice]
    help: HelpGiven
    mentoring_check_ins: int

    @property
    def is_empty(self) -> bool:
        return not (
            self.debrief_count
            or self.practice_count
            or self.help.sessions_coached
            or self.help.role_plays_partnered
            or self.mentoring_check_ins
        )


@dataclass(frozen=True)
class NextStep:
    """The one thing the page suggests doing next: `text`, then a link to where it is done."""

    text: str
    link_text: str
    route: str
    args: tuple[int, ...] = ()
    query: str = ""

    @property
    def url(self) -> str:
        url = reverse(self.route, args=self.args)
        return f"{url}?{self.query}" if self.query else url


@dataclass(frozen=True)
class PersonRecord:
    person: Person
    is_me: bool
    chain: list[Person]
    team_path: list[Team]
    reports: list[Person]
    performance: dashboards.RepDashboard | None  # None before the first analysis
    may_see_star_profile: bool
    star_debrief: Debrief | None  # the star's debrief on record, scheduled or held
    may_schedule_debrief: bool
    plan: DevelopmentPlan | None
    milestones: list[Milestone]
    may_start_plan: bool
    may_coach: bool
    coaching: Coaching
    adoptions: list[Adoption]
    kudos_count: int
    kudos: list[KudosGiven]
    contributions: Contributions

    @property
    def is_star(self) -> bool:
        return self.performance is not None and self.performance.segment == "star"

    @property
    def overdue_milestones(self) -> list[Milestone]:
        today = timezone.localdate()
        return [m for m in self.milestones if m.due_on < today]

    @property
    def next_step(self) -> NextStep:
        name, pk = self.person.get_short_name(), self.person.pk
        owner = "Your" if self.is_me else f"{name}'s"
        if self.may_start_plan:
            return NextStep(
                f"{name} has no development plan yet.", "Start one", "development_plan_new", (pk,)
            )
        if self.may_schedule_debrief:
            return NextStep(
                f"{name} is a star and has not been debriefed yet.",
                "Schedule a debrief",
                "debrief_new",
                query=f"star={pk}",
            )
        if self.plan is not None and self.overdue_milestones:
            return NextStep(
                f"{owner} plan has a milestone past its due date.",
                "Go through the plan",
                "development_plan",
                (self.plan.pk,),
            )
        if self.may_coach and self.coaching.next_session is None:
            return NextStep(
                f"No coaching session with {name} is booked.",
                "Book the next one",
                "coaching_session_new",
                query=f"rep={pk}",
            )
        if self.is_me:
            return NextStep(
                "See where you stand against the star benchmark.",
                "My performance",
                "my_performance",
            )
        return NextStep(
            f"See where {name} stands against the star benchmark.",
            "Their scorecard",
            "person_performance",
            (pk,),
        )


def _performance(viewer: Person, person: Person) -> dashboards.RepDashboard | None:
    analysis = dashboards.analysis_for_pages(
        organisation=access.viewer_organisation(viewer), kinds=PERFORMANCE_PARTS
    )
    if analysis is None:
        return None
    return dashboards.rep_dashboard(analysis=analysis, crm_user_id=person.crm_user_id or "")


def _coaching(viewer: Person, person: Person) -> Coaching:
    sessions = coaching_access.sessions_visible(viewer).filter(rep=person)
    now = timezone.now()
    upcoming = sessions.filter(status=CoachingSession.Status.PLANNED, scheduled_at__gte=now)
    past = sessions.filter(scheduled_at__lt=now).exclude(status=CoachingSession.Status.CANCELLED)
    role_plays = coaching_access.roleplays_visible(viewer).filter(rep=person)
    latest_role_plays = list(role_plays.order_by("-held_at", "-pk")[:LATEST])
    scores = role_play_scores(role_play_ids=[r.pk for r in latest_role_plays])
    return Coaching(
        in_full=viewer.pk == person.pk or coaching_access.can_coach_person(viewer, person),
        session_count=sessions.count(),
        next_session=upcoming.order_by("scheduled_at").first(),
        sessions=list(past.order_by("-scheduled_at")[:LATEST]),
        role_play_count=role_plays.count(),
        role_plays=[(r, scores[r.pk]) for r in latest_role_plays],
    )


def _contributions(viewer: Person, person: Person) -> Contributions:
    debriefs = (
        debrief_access.debriefs_visible(viewer)
        .filter(Q(star=person) | Q(co_contributors=person))
        .exclude(status=Debrief.Status.CANCELLED)
        .select_related("star", "interviewer")
        .distinct()
    )
    practices = practices_visible(viewer).filter(contributors=person).distinct()
    return Contributions(
        debrief_count=debriefs.count(),
        debriefs=list(debriefs.order_by("-scheduled_at")[:LATEST]),
        practice_count=practices.count(),
        practices=list(practices.order_by("-created_at")[:LATEST]),
        help=help_given_by(person_id=person.pk),
        mentoring_check_ins=mentoring_check_ins_by(mentor_id=person.pk),
    )


def person_record(*, viewer: Person, person: Person) -> PersonRecord:
    """Everything the person's page shows, for this viewer."""
    organisation = access.viewer_organisation(viewer)
    performance = _performance(viewer, person)
    plan = plan_current(rep=person)
    is_star = performance is not None and performance.segment == "star"
    on_record = (
        debriefs_on_record(viewer=viewer, star_ids=[person.pk]).get(person.pk) if is_star else None
    )
    kudos_count, kudos = kudos_received_latest(
        organisation=organisation, person_id=person.pk, limit=LATEST
    )
    return PersonRecord(
        person=person,
        is_me=person.pk == viewer.pk,
        chain=manager_chain(person=person),
        team_path=team_path(team=person.team) if person.team else [],
        reports=list(access.private_people_visible(viewer).filter(manager=person)),
        performance=performance,
        may_see_star_profile=is_star and debrief_access.can_view_star_profile(viewer, person),
        star_debrief=on_record,
        may_schedule_debrief=is_star
        and on_record is None
        and viewer.pk != person.pk
        and debrief_access.can_schedule_debrief(viewer, person),
        plan=plan,
        milestones=plan_next_milestones(plan=plan) if plan else [],
        may_start_plan=plan is None and can_develop_rep(viewer, person),
        may_coach=person.pk != viewer.pk
        and viewer.role in access.MANAGERS.roles
        and coaching_access.can_coach_person(viewer, person),
        coaching=_coaching(viewer, person),
        adoptions=list(adoptions_of(person=person)),
        kudos_count=kudos_count,
        kudos=kudos,
        contributions=_contributions(viewer, person),
    )
