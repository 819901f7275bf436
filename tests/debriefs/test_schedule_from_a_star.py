"""From a star on the leader's "Stars & gap" page or on their profile to the schedule form with
the star chosen, and the debrief already on record shown instead, so nobody schedules twice.

The analysis is the hand-made one of `tests/insights/snapshots.py` (Art of Alpha and Bob of Beta
are the stars) with a star-profiles snapshot of the same two stars in the same run."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from tests.debriefs.builders import WHEN, debrief_with, ranked_with_profiles
from uplift.debriefs.models import Debrief
from uplift.debriefs.selectors import debriefs_on_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(world: World) -> World:
    ranked_with_profiles(world)
    return world


def star_row(html: str, name: str) -> str:
    """The ranked-reps table row of the named rep."""
    rows = re.findall(r'<tr data-band="[a-z]+">.*?</tr>', html, re.DOTALL)
    return next(row for row in rows if f">{name}</a>" in row)


def star_select(html: str) -> str:
    return html.split('name="star"')[1].split("</select>", maxsplit=1)[0]


def test_each_star_on_the_leader_page_offers_a_debrief_with_them(
    ranked: World, client: Client
) -> None:
    w = ranked
    client.force_login(w.lou)
    html = client.get("/leader/performance/").content.decode()
    for star in (w.art, w.bob):
        row = star_row(html, star.full_name)
        assert f'href="/debriefs/new/?star={star.pk}"' in row
        assert f'Schedule<span class="visually-hidden"> a debrief with {star.full_name}' in row
    assert "/debriefs/new/?star=" not in star_row(html, "Ann Test")  # core, not a star


def test_a_star_with_a_debrief_shows_it_instead_of_the_button(
    ranked: World, client: Client
) -> None:
    w = ranked
    debrief = debrief_with(w, w.art)
    client.force_login(w.lou)
    html = client.get("/leader/performance/").content.decode()
    art = star_row(html, "Art Test")
    assert f'href="/debriefs/{debrief.pk}/"' in art
    assert "On 3 Dec" in art
    assert "/debriefs/new/" not in art
    assert f'href="/debriefs/new/?star={w.bob.pk}"' in star_row(html, "Bob Test")

    debrief.status = Debrief.Status.COMPLETED
    debrief.save()
    html = client.get("/leader/performance/").content.decode()
    assert "Held 3 Dec" in star_row(html, "Art Test")

    debrief.status = Debrief.Status.CANCELLED
    debrief.save()
    html = client.get("/leader/performance/").content.decode()
    assert f'href="/debriefs/new/?star={w.art.pk}"' in star_row(html, "Art Test")


def test_the_form_opens_with_the_star_chosen_and_warns_of_a_debrief_on_record(
    ranked: World, client: Client
) -> None:
    w = ranked
    client.force_login(w.lou)
    response = client.get(f"/debriefs/new/?star={w.bob.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    chosen = f'<option value="{w.bob.pk}" selected>Bob Test · Beta · Rep</option>'
    assert chosen in star_select(html)
    assert 'data-testid="on-record"' not in html

    debrief = debrief_with(w, w.bob)
    html = client.get(f"/debriefs/new/?star={w.bob.pk}").content.decode()
    notice = html.split('data-testid="on-record">')[1].split("</div>")[0]
    assert "Bob Test already has a debrief scheduled for " in notice
    assert ">3 Dec 2026, 14:00 UTC</time>" in notice  # the time in the viewer's zone, named
    assert f'href="/debriefs/{debrief.pk}/"' in notice


def test_an_admin_gets_the_star_chosen_too(ranked: World, client: Client) -> None:
    client.force_login(ranked.ada)
    html = client.get(f"/debriefs/new/?star={ranked.art.pk}").content.decode()
    assert f'<option value="{ranked.art.pk}" selected>' in star_select(html)


@pytest.mark.parametrize(
    "forged",
    ["other-company", "not-a-star", "leader", "-1", "abc", "9" * 40, "١٢", "", "1.5"],
)
def test_a_forged_star_is_ignored(ranked: World, client: Client, forged: str) -> None:
    w = ranked
    value = {
        "other-company": str(w.otto.pk),
        "not-a-star": str(w.ann.pk),
        "leader": str(w.lou.pk),
    }.get(forged, forged)
    client.force_login(w.lou)
    response = client.get("/debriefs/new/", {"star": value})
    assert response.status_code == 200
    select = star_select(response.content.decode())
    assert '<option value="" selected>' in select
    assert select.count("selected") == 1
    assert "Otto" not in select
    assert "Ann Test" not in select
    assert 'data-testid="on-record"' not in response.content.decode()


def test_a_forged_star_cannot_be_scheduled(ranked: World, client: Client) -> None:
    w = ranked
    client.force_login(w.lou)
    response = client.post(
        f"/debriefs/new/?star={w.otto.pk}",
        {
            "star": w.otto.pk,
            "interviewer": w.lou.pk,
            "scheduled_at": "2026-12-03T14:00",
            "duration_minutes": 60,
        },
    )
    assert response.status_code == 400
    assert not Debrief.objects.exists()


def test_a_leader_sees_only_the_stars_of_their_part(ranked: World, client: Client) -> None:
    """Lea leads North (Alpha and Beta): both stars are hers; Gus's Gamma has none."""
    w = ranked
    client.force_login(w.lea)
    html = client.get("/leader/performance/").content.decode()
    assert f'href="/debriefs/new/?star={w.art.pk}"' in star_row(html, "Art Test")


