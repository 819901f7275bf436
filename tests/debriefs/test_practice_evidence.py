"""A card drafted from a debrief says whose number is whose: the star's own value and percentile
apart from the stars' and the core's averages, the star marked among the contributors, and the
way back to the debrief for those who may see it. Percentiles read the same on every page."""

from __future__ import annotations

import importlib
import re

import pytest
from django.test import Client

from tests.conftest import World
from tests.debriefs.builders import debrief_with, world_profiles
from tests.practices.builders import draft
from uplift.analytics.behaviour.wording import ordinal
from uplift.debriefs.models import Debrief
from uplift.debriefs.services import debrief_practice_create
from uplift.practices.card_fields import CardContent
from uplift.practices.models import Practice
from uplift.practices.services import practice_approve, practice_submit

pytestmark = pytest.mark.django_db
TITLE = "Book the next meeting before you leave the room"


@pytest.fixture
def profiled(world: World) -> World:
    world_profiles(world)
    return world


def _drafted(w: World, debrief: Debrief) -> Practice:
    return debrief_practice_create(
        debrief=debrief,
        author=w.mia,
        content=CardContent(
            title=TITLE,
            problem="Deals stall between meetings.",
            steps="Agree the next meeting\nSend the invite",
        ),
        evidence_behaviours=["meetings_per_opportunity"],
    )


def _row(html: str, behavior: str) -> str:
    match = re.search(rf'<(tbody|tr) data-behavior="{behavior}"[^>]*>(.*?)</\1>', html, re.DOTALL)
    assert match, f"no evidence row for {behavior}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split())


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (92.5, "93rd"),
        (92.4, "92nd"),
        (11.5, "12th"),
        (21, "21st"),
        (2.5, "3rd"),
        (0.2, "0th"),
        (111.0, "111th"),
        (101.6, "102nd"),
    ],
)
def test_percentiles_are_ordinals_rounded_half_up(value: float, text: str) -> None:
    assert ordinal(value) == text


def test_the_card_separates_the_stars_own_number_from_the_groups(
    profiled: World, client: Client
) -> None:
    w = profiled
    debrief = debrief_with(w, w.art, interviewer=w.mia, co_contributors=[w.bob])
    card = _drafted(w, debrief)
    client.force_login(w.lou)
    html = client.get(f"/practices/{card.pk}/").content.decode()
    row = _row(html, "meetings_per_opportunity")
    # Art's own 4.10 at the 92.5th percentile; the stars' 4.30 and the core's 2.60 averages,
    # stars clearly higher; +1.50 once both work the same deal mix and q = 0.0004 behind "How is
    # this computed?".
    assert row == (
        "Meetings per opportunity 4.10 above 93% of the core 4.30 2.60 stars clearly higher "
        "Stars hold 1.7\u00d7 more meetings per opportunity (4.30 against 2.60 for the core)"
    )
    statistics = html.split('data-testid="evidence-statistics"')[1].split("</ul>")[0]
    assert (
        "+1.50 per opportunity on the same deal mix; stars average 1.7\u00d7 the core; a large "
        "difference (g = +1.20); unlikely to be chance (q &lt; 0.001, false discoveries held to "
        "5%); 3 stars against 40 core reps"
    ) in statistics
    assert "Art's own value</th>" in html
    assert '<th scope="col" class="num">Stars\' average</th>' in html
    assert '<th scope="col" class="num">Core\'s average</th>' in html
    contributors = html.split('data-testid="contributors"')[1].split("</span>\n")[0]
    assert re.search(r"Art Test</strong> <span [^>]*data-testid=\"debriefed-star\"", contributors)
    assert contributors.count('data-testid="debriefed-star"') == 1  # Bob and Mia are not marked
    assert f'href="/debriefs/{debrief.pk}/" data-testid="debrief-link"' in html
    assert "the debrief with Art Test on 3 Dec 2026" in html


