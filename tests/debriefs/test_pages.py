"""The debrief pages: scheduling through the form, the session page's autosave and practice
draft form, the star profile page's numbers, and what each role is shown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from tests.debriefs.builders import debrief_with, world_profiles
from uplift.debriefs.models import Debrief
from uplift.insights.models import Snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiled(world: World) -> World:
    world_profiles(world)
    return world


def test_a_leader_schedules_through_the_form(profiled: World, client: Client) -> None:
    w = profiled
    client.force_login(w.lou)
    form = client.get(f"/debriefs/new/?star={w.art.pk}")
    html = form.content.decode()
    assert f'<option value="{w.art.pk}" selected>Art Test · Alpha · Rep</option>' in html
    assert "Bob Test" not in html.split('name="star"')[1].split("</select>")[0]  # not a star
    ahead = timezone.localdate() + timedelta(days=9)  # a past day asks to be confirmed first
    response = client.post(
        "/debriefs/new/",
        {
            "star": w.art.pk,
            "interviewer": w.lou.pk,
            "co_contributors": [w.bob.pk],
            "scheduled_at": f"{ahead}T14:00",
            "duration_minutes": 45,
        },
    )
    debrief = Debrief.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/debriefs/{debrief.pk}/"
    assert (debrief.star, debrief.duration_minutes) == (w.art, 45)
    assert debrief.scheduled_at.isoformat() == f"{ahead}T14:00:00+00:00"
    page = client.get(response["Location"]).content.decode()
    assert "Debrief with Art Test" in page
    assert "Meetings per opportunity: 4.10 against a core median of 2.40" in page
    assert "Create practice draft" in page


def test_the_schedule_form_explains_what_is_wrong(profiled: World, client: Client) -> None:
    client.force_login(profiled.lou)
    response = client.post(
        "/debriefs/new/",
        {
            "star": profiled.art.pk,
            "interviewer": profiled.art.pk,
            "scheduled_at": f"{timezone.localdate() + timedelta(days=9)}T14:00",
            "duration_minutes": 60,
        },
    )
    assert response.status_code == 400
    assert "The interviewer cannot be the star." in response.content.decode()
    assert not Debrief.objects.exists()


def test_notes_autosave_with_htmx_and_drafts_come_out(profiled: World, client: Client) -> None:
    w = profiled
    debrief = debrief_with(w, w.art, co_contributors=[w.bob])
    client.force_login(w.lou)
    saved = client.post(
        f"/debriefs/{debrief.pk}/save/",
        {"field": "notes", "text": "Brings finance in early."},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    assert "Saved at" in saved.content.decode()
    debrief.refresh_from_db()
    assert debrief.notes == "Brings finance in early."
    bad = client.post(f"/debriefs/{debrief.pk}/save/", {"field": "title", "text": "x"})
    assert bad.status_code == 400
    created = client.post(
        f"/debriefs/{debrief.pk}/practices/",
        {
            "title": "Bring finance in before the proposal",
            "stage_tags": ["proposal"],
            "evidence": ["contacts_per_opportunity"],
        },
    )
    assert created.status_code == 302
    page = client.get(f"/debriefs/{debrief.pk}/").content.decode()
    practice = debrief.practices.get()
    assert f'href="/practices/{practice.pk}/"' in page
    assert "Art Test (star)" in page
    assert "Bob Test" in page.split('data-testid="contributors"')[1].split("</span>")[0]
    again = client.post(f"/debriefs/{debrief.pk}/practices/", {"title": practice.title})
    assert again.status_code == 400
    assert "already exists" in again.content.decode()


def test_the_star_reads_their_debrief_but_does_not_edit_it(profiled: World, client: Client) -> None:
    w = profiled
    debrief = debrief_with(w, w.ann)
    client.force_login(w.ann)
    page = client.get(f"/debriefs/{debrief.pk}/").content.decode()
    assert "<textarea" not in page
    assert "Create practice draft" not in page
    listing = client.get("/debriefs/").content.decode()
    assert f'href="/debriefs/{debrief.pk}/"' in listing.split('data-testid="upcoming"')[1]


def test_the_profile_page_states_the_numbers_and_the_rule(profiled: World, client: Client) -> None:
    w = profiled
    client.force_login(w.ada)
    page = client.get(f"/stars/{w.art.pk}/").content.decode()
    assert "Meetings per opportunity</strong>: 4.10 against a core median of 2.40" in page
    assert "above 93% of core reps" in page  # 92.5, rounded
    assert "A behaviour is distinctive for a star when" in page
    assert 'data-behavior="emails_per_opportunity"' in page  # every behaviour is listed
    unusual = page.split('data-testid="unusual"')[1].split("</ul>")[0]
    assert "Calls per opportunity</strong>: 3.90 against a core median of 2.50" in unusual
    assert "Meetings" not in unusual
    assert "Schedule a debrief" in page
    not_star = client.get(f"/stars/{w.bob.pk}/").content.decode()
    assert "not among the stars" in not_star


def test_a_rep_sees_only_their_own_profile_in_the_list(profiled: World, client: Client) -> None:
    w = profiled
    client.force_login(w.ann)
    page = client.get("/stars/").content.decode()
    assert "Ann Test" in page
    assert "Art Test" not in page
    assert "Gil Test" not in page
    client.force_login(w.lea)  # the North region's leader: Ann and Art, not Gil
    page = client.get("/stars/").content.decode()
    assert "Art Test" in page
    assert "Gil Test" not in page
    assert 'data-testid="none-clear"' not in page  # two behaviours separate stars here


def test_the_star_profiles_page_shows_what_stars_do_and_apart_where_they_win(
    profiled: World, client: Client
) -> None:
    w = profiled
    snapshot = Snapshot.objects.get(run__organisation=w.org, kind="star-profiles")
    conversion = {
        "behavior": "conversion_negotiation_review",
        "label": "Conversion Negotiation/Review → won",
        "kind": "outcome",
        "unit": "fraction",
        "star": 0.71,
        "core": 0.52,
        "effect_size": 1.4,
        "adjusted_difference": 0.18,
        "q_value": 0.0001,
        "significant": True,
    }
    no_activities = {
        "behavior": "days_to_first_activity",
        "label": "Days to first activity",
        "kind": "behaviour",
        "reason": "this export has no activities",
    }
    snapshot.data = {**snapshot.data, "where_stars_win": [conversion], "missing": [no_activities]}
    snapshot.save()
    client.force_login(w.lou)
    page = client.get("/stars/").content.decode()
    does = page.split('data-testid="what-stars-do"')[1].split("</section>")[0]
    wins = page.split('data-testid="where-stars-win"')[1].split("</section>")[0]
    assert "What stars do" in does
    assert "Habits a rep controls" in does
    assert 'data-behavior="meetings_per_opportunity"' in does
    assert "stars clearly higher on the same deal mix" in does
    plain, statistics = does.split("How is this computed?")
    assert "q = " not in plain  # the q-values sit behind the disclosure
    assert "q &lt; 0.001" in statistics
    assert "Conversion" not in does
    assert "Days to first activity: not measured — this export has no activities." in does
    assert "schedule a debrief" in does
    assert "Where stars win" in wins
    assert "not a habit to copy" in wins
    assert 'data-behavior="conversion_negotiation_review"' in wins
    assert "71%" in wins
    assert "52%" in wins
    assert "Meetings" not in wins


def test_a_star_profile_shows_where_they_win_apart_from_their_behaviours(
    profiled: World, client: Client
) -> None:
    w = profiled
    snapshot = Snapshot.objects.get(run__organisation=w.org, kind="star-profiles")
    conversion = {
        "behavior": "conversion_negotiation_review",
        "label": "Conversion Negotiation/Review → won",
        "kind": "outcome",
        "unit": "fraction",
        "value": 0.8,
        "core_median": 0.5,
        "percentile_core": 95.0,
        "percentile_all": 90.0,
        "q_value": 0.001,
        "direction": "high",
        "distinctive": True,
        "n_core": 40,
    }
    for profile in snapshot.data["profiles"]:
        profile["outcomes"] = [conversion]
        profile["where_they_win"] = [conversion]
    snapshot.save()
    client.force_login(w.ada)
    page = client.get(f"/stars/{w.art.pk}/").content.decode()
    wins = page.split('data-testid="where-they-win"')[1].split("</section>")[0]
    assert 'data-behavior="conversion_negotiation_review"' in wins
    assert "80%" in wins
    assert "stands out · high" in wins
    assert "not a habit to copy" in wins
    assert "Conversion Negotiation/<wbr>Review → won" in wins  # may wrap on a phone
    everything = page.split('id="all-heading"')[1].split("</section>")[0]
    assert "conversion_negotiation_review" not in everything


def test_an_older_debrief_lists_outcomes_under_where_they_win(
    profiled: World, client: Client
) -> None:
    """A debrief scheduled before outcomes were told apart stored the sales cycle among the
    distinctive behaviours: its page lists only behaviours as what stands out and the cycle
    under where the star wins; the API says the same."""
    w = profiled
    debrief = debrief_with(w, w.art)
    cycle = {
        "behavior": "sales_cycle_days",
        "label": "Sales cycle of won deals (days)",
        "direction": "low",
        "distinctive": True,
        "reading": "Sales cycle of won deals (days): 41 days against a core median of 63 days.",
    }
    stored = debrief.profile
    stored["distinctive"] = [cycle, *stored["distinctive"]]
    stored.pop("where_they_win", None)
    Debrief.objects.filter(pk=debrief.pk).update(profile=stored)
    client.force_login(w.lou)
    page = client.get(f"/debriefs/{debrief.pk}/").content.decode()
    evidence = page.split('<ul class="mb-2" data-testid="evidence">')[1].split("</ul>")[0]
    assert "Meetings per opportunity: 4.10" in evidence
    assert "Sales cycle" not in evidence
    wins = page.split('data-testid="where-they-win"')[1].split("</ul>")[0]
    assert cycle["reading"] in wins
    assert "Where Art wins — results, not habits to copy" in page
    body = client.get(f"/api/debriefs/{debrief.pk}").json()
    assert [d["behavior"] for d in body["distinctive"]] == [
        "meetings_per_opportunity",
        "contacts_per_opportunity",
    ]
    assert [d["behavior"] for d in body["where_they_win"]] == ["sales_cycle_days"]


def test_admins_edit_the_stage_questions(world: World, client: Client) -> None:
    client.force_login(world.ada)
    page = client.get("/debriefs/questions/").content.decode()
    assert "How do you decide a deal is worth your time" in page
    added = client.post("/debriefs/questions/", {"stage": "expansion", "text": "Who renews?"})
    assert added.status_code == 302
    assert "Who renews?" in client.get("/debriefs/questions/").content.decode()