def test_the_profile_offers_the_debrief_or_shows_the_one_on_record(
    ranked: World, client: Client
) -> None:
    w = ranked
    client.force_login(w.lou)
    html = client.get(f"/stars/{w.art.pk}/").content.decode()
    assert f'href="/debriefs/new/?star={w.art.pk}"' in html
    debrief = debrief_with(w, w.art, scheduled_at=WHEN + timedelta(days=2))
    html = client.get(f"/stars/{w.art.pk}/").content.decode()
    assert "/debriefs/new/?star=" not in html
    action = html.split('data-testid="star-debrief">')[1].split("</a>")[0]
    assert f'href="/debriefs/{debrief.pk}/" data-testid="star-debrief">' in html
    assert "Debrief on 5 Dec" in action


@pytest.mark.parametrize("who", ["art", "ann"])
def test_reps_get_no_scheduling_action(ranked: World, client: Client, who: str) -> None:
    w = ranked
    client.force_login(getattr(w, who))
    assert client.get("/leader/performance/").status_code == 403
    assert client.get(f"/debriefs/new/?star={w.art.pk}").status_code == 403
    profile = client.get(f"/stars/{w.art.pk}/")
    if profile.status_code == 200:  # Art is the star himself
        assert "/debriefs/new/" not in profile.content.decode()
        assert 'data-testid="schedule-with-star"' not in profile.content.decode()


def test_a_manager_schedules_a_debrief_with_a_star_of_her_own_team(
    ranked: World, client: Client
) -> None:
    """Mia runs Alpha: its star Art is hers to debrief; Bob, Beta's star, is Max's."""
    w = ranked
    client.force_login(w.mia)
    profile = client.get(f"/stars/{w.art.pk}/").content.decode()
    assert f'href="/debriefs/new/?star={w.art.pk}"' in profile
    listing = client.get("/debriefs/").content.decode()
    assert f'href="/debriefs/new/?star={w.art.pk}"' in listing
    assert f"?star={w.bob.pk}" not in listing
    html = client.get(f"/debriefs/new/?star={w.art.pk}").content.decode()
    assert f'<option value="{w.art.pk}" selected>' in star_select(html)
    assert "Bob Test" not in star_select(client.get(f"/debriefs/new/?star={w.bob.pk}").text)
    response = client.post(
        "/debriefs/new/",
        {
            "star": w.art.pk,
            "interviewer": w.mia.pk,
            "scheduled_at": f"{timezone.localdate() + timedelta(days=9)}T14:00",
            "duration_minutes": 60,
        },
    )
    debrief = Debrief.objects.get()
    assert response.status_code == 302
    assert (debrief.star, debrief.scheduled_by) == (w.art, w.mia)
    saved = client.post(f"/debriefs/{debrief.pk}/save/", {"field": "notes", "text": "Two calls."})
    assert saved.status_code == 302  # whoever scheduled a debrief runs it


def test_a_manager_cannot_schedule_with_another_teams_star(ranked: World, client: Client) -> None:
    w = ranked
    client.force_login(w.mia)
    response = client.post(
        "/debriefs/new/",
        {
            "star": w.bob.pk,
            "interviewer": w.mia.pk,
            "scheduled_at": "2026-12-03T14:00",
            "duration_minutes": 60,
        },
    )
    assert response.status_code == 400
    assert not Debrief.objects.exists()


def test_the_debrief_on_record_is_the_next_scheduled_else_the_latest_held(
    ranked: World,
) -> None:
    w = ranked
    held_early = debrief_with(w, w.art, scheduled_at=WHEN - timedelta(days=30))
    held_late = debrief_with(w, w.art, scheduled_at=WHEN - timedelta(days=10))
    Debrief.objects.filter(pk__in=[held_early.pk, held_late.pk]).update(status="completed")
    cancelled = debrief_with(w, w.bob)
    Debrief.objects.filter(pk=cancelled.pk).update(status="cancelled")
    found = debriefs_on_record(viewer=w.lou, star_ids=[w.art.pk, w.bob.pk])
    assert found == {w.art.pk: held_late}
    later = debrief_with(w, w.art, scheduled_at=WHEN + timedelta(days=9))
    sooner = debrief_with(w, w.art, scheduled_at=WHEN)
    assert debriefs_on_record(viewer=w.lou, star_ids=[w.art.pk])[w.art.pk] == sooner
    assert later.pk != sooner.pk
    assert debriefs_on_record(viewer=w.otto, star_ids=[w.art.pk]) == {}


def test_the_debrief_list_and_the_star_profiles_show_the_debrief_on_record(
    ranked: World, client: Client
) -> None:
    w = ranked
    debrief = debrief_with(w, w.art)
    client.force_login(w.ada)
    for url in ("/debriefs/", "/stars/"):
        html = client.get(url).content.decode()
        assert f'href="/debriefs/new/?star={w.bob.pk}"' in html
        assert f'href="/debriefs/new/?star={w.art.pk}"' not in html
        assert 'Debrief on 3 Dec<span class="visually-hidden"> with Art Test' in html
    client.force_login(w.mia)  # her team's star already has a debrief: nothing to schedule
    html = client.get("/stars/").content.decode()
    assert f'href="/debriefs/{debrief.pk}/"' in html
    assert "/debriefs/new/" not in html