def test_the_debrief_link_is_only_for_people_who_may_see_the_debrief(
    profiled: World, client: Client
) -> None:
    w = profiled
    card = _drafted(w, debrief_with(w, w.art, interviewer=w.mia))
    practice_submit(practice=card, actor=w.mia, sponsor=w.lou)
    practice_approve(practice=card, actor=w.lou)
    client.force_login(w.gil)  # a rep of another team: reads the card, not Art's debrief
    html = client.get(f"/practices/{card.pk}/").content.decode()
    assert 'data-testid="debrief-link"' not in html
    assert "Drafted from the debrief with Art Test on 3 Dec 2026" in html
    assert "above 93% of the core" in _row(html, "meetings_per_opportunity")
    client.force_login(w.art)  # the star sees their own debrief
    assert 'data-testid="debrief-link"' in client.get(f"/practices/{card.pk}/").content.decode()


def test_without_the_drivers_numbers_the_core_median_is_named(
    profiled: World, client: Client
) -> None:
    w = profiled
    debrief = debrief_with(w, w.art, interviewer=w.mia)
    debrief.profile = {**debrief.profile, "drivers": {}}
    debrief.save(update_fields=["profile"])
    card = _drafted(w, debrief)
    client.force_login(w.lou)
    row = _row(client.get(f"/practices/{card.pk}/").content.decode(), "meetings_per_opportunity")
    assert row.startswith(
        "Meetings per opportunity 4.10 above 93% of the core — not in the analysis 2.40 core median"
    )
    assert row.endswith("Meetings per opportunity: 4.10 for Art, 2.40 for the core's middle rep")
    assert "\u00d7" not in row  # no ratio of one star's value to a median


def test_a_card_written_without_a_debrief_has_no_own_value_column(
    profiled: World, client: Client
) -> None:
    w = profiled
    card = draft(w.ann, title="Plain card")
    client.force_login(w.lou)
    html = client.get(f"/practices/{card.pk}/").content.decode()
    assert "own value</th>" not in html
    assert 'data-testid="evidence-source"' not in html
    assert "3.40" in _row(html, "meetings_per_opportunity")


def test_the_profile_and_the_card_round_the_percentile_alike(
    profiled: World, client: Client
) -> None:
    w = profiled
    card = _drafted(w, debrief_with(w, w.art, interviewer=w.mia))
    client.force_login(w.lou)
    profile = client.get(f"/stars/{w.art.pk}/").content.decode()
    standing = _row(profile, "meetings_per_opportunity")
    assert "93rd" in standing  # percentile_core 92.5
    assert "88th" in standing  # percentile_all 87.5
    assert "above 93% of the core" in _row(
        client.get(f"/practices/{card.pk}/").content.decode(), "meetings_per_opportunity"
    )
    assert "88th percentile of all reps" in profile


def test_labels_written_with_the_standing_go_back_to_the_behaviour(world: World) -> None:
    from django.apps import apps

    migration = importlib.import_module(
        "uplift.practices.migrations.0005_evidence_labels_name_the_behaviour"
    )
    old = {
        "meetings_per_opportunity": "Meetings per opportunity — Art Test at the 92nd percentile "
        "of the core",
        "calls_per_opportunity": "Calls per opportunity — Art Test against the core median "
        "(91st percentile of the core)",
        "emails_per_opportunity": "E-mails — as a star at the 92nd percentile of the core sees it",
    }
    rows = [{"behavior": k, "label": v, "star": 1.0, "core": 1.0} for k, v in old.items()]
    card = draft(world.ann, title="Written before", evidence=rows)
    migration.labels_name_the_behaviour(apps, None)
    labels = dict(card.evidence.values_list("behavior", "label"))
    assert labels == {
        "meetings_per_opportunity": "Meetings per opportunity",
        "calls_per_opportunity": "Calls per opportunity",
        "emails_per_opportunity": old["emails_per_opportunity"],  # not a standing: left alone
    }
