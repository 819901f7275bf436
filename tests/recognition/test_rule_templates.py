"""A points rule's key template is filled in when it is saved: one that the ledger could not fill
in, or that would merge two awards, is refused with a clear message, and the ledger keeps
syncing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import World
from uplift.core.refusals import Invalid
from uplift.recognition.ledger import ledger_sync, points_balance
from uplift.recognition.models import Kudos, PointsRule
from uplift.recognition.rules import DEFAULT_TEMPLATE, points_rule_update, points_rules_ensure

Event = PointsRule.Event


def _save(rule: PointsRule, template: str) -> PointsRule:
    return points_rule_update(
        rule=rule,
        points=rule.points,
        recipient=rule.recipient,
        cap=rule.cap,
        cap_period=rule.cap_period,
        dedup_template=template,
        active=rule.active,
    )


def _rule(world: World, event: str = Event.KUDOS_RECEIVED) -> PointsRule:
    points_rules_ensure(organisation=world.org)
    return PointsRule.objects.get(organisation=world.org, event=event)


# Each of these passed the placeholder checks and then stopped every ledger sync (or merged
# awards, or could not be stored).
BAD_TEMPLATES = [
    ("{event}:{source_id}:{person_id!x}", "cannot be filled in: Unknown conversion specifier x"),
    ("{event:d}:{source_id}:{person_id}", "cannot be filled in: Unknown format code 'd'"),
    ("{event}:{source_id}:{person_id:%Y}", "cannot be filled in: Invalid format specifier"),
    ("{event}:{source_id}:{person_id:c}", "cannot be filled in:"),
    ("{event}:{source_id}:{person_id:.2}", "cannot be filled in: Precision not allowed"),
    ("{event}:{source_id}:{person_id:e}", "gives two different awards the same key"),
    ("{event}:{source_id}{person_id}", "gives two different awards the same key"),
    ("{event}:{period:.4}:{person_id}", "gives two different awards the same key"),
    ("{event}:{source_id:>99}:{person_id:>99}:{period:>60}", "at most 255 are stored"),
    ("{event}:{source_id}:{person_id:>99999999999}", "no widths of 100 or more"),
    ("{event}:{source_id}:{person_id:{source_id}}", "no formats inside formats"),
    ("rev{event}:{source_id}:{person_id}".replace("rev", "reversal"), "kept for reversals"),
]


@pytest.mark.parametrize(("template", "message"), BAD_TEMPLATES)
def test_a_template_the_ledger_could_not_use_is_refused_and_the_ledger_keeps_syncing(
    world: World, template: str, message: str
) -> None:
    rule = _rule(world)
    with pytest.raises(Invalid, match=r"key template|reversals") as refusal:
        _save(rule, template)
    assert message in refusal.value.message
    rule.refresh_from_db()
    assert rule.dedup_template == DEFAULT_TEMPLATE
    Kudos.objects.create(organisation=world.org, giver=world.bob, receiver=world.ann, message="Hi")
    ledger_sync(organisation=world.org)
    assert points_balance(person=world.ann) == rule.points


@pytest.mark.parametrize(
    "template",
    [
        "{event}/{person_id:x}/{source_id:08d}",
        "k-{person_id}-{period}",
        "{person_id!r}.{source_id}",
    ],
)
def test_an_unusual_template_that_fills_in_is_kept(world: World, template: str) -> None:
    assert _save(_rule(world), template).dedup_template == template


def test_two_rules_may_not_share_their_keys(world: World) -> None:
    _save(_rule(world, Event.KUDOS_RECEIVED), "k:{source_id}:{person_id}")
    with pytest.raises(Invalid, match="same as the rule for “Kudos received”"):
        _save(_rule(world, Event.PRACTICE_SHARED), "k:{source_id}:{person_id}")


def test_the_settings_page_says_why_a_template_is_refused(
    world: World, client: Client, login: Any
) -> None:
    rule = _rule(world)
    login(world.ada)
    response = client.post(
        f"/recognition/admin/rules/{rule.pk}/",
        {
            "points": rule.points,
            "recipient": rule.recipient,
            "cap": rule.cap or "",
            "cap_period": rule.cap_period,
            "dedup_template": "{event}:{source_id}:{person_id!x}",
            "active": "on",
        },
    )
    assert response.status_code == 400
    assert "The key template cannot be filled in" in response.text
