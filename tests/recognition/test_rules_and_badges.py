"""Points rules stored as data, edited by admins; badges with levels, by rule or by a leader."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tests.conftest import World
from tests.recognition.helpers import adoption_make, practice_make
from uplift.core.refusals import Conflict, Invalid
from uplift.practices.models import Practice
from uplift.recognition.badges import (
    badge_award_give,
    badge_level_update,
    badges_award_earned,
    badges_ensure,
)
from uplift.recognition.ledger import ledger_sync, points_balance
from uplift.recognition.models import BadgeAward, BadgeLevel, Kudos, PointsEntry, PointsRule
from uplift.recognition.rules import DEFAULT_RULES, points_rule_update, points_rules_ensure

Event = PointsRule.Event


def _rule(world: World, event: str) -> PointsRule:
    points_rules_ensure(organisation=world.org)
    return PointsRule.objects.get(organisation=world.org, event=event)


def _update(rule: PointsRule, **changes: object) -> PointsRule:
    values = {
        "points": rule.points,
        "recipient": rule.recipient,
        "cap": rule.cap,
        "cap_period": rule.cap_period,
        "dedup_template": rule.dedup_template,
        "active": rule.active,
    }
    values.update(changes)
    return points_rule_update(rule=rule, **values)  # type: ignore[arg-type]


def test_each_organisation_gets_the_default_rules_once(world: World) -> None:
    points_rules_ensure(organisation=world.org)
    points_rules_ensure(organisation=world.org)
    points_rules_ensure(organisation=world.other_org)
    assert PointsRule.objects.filter(organisation=world.org).count() == len(DEFAULT_RULES)
    assert PointsRule.objects.filter(organisation=world.other_org).count() == len(DEFAULT_RULES)


def test_an_edited_rule_changes_what_new_events_earn(world: World) -> None:
    _update(_rule(world, Event.KUDOS_RECEIVED), points=7)
    Kudos.objects.create(organisation=world.org, giver=world.bob, receiver=world.ann, message="Hi")
    ledger_sync(organisation=world.org)
    assert points_balance(person=world.ann) == 7


def test_a_rule_can_send_the_points_to_the_giver_instead(world: World) -> None:
    _update(_rule(world, Event.KUDOS_GIVEN), active=True, points=1)
    _update(_rule(world, Event.KUDOS_RECEIVED), active=False)
    Kudos.objects.create(organisation=world.org, giver=world.bob, receiver=world.ann, message="Hi")
    ledger_sync(organisation=world.org)
    assert (points_balance(person=world.bob), points_balance(person=world.ann)) == (1, 0)


def test_a_per_period_key_template_awards_once_per_person_and_month(world: World) -> None:
    _update(
        _rule(world, Event.KUDOS_RECEIVED),
        dedup_template="{event}:{person_id}:{period}",
        cap_period=PointsRule.Period.MONTH,
    )
    now = timezone.now()
    for giver in (world.bob, world.gil, world.art):
        Kudos.objects.create(
            organisation=world.org, giver=giver, receiver=world.ann, message="Hi", created_at=now
        )
    ledger_sync(organisation=world.org)
    assert PointsEntry.objects.filter(person=world.ann).count() == 1


def test_changing_the_template_does_not_award_old_events_again(world: World) -> None:
    Kudos.objects.create(organisation=world.org, giver=world.bob, receiver=world.ann, message="Hi")
    ledger_sync(organisation=world.org)
    _update(_rule(world, Event.KUDOS_RECEIVED), dedup_template="kudos-{source_id}-{person_id}")
    assert ledger_sync(organisation=world.org).appended == 0
    assert points_balance(person=world.ann) == 2


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"dedup_template": "{event}:{source_id}"}, "must contain {person_id}"),
        ({"dedup_template": "{event}:{person_id}"}, "{source_id} or {period}"),
        ({"dedup_template": "{who}:{person_id}:{source_id}"}, "Unknown placeholder"),
        ({"dedup_template": "{person_id"}, "not valid"),
        ({"dedup_template": "reversal:{person_id}:{source_id}"}, "kept for reversals"),
        ({"recipient": "contributors"}, "can go to: the person who received"),
        ({"points": 5000}, "between -1000 and 1000"),
        ({"cap": 0}, "between 1 and 1000"),
    ],
)
def test_bad_rules_are_refused(world: World, changes: dict[str, object], error: str) -> None:
    rule = _rule(world, Event.KUDOS_RECEIVED)
    with pytest.raises(Invalid, match=error.replace("{", r"\{").replace("}", r"\}")):
        _update(rule, **changes)
    rule.refresh_from_db()
    assert rule.points == 2


def test_badge_levels_follow_the_count_of_approved_practices(world: World) -> None:
    badges_ensure(organisation=world.org)
    for n in range(3):
        practice_make(author=world.ann, title=f"Practice {n}")
    practice_make(author=world.ann, title="Not yet", status=Practice.Status.IN_REVIEW)
    practice_make(author=world.bob, title="Bob's one")

    assert badges_award_earned(organisation=world.org) == 3  # Ann bronze + silver, Bob bronze
    assert badges_award_earned(organisation=world.org) == 0
    awards = BadgeAward.objects.filter(level__badge__slug="sharer")
    held = set(awards.values_list("person__full_name", "level__name"))
    assert held == {("Ann Test", "Bronze"), ("Ann Test", "Silver"), ("Bob Test", "Bronze")}


def test_adoption_reach_counts_distinct_adopters_other_than_contributors(world: World) -> None:
    badges_ensure(organisation=world.org)
    level = BadgeLevel.objects.get(badge__organisation=world.org, badge__slug="multiplier", rank=1)
    badge_level_update(level=level, name="Bronze", threshold=2)
    first = practice_make(author=world.ann, title="One")
    second = practice_make(author=world.ann, title="Two")
    adoption_make(practice=first, person=world.bob, on=date(2026, 1, 1))
    adoption_make(practice=second, person=world.bob, on=date(2026, 1, 1))  # same person
    badges_award_earned(organisation=world.org)
    assert not BadgeAward.objects.filter(level=level).exists()
    adoption_make(practice=second, person=world.gil, on=date(2026, 1, 1))
    badges_award_earned(organisation=world.org)
    assert BadgeAward.objects.get(level=level).person == world.ann


def test_a_leader_gives_a_badge_once(world: World) -> None:
    badges_ensure(organisation=world.org)
    level = BadgeLevel.objects.get(badge__organisation=world.org, badge__slug="leaders-pick")
    award = badge_award_give(level=level, person=world.ann, by=world.lou, reason="Went further")
    assert (award.awarded_by, award.reason) == (world.lou, "Went further")
    with pytest.raises(Conflict, match="already holds"):
        badge_award_give(level=level, person=world.ann, by=world.lou, reason="Again")
    with pytest.raises(Invalid, match="someone else in your organisation"):
        badge_award_give(level=level, person=world.otto, by=world.lou, reason="Elsewhere")
    with pytest.raises(Invalid, match="what the badge is for"):
        badge_award_give(level=level, person=world.bob, by=world.lou, reason=" ")


def test_level_thresholds_stay_in_order(world: World) -> None:
    badges_ensure(organisation=world.org)
    silver = BadgeLevel.objects.get(badge__organisation=world.org, badge__slug="sharer", rank=2)
    with pytest.raises(Invalid, match="above the level below"):
        badge_level_update(level=silver, name="Silver", threshold=1)
    with pytest.raises(Invalid, match="above the level below"):
        badge_level_update(level=silver, name="Silver", threshold=5)
    assert badge_level_update(level=silver, name="Silver", threshold=4).threshold == 4
