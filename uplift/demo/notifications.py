"""Demo notifications: what the bell shows each demo login when they first sign in.

The histories before this step are recorded without notifying anyone (nobody is told today about
last year's kudos). This step tells each demo login the news that is still worth acting on, as
the capabilities would have when it happened: their latest kudos, the practices waiting for
their review as sponsor, the role plays they were asked to score and have not, and their next
coaching sessions. In Uplift only: the demo never e-mails its people for these. Each notice has a
key, so running `uplift demo` again adds nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from uplift.coaching.models import CoachingSession, RolePlayRating
from uplift.demo.steps import DemoState, DemoStep
from uplift.notifications.kinds import Kind
from uplift.notifications.services import notifications_resumed, notify
from uplift.orgs.models import Person
from uplift.orgs.time_zones import moment_for
from uplift.practices.models import Practice
from uplift.recognition.models import Kudos

EACH = 2  # notices of each kind per login


def _news_for(person: Person) -> int:
    told = 0
    for kudos in (
        Kudos.objects.filter(receiver=person).select_related("giver").order_by("-created_at")[:EACH]
    ):
        told += bool(
            notify(
                recipient=person,
                kind=Kind.KUDOS,
                text=f"{kudos.giver.full_name} gave you kudos: {kudos.message}",
                link=reverse("recognition_feed") + f"#kudos-{kudos.pk}",
                by_email=False,
                key=f"demo:kudos:{kudos.pk}",
            )
        )
    for practice in Practice.objects.filter(
        sponsor=person, status=Practice.Status.IN_REVIEW
    ).order_by("-submitted_at")[:EACH]:
        told += bool(
            notify(
                recipient=person,
                kind=Kind.PRACTICE_REVIEW,
                text=f"Review “{practice.title}” as its sponsor",
                link=reverse("practice_detail", args=[practice.pk]),
                by_email=False,
                key=f"demo:review:{practice.pk}",
            )
        )
    ratings = (
        RolePlayRating.objects.filter(rater=person, submitted_at__isnull=True)
        .select_related("session__rep", "session__scenario")
        .order_by("-session__held_at")[:EACH]
    )
    for rating in ratings:
        roleplay = rating.session
        told += bool(
            notify(
                recipient=person,
                kind=Kind.RATING_INVITATION,
                text=f"Score {roleplay.rep.full_name}'s role play “{roleplay.scenario.title}”",
                link=reverse("coaching_roleplay", args=[roleplay.pk]),
                by_email=False,
                key=f"demo:rating:{rating.pk}",
            )
        )
    upcoming = (
        CoachingSession.objects.filter(
            rep=person, status=CoachingSession.Status.PLANNED, scheduled_at__gte=timezone.now()
        )
        .select_related("coach")
        .order_by("scheduled_at")[:EACH]
    )
    for session in upcoming:
        told += bool(
            notify(
                recipient=person,
                kind=Kind.COACHING_SESSION,
                text=(
                    f"{session.get_kind_display()} with {session.coach.full_name} "
                    f"on {moment_for(person, session.scheduled_at)}"
                ),
                link=reverse("coaching_session", args=[session.pk]),
                by_email=False,
                key=f"demo:session:{session.pk}",
            )
        )
    return told


@transaction.atomic
def seed(state: DemoState) -> None:
    organisation = state.organisation
    if organisation is None:
        raise RuntimeError("the import step must run first")
    emails = [login.email for login in state.logins]
    people = Person.objects.filter(organisation=organisation, email__in=emails, is_active=True)
    told = 0
    with notifications_resumed():
        for person in people:
            told += _news_for(person)
    state.notes.append(f"notifications: {told} for the demo logins to find under the bell")


DEMO_STEPS: list[DemoStep] = [("What is new for the demo logins", seed)]
