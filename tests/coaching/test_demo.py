"""The demo's coaching history: sessions, scenarios from approved practices, improving retries,
one disagreement; a second run adds nothing."""

from __future__ import annotations

from tests.conftest import World
from tests.factories import PersonFactory
from tests.practices.builders import approved
from uplift.coaching.models import CoachingSession, RolePlayScenario, RolePlaySession
from uplift.coaching.selectors.calibration import roleplay_calibration
from uplift.coaching.selectors.roleplays import roleplay_attempts
from uplift.demo.coaching import seed
from uplift.demo.organisation import ADMIN_EMAIL
from uplift.demo.steps import DemoState
from uplift.orgs.models import Role


def test_the_demo_seeds_coaching_once(world: World) -> None:
    PersonFactory(email=ADMIN_EMAIL, organisation=world.org, role=Role.ADMIN)
    # Alpha has Ann and Art; give Beta and Gamma a second rep so each team can role-play.
    PersonFactory(email="bea@acme.test", organisation=world.org, team=world.beta, manager=world.max)
    PersonFactory(
        email="gia@acme.test", organisation=world.org, team=world.gamma, manager=world.gus
    )
    approved(world.ann, world.lou, title="Mutual close plan")
    approved(world.art, world.lou, title="Quantify the pain", competency_tags=["discovery"])
    state = DemoState(seed=7, organisation=world.org)
    seed(state)
    sessions = CoachingSession.objects.filter(organisation=world.org)
    assert sessions.filter(status="done").count() > 3 * 4 * 2
    assert sessions.filter(status="planned").count() == 6  # one upcoming for each rep
    assert not sessions.filter(rep=world.ann).exclude(coach=world.mia).exists()
    assert RolePlayScenario.objects.filter(organisation=world.org, status="published").count() == 2
    last_attempts = RolePlaySession.objects.filter(attempt=3)
    assert last_attempts.count() == 3
    for last in last_attempts:
        overall = [a.overall for a in roleplay_attempts(roleplay=last)]
        assert overall == sorted(overall)
        assert overall[-1] - overall[0] >= 1.5
    disagreements = [
        r
        for r in RolePlaySession.objects.filter(attempt=1, retry__isnull=True)
        if roleplay_calibration(roleplay=r).flagged
    ]
    assert len(disagreements) == 1
    before = (sessions.count(), RolePlaySession.objects.count())
    seed(state)
    assert (sessions.count(), RolePlaySession.objects.count()) == before
    assert "nothing added" in state.notes[-1]


def test_without_approved_practices_the_demo_seeds_sessions_only(world: World) -> None:
    state = DemoState(seed=7, organisation=world.org)
    seed(state)
    assert CoachingSession.objects.filter(organisation=world.org).exists()
    assert not RolePlaySession.objects.exists()
    assert "no approved practice yet" in state.notes[-1]
