"""The recognition pages: the feed and its htmx composer, spotlights, points, admin settings."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from tests.conftest import World
from tests.recognition.helpers import practice_make
from uplift.coaching.models import CoachingSession
from uplift.recognition.models import Kudos, PointsEntry, PointsRule, Spotlight
from uplift.recognition.services import kudos_give, recognition_sync

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_the_feed_escapes_what_people_write(world: World, client: Client) -> None:
    kudos_give(
        giver=world.bob,
        receiver=world.ann,
        message=HOSTILE,
        reason=Kudos.Reason.HELP,
        help_description=HOSTILE,
    )
    client.force_login(world.gil)
    page = client.get("/recognition/").content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_giving_kudos_through_htmx_returns_a_fresh_composer_and_the_new_post(
    world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.ann)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/recognition/kudos/",
            {"receiver": world.gil.pk, "reason": "general", "message": "Thanks for the intro!"},
            headers={"HX-Request": "true"},
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kudos sent to Gil Test" in body
    assert 'hx-swap-oob="afterbegin:#feed-items"' in body
    assert "Thanks for the intro!" in body
    assert Kudos.objects.get().receiver == world.gil
    assert PointsEntry.objects.get().person == world.gil  # the ledger synced on commit


def test_refused_kudos_answer_400_with_the_reason_in_the_composer(
    world: World, client: Client
) -> None:
    client.force_login(world.ann)
    response = client.post(
        "/recognition/kudos/",
        {"receiver": world.gil.pk, "reason": "help", "message": "Thanks!"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "Say what help they gave." in response.content.decode()
    response = client.post(
        "/recognition/kudos/",
        {"receiver": world.ann.pk, "reason": "general", "message": "Me!"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "Who: Select a valid choice" in response.content.decode()  # oneself is not offered
    assert not Kudos.objects.exists()


def test_the_team_filter_shows_only_kudos_involving_the_team(world: World, client: Client) -> None:
    kudos_give(giver=world.ann, receiver=world.art, message="Alpha thanks")
    kudos_give(giver=world.gil, receiver=world.gus, message="Gamma thanks")
    client.force_login(world.bob)
    page = client.get(f"/recognition/?team={world.alpha.pk}").content.decode()
    assert "Alpha thanks" in page
    assert "Gamma thanks" not in page


def test_a_leader_posts_a_spotlight_with_evidence_from_the_page(
    world: World, client: Client
) -> None:
    practice = practice_make(author=world.ann, title="Champion letter")
    client.force_login(world.lou)
    preview = client.get(
        f"/recognition/spotlights/evidence/?contributor={world.ann.pk}&practice={practice.pk}"
    ).content.decode()
    assert "Champion letter" in preview
    assert "not measured yet" in preview
    response = client.post(
        "/recognition/spotlights/",
        {
            "contributor": world.ann.pk,
            "practice": practice.pk,
            "message": "Ann, thank you.",
        },
    )
    spotlight = Spotlight.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/recognition/#spotlight-{spotlight.pk}"
    feed = client.get("/recognition/").content.decode()
    assert f'id="spotlight-{spotlight.pk}"' in feed
    assert "Adopted by" in feed


def test_a_spotlight_refused_by_the_service_shows_why(world: World, client: Client) -> None:
    practice = practice_make(author=world.ann, title="Champion letter")
    client.force_login(world.lou)
    response = client.post(
        "/recognition/spotlights/",
        {
            "contributor": world.bob.pk,
            "practice": practice.pk,
            "message": "Thanks Bob",
        },
    )
    assert response.status_code == 400
    assert "Bob Test is not a contributor of “Champion letter”" in response.content.decode()


def test_my_points_page_shows_the_balance_and_badges(world: World, client: Client) -> None:
    practice_make(author=world.ann, title="One")
    recognition_sync(organisation=world.org)
    client.force_login(world.ann)
    page = client.get("/recognition/me/").content.decode()
    assert 'data-testid="points-balance">35<' in page
    assert "Sharer" in page


def test_an_admin_edits_a_rule_and_sees_refusals(world: World, client: Client) -> None:
    client.force_login(world.ada)
    client.get("/recognition/admin/")
    rule = PointsRule.objects.get(organisation=world.org, event="kudos_received")
    data = {
        "points": 4,
        "recipient": "receiver",
        "cap": "",
        "cap_period": "week",
        "dedup_template": "{event}:{source_id}:{person_id}",
        "active": "on",
    }
    assert client.post(f"/recognition/admin/rules/{rule.pk}/", data).status_code == 302
    rule.refresh_from_db()
    assert (rule.points, rule.cap) == (4, None)
    data["dedup_template"] = "{event}"
    response = client.post(f"/recognition/admin/rules/{rule.pk}/", data)
    assert response.status_code == 400
    assert "must contain {person_id}" in response.content.decode()


def test_an_admin_turns_revenue_leaderboards_on_and_off(world: World, client: Client) -> None:
    client.force_login(world.ada)
    settings = {"slack_webhook_url": "", "teams_webhook_url": "", "teams_format": "message_card"}
    client.post("/recognition/admin/settings/", {**settings, "revenue_leaderboards": "on"})
    world.org.refresh_from_db()
    assert world.org.revenue_leaderboards is True
    client.post("/recognition/admin/settings/", settings)
    world.org.refresh_from_db()
    assert world.org.revenue_leaderboards is False
    insecure = {**settings, "slack_webhook_url": "http://evil.example/hook"}
    response = client.post("/recognition/admin/settings/", insecure)
    assert response.status_code == 400


def test_the_recognition_pages_offer_spotlights_to_leaders_only(
    world: World, client: Client
) -> None:
    client.force_login(world.ann)
    rep_page = client.get("/recognition/").content.decode()
    assert 'href="/recognition/leaderboards/"' in rep_page
    assert 'href="/recognition/spotlights/new/"' not in rep_page
    client.force_login(world.lou)
    assert 'href="/recognition/spotlights/new/"' in client.get("/recognition/").content.decode()


def test_a_rep_thanks_their_coach_for_a_session_chosen_in_the_composer(
    world: World, client: Client
) -> None:
    session = CoachingSession.objects.create(
        organisation=world.org,
        rep=world.ann,
        coach=world.mia,
        scheduled_at=timezone.now(),
        status=CoachingSession.Status.DONE,
    )
    client.force_login(world.ann)
    assert "Mia Test, " in client.get("/recognition/").content.decode()
    response = client.post(
        "/recognition/kudos/",
        {
            "receiver": world.mia.pk,
            "reason": "coaching",
            "session_id": session.pk,
            "message": "That call review changed how I open.",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert Kudos.objects.get().session_id == session.pk


def test_older_posts_load_a_page_at_a_time(world: World, client: Client) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from uplift.recognition.selectors import FEED_PAGE

    start = timezone.now() - timedelta(days=60)
    for n in range(FEED_PAGE + 5):
        kudos_give(
            giver=world.bob,
            receiver=world.ann,
            message=f"Thanks number {n:02d}",
            at=start + timedelta(hours=n),
            sync=False,
        )
    client.force_login(world.gil)
    first = client.get("/recognition/").content.decode()
    assert first.count('data-testid="feed-kudos"') == FEED_PAGE
    assert "Thanks number 34" in first
    assert "Thanks number 04" not in first
    oldest_shown = Kudos.objects.order_by("-created_at")[FEED_PAGE - 1].created_at
    more = client.get(
        "/recognition/", {"before": oldest_shown.isoformat()}, headers={"HX-Request": "true"}
    ).content.decode()
    assert more.count('data-testid="feed-kudos"') == 5
    assert "Thanks number 00" in more
    assert "<html" not in more
    assert client.get("/recognition/?before=yesterday").status_code == 400
