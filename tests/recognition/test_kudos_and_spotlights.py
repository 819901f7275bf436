"""Kudos and spotlights: who may give them, what they may be tied to, the evidence they carry."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import World
from tests.recognition.helpers import adoption_make, analysis_with, practice_make
from uplift.coaching.models import CoachingSession
from uplift.core.refusals import Invalid, NotAllowed
from uplift.practices.models import Adoption, Practice
from uplift.recognition.evidence import NOT_MEASURED, evidence_lines, spotlight_evidence
from uplift.recognition.ledger import points_balance
from uplift.recognition.models import KUDOS_MESSAGE_MAX, Kudos
from uplift.recognition.services import kudos_give, spotlight_post


def test_kudos_to_a_colleague_tied_to_a_practice(world: World) -> None:
    practice = practice_make(author=world.ann, title="Champion letter")
    kudos = kudos_give(
        giver=world.bob,
        receiver=world.ann,
        message="  It worked!  ",
        reason=Kudos.Reason.PRACTICE,
        practice=practice,
    )
    assert (kudos.giver, kudos.receiver, kudos.message) == (world.bob, world.ann, "It worked!")
    assert kudos.practice == practice
    assert kudos.organisation == world.org


def test_kudos_sync_the_ledger_once_committed(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        kudos_give(giver=world.bob, receiver=world.ann, message="Thanks for the help")
    assert points_balance(person=world.ann) == 2


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"receiver": "ann"}, "someone else"),
        ({"receiver": "otto"}, "in your organisation"),
        ({"message": "ok"}, "at least 3"),
        ({"message": "x" * (KUDOS_MESSAGE_MAX + 1)}, f"under {KUDOS_MESSAGE_MAX}"),
        ({"reason": "bribe"}, "what the kudos are for"),
        ({"reason": "practice"}, "Choose the practice"),
        ({"reason": "help"}, "what help"),
        ({"reason": "help", "help_description": "y" * 201}, "under 200"),
    ],
)
def test_kudos_refused_with_a_clear_message(
    world: World, changes: dict[str, Any], error: str
) -> None:
    arguments: dict[str, Any] = {"giver": world.ann, "receiver": world.bob, "message": "Thanks!"}
    arguments.update(changes)
    if isinstance(arguments["receiver"], str):
        arguments["receiver"] = getattr(world, arguments["receiver"])
    with pytest.raises(Invalid, match=error):
        kudos_give(**arguments)
    assert not Kudos.objects.exists()


def test_kudos_for_another_companys_practice_is_refused(world: World) -> None:
    theirs = practice_make(author=world.otto, title="Their secret")
    with pytest.raises(Invalid, match="Choose the practice"):
        kudos_give(
            giver=world.ann,
            receiver=world.bob,
            message="Thanks!",
            reason=Kudos.Reason.PRACTICE,
            practice=theirs,
        )


def test_kudos_for_help_keeps_its_description(world: World) -> None:
    kudos = kudos_give(
        giver=world.ann,
        receiver=world.gil,
        message="You saved my quarter",
        reason=Kudos.Reason.HELP,
        help_description="Joined my pricing call",
    )
    assert kudos.help_description == "Joined my pricing call"


def test_kudos_for_a_coaching_session_the_two_took_part_in(world: World) -> None:
    session = CoachingSession.objects.create(
        organisation=world.org,
        rep=world.ann,
        coach=world.mia,
        scheduled_at=timezone.now(),
        status=CoachingSession.Status.DONE,
    )
    kudos = kudos_give(
        giver=world.ann,
        receiver=world.mia,
        message="Great session",
        reason=Kudos.Reason.COACHING,
        session_id=session.pk,
    )
    assert kudos.session_id == session.pk
    with pytest.raises(Invalid, match="not one the two of you"):
        kudos_give(
            giver=world.bob,
            receiver=world.mia,
            message="Great session",
            reason=Kudos.Reason.COACHING,
            session_id=session.pk,
        )


def test_spotlight_carries_the_practice_spread_and_not_measured_yet(world: World) -> None:
    practice = practice_make(author=world.ann, title="Mutual plan", contributors=[world.art])
    adoption_make(practice=practice, person=world.bob, on=date(2026, 2, 1))
    adoption_make(practice=practice, person=world.gil, on=date(2026, 3, 1))
    adoption_make(practice=practice, person=world.art, on=date(2026, 3, 1))  # a contributor
    Adoption.objects.create(practice=practice, person=world.mia, stage=Adoption.Stage.PLANNED)

    spotlight = spotlight_post(
        author=world.lou,
        contributor=world.ann,
        practice=practice,
        message="Ann's mutual plan is now how we close.",
    )

    evidence = spotlight.evidence["practice"]
    assert evidence["adopted_by_others"] == 2  # Bob and Gil; not Art (contributor), not planned
    assert evidence["impact_status"] == NOT_MEASURED
    assert evidence["contributors"] == ["Ann Test", "Art Test"]
    assert ("Measured impact", "not measured yet") in evidence_lines(spotlight.evidence)


def test_spotlight_reads_the_measured_impact_from_the_latest_analysis(world: World) -> None:
    practice = practice_make(author=world.ann, title="Mutual plan")
    analysis_with(
        organisation=world.org,
        impact={
            "as_of": "2026-10-31",
            "practices": [
                {
                    "practice": "Mutual plan",
                    "practice_id": practice.pk,
                    "metric": "win_rate",
                    "unit": "fraction",
                    "att": 0.06,
                    "ci": [0.012, 0.108],
                    "adopters": 14,
                    "reading": "likely positive",
                },
                {
                    "practice": "Other",
                    "practice_id": practice.pk + 1,
                    "metric": "win_rate",
                    "unit": "fraction",
                    "att": 0.5,
                    "ci": [0.1, 0.9],
                    "adopters": 3,
                    "reading": "x",
                },
            ],
        },
    )
    evidence = spotlight_evidence(organisation=world.org, contributor=world.ann, practice=practice)
    assert evidence["practice"]["impact_status"] == "measured"
    assert evidence["practice"]["impact_as_of"] == "2026-10-31"
    phrase = "win rate +6.0 points: likely better"  # plain words from the interval above zero
    assert ("Measured impact", phrase) in evidence_lines(evidence)
    assert len(evidence["practice"]["impact"]) == 1


def test_only_leaders_post_spotlights_on_contributors_of_their_organisation(world: World) -> None:
    practice = practice_make(author=world.ann, title="Mutual plan")
    with pytest.raises(NotAllowed, match="posted by leaders"):
        spotlight_post(author=world.mia, contributor=world.ann, message="Well done")
    with pytest.raises(Invalid, match="in your organisation"):
        spotlight_post(author=world.lou, contributor=world.otto, message="Well done")
    with pytest.raises(Invalid, match="not a contributor"):
        spotlight_post(
            author=world.lou, contributor=world.bob, practice=practice, message="Well done"
        )
    draft = practice_make(author=world.otto, title="Elsewhere", status=Practice.Status.APPROVED)
    with pytest.raises(Invalid, match="practice of your organisation"):
        spotlight_post(author=world.lou, contributor=world.ann, practice=draft, message="Hi there")


def test_the_feed_shows_the_impact_measured_after_the_spotlight_was_posted(
    world: World, client: Any
) -> None:
    practice = practice_make(author=world.ann, title="Mutual plan")
    spotlight = spotlight_post(
        author=world.lou, contributor=world.ann, practice=practice, message="Thank you Ann"
    )
    assert spotlight.evidence["practice"]["impact_status"] == NOT_MEASURED
    client.force_login(world.bob)
    assert "not measured yet" in client.get("/recognition/").content.decode()

    analysis_with(
        organisation=world.org,
        impact={
            "as_of": "2026-10-31",
            "practices": [
                {
                    "practice": "Mutual plan",
                    "practice_id": practice.pk,
                    "metric": "win_rate",
                    "unit": "fraction",
                    "att": 0.06,
                    "ci": [0.012, 0.108],
                    "adopters": 14,
                    "reading": "likely positive",
                }
            ],
        },
    )

    page = client.get("/recognition/").content.decode()
    assert "win rate +6.0 points: likely better" in page
    api = client.get(f"/api/recognition/spotlights/{spotlight.pk}").json()
    assert api["evidence"]["practice"]["impact_status"] == "measured"


def test_a_practice_not_estimated_says_why(world: World) -> None:
    practice = practice_make(author=world.ann, title="Mutual plan")
    reason = "4 adopter(s) in the panel with a month before adopting; at least 5 are needed"
    analysis_with(
        organisation=world.org,
        impact={
            "as_of": "2026-10-31",
            "practices": [],
            "not_estimated": [
                {
                    "practice": "Mutual plan",
                    "practice_id": practice.pk,
                    "adopters": 4,
                    "reason": reason,
                }
            ],
        },
    )
    evidence = spotlight_evidence(organisation=world.org, contributor=world.ann, practice=practice)
    assert ("Measured impact", f"not measured yet ({reason})") in evidence_lines(evidence)
