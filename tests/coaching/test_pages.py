"""The coaching pages as people use them: scheduling, the invitation, action items onto the plan,
drafting a scenario from a practice, scoring, calibration and progression."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tests.coaching.builders import one_on_one, scenario, scored_roleplay
from tests.conftest import World
from uplift.coaching.models import ActionItem, CoachingSession, RolePlayScenario, RolePlaySession
from uplift.development.models import DevelopmentPlan, Milestone
from uplift.practices.card_fields import CardContent
from uplift.practices.services import practice_draft_create


def _ahead(days: int) -> str:
    """A day ahead (a date in the past, or far ahead, asks to be confirmed first)."""
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_a_manager_schedules_a_session_and_downloads_the_invitation(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    login(world.mia)
    response = client.post(
        "/coaching/sessions/new/",
        {
            "rep": world.ann.pk,
            "kind": "call_review",
            "scheduled_at": f"{_ahead(9)}T09:30",
            "duration_minutes": 45,
            "agenda": "Acme discovery call",
            "call_reference": "Acme",
        },
    )
    session = CoachingSession.objects.get(rep=world.ann)
    assert response.status_code == 302
    assert (session.coach, session.kind, session.duration_minutes) == (world.mia, "call_review", 45)
    ics = client.get(f"/coaching/sessions/{session.pk}/invite.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert "attachment" in ics["Content-Disposition"]
    event = next(c for c in Calendar.from_ical(ics.content).walk() if c.name == "VEVENT")
    assert f"/coaching/sessions/{session.pk}/" in str(event["description"])
    refused = client.post(
        "/coaching/sessions/new/",
        {
            "rep": world.gil.pk,
            "kind": "one_on_one",
            "scheduled_at": f"{_ahead(9)}T09:30",
            "duration_minutes": 30,
        },
    )
    assert refused.status_code == 400  # Gil is not in Mia's chain: not among the choices


def test_action_items_become_milestones_through_htmx(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    plan = DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=world.ann,
        manager=world.mia,
        goal="Grow",
        started_on=date(2026, 9, 1),
    )
    session = one_on_one(world.ann, world.mia)
    login(world.mia)
    added = client.post(
        f"/coaching/sessions/{session.pk}/action-items/",
        {"title": "Shadow Bob's next demo", "due_on": _ahead(20)},
        HTTP_HX_REQUEST="true",
    )
    assert added.status_code == 200
    assert b"Shadow Bob" in added.content
    item = ActionItem.objects.get(session=session)
    moved = client.post(f"/coaching/action-items/{item.pk}/milestone/", HTTP_HX_REQUEST="true")
    assert b"On the development plan" in moved.content
    milestone = Milestone.objects.get(plan=plan)
    assert (milestone.title, milestone.due_on, milestone.source) == (
        "Shadow Bob's next demo",
        date.fromisoformat(_ahead(20)),
        "coaching",
    )
    again = client.post(f"/coaching/action-items/{item.pk}/milestone/", HTTP_HX_REQUEST="true")
    assert again.status_code == 409
    assert b"already a milestone" in again.content


def test_the_admin_drafts_a_scenario_from_a_practice_and_publishes_it(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    practice = practice_draft_create(
        organisation=world.org,
        author=world.ann,
        content=CardContent(
            title="Mutual close plan",
            when_to_use="Once the buyer agrees there is a fit.",
            steps="Agree the date\nWork back",
            stage_tags=("closing",),
            competency_tags=("closing",),
        ),
    )
    login(world.ada)
    form = client.get(f"/coaching/scenarios/new/?practice={practice.pk}")
    assert b"Role play: Mutual close plan" in form.content
    assert b"Once the buyer agrees there is a fit." in form.content
    levels = {f"rubric-0-level-{n}": f"Level {n}" for n in range(1, 6)}
    saved = client.post(
        "/coaching/scenarios/new/",
        {
            "title": "Close plan with a procurement lead",
            "competency": "closing",
            "practice": practice.pk,
            "buyer_persona": "Sam, procurement",
            "situation": "Late stage",
            "objections": "Legal needs a month",
            "success_criteria": "A shared date",
            "rubric-0-competency": "closing",
            "rubric-0-label": "Agrees a date",
            **levels,
            "status": "published",
        },
    )
    scenario_ = RolePlayScenario.objects.get(title="Close plan with a procurement lead")
    assert saved.status_code == 302
    assert (scenario_.status, scenario_.practice) == ("published", practice)
    assert list(scenario_.rubric_items.values_list("levels", flat=True)) == [
        [f"Level {n}" for n in range(1, 6)]
    ]
    bad = client.post("/coaching/scenarios/new/", {"title": "x", "competency": "closing"})
    assert bad.status_code == 400


def test_a_peer_scores_and_the_calibration_page_highlights_disagreement(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    s = scenario(world.ada)
    roleplay = scored_roleplay(s, world.ann, world.mia, {world.mia: [2, 2, 2]}, partner=world.art)
    items = list(s.rubric_items.all())
    login(world.art)
    missing = client.post(f"/coaching/role-plays/{roleplay.pk}/score/", {"feedback": "x"})
    assert missing.status_code == 400
    assert b"Score every rubric item" in missing.content
    scores = {f"score-{i.pk}": v for i, v in zip(items, [4, 2, 3], strict=True)}
    ok = client.post(f"/coaching/role-plays/{roleplay.pk}/score/", {**scores, "feedback": "Good"})
    assert ok.status_code == 302
    client.logout()
    login(world.mia)
    page = client.get("/coaching/calibration/")
    assert page.content.count(b'data-disagree="true"') == 1
    assert b"Acknowledges and explores the objection" in page.content
    retry = client.post(f"/coaching/role-plays/{roleplay.pk}/retry/")
    assert retry.status_code == 302
    assert RolePlaySession.objects.get(previous=roleplay).attempt == 2


def test_the_progression_page_lists_the_scores_behind_the_chart(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    s = scenario(world.ada)
    first = scored_roleplay(s, world.ann, world.mia, {world.mia: [2, 2, 2]})
    scored_roleplay(s, world.ann, world.mia, {world.mia: [4, 4, 3]}, previous=first)
    login(world.ann)
    page = client.get("/coaching/progression/")
    assert page.status_code == 200
    summary = page.context["progression"].summaries
    assert [(x.slug, x.first, x.latest) for x in summary] == [
        ("objection_handling", 2.0, 4.0),
        ("closing", 2.0, 3.0),
    ]
    assert b'id="progression-data"' in page.content


def test_a_role_play_nobody_scored_yet_says_so_and_invites_nobody_unasked(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    roleplay = scored_roleplay(scenario(world.ada), world.ann, world.mia, {})
    login(world.mia)
    page = client.get(f"/coaching/role-plays/{roleplay.pk}/").content.decode()
    assert 'data-testid="no-feedback"' in page
    assert "No feedback yet: each rater's shows here once they submit their scores." in page
    # The peer picker starts empty: sending it as it is asks for a colleague, on the page.
    assert '<option value="">Choose a colleague</option>' in page
    sent = client.post(f"/coaching/role-plays/{roleplay.pk}/raters/", {"rater": ""})
    assert sent.status_code == 400
    assert 'data-testid="roleplay-error"' in sent.content.decode()
    assert "Choose a colleague to invite." in sent.content.decode()
    assert roleplay.ratings.count() == 1  # the coach's own, nobody invited


def test_feedback_shows_once_a_rater_submits(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    roleplay = scored_roleplay(scenario(world.ada), world.ann, world.mia, {world.mia: [3, 3, 3]})
    login(world.mia)
    page = client.get(f"/coaching/role-plays/{roleplay.pk}/").content.decode()
    assert 'data-testid="no-feedback"' not in page
    assert "Mia Test" in page.split('id="feedback-heading"', 1)[1]
