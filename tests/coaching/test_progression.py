"""A rep's progression per competency: role-play scores over time, and assessment ratings."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.coaching.builders import scenario, scored_roleplay
from tests.conftest import World
from uplift.coaching.selectors.progression import rep_progression
from uplift.development.models import Assessment, Competency, Rating
from uplift.development.services import competency_framework_ensure


def test_scores_per_competency_weigh_each_rater_once(world: World) -> None:
    s = scenario(world.ada)  # items: objection_handling x2, closing x1
    first = scored_roleplay(
        s,
        world.ann,
        world.mia,
        {world.mia: [2, 3, 2], world.art: [3, 3, 4]},
        held_at=datetime(2026, 9, 1, 10, tzinfo=UTC),
    )
    scored_roleplay(
        s,
        world.ann,
        world.mia,
        {world.mia: [4, 4, 4], world.art: [5, 4, 4]},
        previous=first,
        held_at=datetime(2026, 10, 1, 10, tzinfo=UTC),
    )
    progression = rep_progression(rep=world.ann)
    by = {(p.held_on, p.competency): p for p in progression.points}
    objection = by[(date(2026, 9, 1), "objection_handling")]
    # Mia 2.5, Art 3.0 -> 2.75; coach 2.5, peers 3.0
    assert (objection.score, objection.coach, objection.peers, objection.raters) == (
        2.75,
        2.5,
        3.0,
        2,
    )
    assert by[(date(2026, 9, 1), "closing")].score == 3.0
    assert by[(date(2026, 10, 1), "objection_handling")].score == pytest.approx(4.25)
    summary = {s.slug: s for s in progression.summaries}
    assert summary["objection_handling"].change == pytest.approx(1.5)
    assert summary["closing"].change == pytest.approx(1.0)
    series = {(x["key"], x["source"]): x for x in progression.chart["series"]}  # type: ignore[attr-defined]
    assert [p["y"] for p in series[("objection_handling", "roleplay")]["points"]] == [2.75, 4.25]
    assert [p["x"] for p in series[("closing", "roleplay")]["points"]] == [
        "2026-09-01",
        "2026-10-01",
    ]


def test_manager_assessments_join_the_chart_and_unsubmitted_ratings_do_not(world: World) -> None:
    competency_framework_ensure(organisation=world.org)
    s = scenario(world.ada)
    scored_roleplay(s, world.ann, world.mia, {world.mia: [3, 3, 3]})
    assessment = Assessment.objects.create(
        organisation=world.org,
        subject=world.ann,
        rater=world.mia,
        kind="manager",
        assessed_on=date(2026, 8, 15),
    )
    Rating.objects.create(
        assessment=assessment,
        competency=Competency.objects.get(organisation=world.org, slug="closing"),
        level=2,
    )
    progression = rep_progression(rep=world.ann)
    series = {(x["key"], x["source"]): x for x in progression.chart["series"]}  # type: ignore[attr-defined]
    assert series[("closing", "assessment")]["points"] == [
        {"x": "2026-08-15", "y": 2, "note": "manager assessment"}
    ]
    assert {s.slug: s.latest_assessment for s in progression.summaries}["closing"] == 2
    assert rep_progression(rep=world.art).points == []
