"""Scenarios drafted from practices, role plays scored by the coach and peers, retries."""

from __future__ import annotations

import pytest

from tests.coaching.builders import scenario, scored_roleplay
from tests.conftest import World
from uplift.coaching.errors import CoachingError
from uplift.coaching.models import RolePlayRating, RolePlayScenario
from uplift.coaching.selectors.roleplays import roleplay_attempts, roleplay_overall
from uplift.coaching.services import (
    roleplay_create,
    roleplay_rater_add,
    roleplay_retry_create,
    roleplay_score_submit,
    scenario_draft_from_practice,
    scenario_prefill_from_practice,
    scenario_status_set,
    scenario_update,
)
from uplift.practices.card_fields import CardContent
from uplift.practices.services import practice_draft_create


def test_a_scenario_is_drafted_from_a_practice_card(world: World) -> None:
    practice = practice_draft_create(
        organisation=world.org,
        author=world.ann,
        content=CardContent(
            title="Quantify the pain",
            problem="Buyers agree there is a problem but never say what it costs.",
            when_to_use="In the first discovery call, after the buyer names a problem.",
            steps="Ask what happens if nothing changes\nPut a number on it together",
            stage_tags=("discovery",),
            competency_tags=("discovery", "qualification"),
        ),
    )
    draft = scenario_draft_from_practice(practice=practice, created_by=world.ada)
    assert draft.status == RolePlayScenario.Status.DRAFT
    assert draft.practice == practice
    assert draft.title == "Role play: Quantify the pain"
    assert draft.competency == "discovery"
    assert "first discovery call" in draft.situation
    assert "never say what it costs" in draft.situation
    assert draft.criteria_list == [
        "Step 1 of the practice: Ask what happens if nothing changes",
        "Step 2 of the practice: Put a number on it together",
    ]
    assert "We already have a tool that does this." in draft.objection_list
    items = list(draft.rubric_items.all())
    assert [(i.competency, i.label) for i in items] == [
        ("discovery", "Applies 'Quantify the pain'"),
        ("discovery", "Discovery"),
        ("qualification", "Qualification"),
    ]
    assert all(len(i.levels) == 5 for i in items)
    again = scenario_draft_from_practice(practice=practice, created_by=world.ada)
    assert again.title == "Role play: Quantify the pain (2)"
    assert scenario_prefill_from_practice(practice=practice).practice_id == practice.pk


def test_each_rater_scores_each_item_and_the_coach_and_partner_are_raters(world: World) -> None:
    s = scenario(world.ada)
    roleplay = roleplay_create(
        scenario=s,
        rep=world.ann,
        coach=world.mia,
        partner=world.art,
        created_by=world.mia,
        peer_raters=[world.bob],
    )
    kinds = {r.rater.get_short_name(): r.kind for r in roleplay.ratings.select_related("rater")}
    assert kinds == {"Mia": "coach", "Art": "peer", "Bob": "peer"}
    items = list(s.rubric_items.all())
    with pytest.raises(CoachingError, match="Score every rubric item"):
        roleplay_score_submit(roleplay=roleplay, rater=world.art, scores={items[0].pk: 3})
    with pytest.raises(CoachingError, match="whole number from 1 to 5"):
        roleplay_score_submit(roleplay=roleplay, rater=world.art, scores={i.pk: 6 for i in items})
    with pytest.raises(CoachingError, match="not a rater"):
        roleplay_score_submit(roleplay=roleplay, rater=world.gil, scores={i.pk: 3 for i in items})
    roleplay_score_submit(roleplay=roleplay, rater=world.art, scores={i.pk: 3 for i in items})
    roleplay_score_submit(
        roleplay=roleplay, rater=world.art, scores={i.pk: 4 for i in items}, feedback="Better"
    )
    rating = RolePlayRating.objects.get(session=roleplay, rater=world.art)
    assert sorted(s.score for s in rating.scores.all()) == [4, 4, 4]
    assert rating.feedback == "Better"
    roleplay_rater_add(roleplay=roleplay, rater=world.gil)
    with pytest.raises(CoachingError, match="own role play"):
        roleplay_rater_add(roleplay=roleplay, rater=world.ann)


def test_only_published_scenarios_are_played_and_the_rep_does_not_rate(world: World) -> None:
    s = scenario(world.ada)
    with pytest.raises(CoachingError, match="plays the seller"):
        roleplay_create(
            scenario=s, rep=world.ann, coach=world.mia, partner=world.ann, created_by=world.mia
        )
    scenario_status_set(scenario=s, status="draft")
    with pytest.raises(CoachingError, match="published"):
        roleplay_create(
            scenario=s, rep=world.ann, coach=world.mia, partner=None, created_by=world.mia
        )


def test_retries_are_numbered_linked_and_show_the_improvement(world: World) -> None:
    s = scenario(world.ada)
    first = scored_roleplay(s, world.ann, world.mia, {world.mia: [2, 2, 3], world.art: [2, 3, 3]})
    second = roleplay_retry_create(previous=first, created_by=world.mia)
    assert (second.attempt, second.previous) == (2, first)
    assert {r.rater_id for r in second.ratings.all()} == {world.mia.pk, world.art.pk}
    items = list(s.rubric_items.all())
    for rater, values in ((world.mia, [4, 4, 4]), (world.art, [4, 3, 5])):
        roleplay_score_submit(
            roleplay=second,
            rater=rater,
            scores={i.pk: v for i, v in zip(items, values, strict=True)},
        )
    attempts = roleplay_attempts(roleplay=first)
    assert [a.roleplay.attempt for a in attempts] == [1, 2]
    # attempt 1: Mia 7/3, Art 8/3 -> 2.5; attempt 2: Mia 4, Art 4 -> 4.0
    assert attempts[0].overall == pytest.approx(2.5)
    assert attempts[1].overall == pytest.approx(4.0)
    assert roleplay_overall(roleplay=second) == pytest.approx(4.0)
    with pytest.raises(CoachingError, match="already has a retry"):
        roleplay_retry_create(previous=first, created_by=world.mia)


def test_a_used_rubric_cannot_change_but_the_story_can(world: World) -> None:
    from uplift.coaching.services import RubricItemInput, ScenarioInput

    s = scenario(world.ada)
    scored_roleplay(s, world.ann, world.mia, {world.mia: [3, 3, 3]})
    items = [RubricItemInput(i.competency, i.label, list(i.levels)) for i in s.rubric_items.all()]
    data = ScenarioInput(
        title="Price objection, CFO",
        competency=s.competency,
        buyer_persona="Dana, the CFO",
        situation=s.situation,
        objections=s.objections,
        success_criteria=s.success_criteria,
        rubric=items,
    )
    scenario_update(scenario=s, data=data)
    assert s.title == "Price objection, CFO"
    data.rubric = items[:1]
    with pytest.raises(CoachingError, match="cannot change"):
        scenario_update(scenario=s, data=data)
    data.competency = "juggling"
    with pytest.raises(CoachingError, match="Unknown competency"):
        scenario_update(scenario=s, data=data)
