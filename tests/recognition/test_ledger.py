"""The points ledger: derived from the records, idempotent, append-only, reversible."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from tests.conftest import World
from tests.recognition.helpers import adoption_make, practice_make
from uplift.core.refusals import Invalid
from uplift.practices.models import Practice
from uplift.recognition.ledger import (
    ledger_sync,
    points_balance,
    points_balances,
    points_entry_reverse,
)
from uplift.recognition.models import Kudos, LedgerIsAppendOnlyError, PointsEntry, PointsRule
from uplift.recognition.rules import points_rules_ensure

Event = PointsRule.Event


def _kudos(giver, receiver, when=None):  # type: ignore[no-untyped-def]
    return Kudos.objects.create(
        organisation=giver.organisation,
        giver=giver,
        receiver=receiver,
        message="Thanks!",
        created_at=when or timezone.now(),
    )


def test_sharing_approval_adoption_and_kudos_earn_the_default_points(world: World) -> None:
    practice = practice_make(author=world.ann, title="Multi-thread early")
    adoption_make(practice=practice, person=world.bob, on=date(2026, 3, 1))
    adoption_make(practice=practice, person=world.gil, on=date(2026, 4, 1))
    adoption_make(practice=practice, person=world.ann, on=date(2026, 3, 1))  # her own: no points
    _kudos(world.art, world.ann)

    result = ledger_sync(organisation=world.org)

    # shared 10 + approved 25 + two adoptions by others 2 x 5 + one kudos received 2
    assert points_balance(person=world.ann) == 10 + 25 + 2 * 5 + 2
    assert result.appended == 5
    events = sorted(PointsEntry.objects.filter(person=world.ann).values_list("event", flat=True))
    assert events == sorted(
        [
            Event.PRACTICE_SHARED,
            Event.PRACTICE_APPROVED,
            Event.KUDOS_RECEIVED,
            Event.PRACTICE_ADOPTED,
            Event.PRACTICE_ADOPTED,
        ]
    )
    assert points_balance(person=world.art) == 0  # kudos given earns nothing by default


def test_a_draft_earns_nothing_and_a_practice_in_review_only_the_sharing_points(
    world: World,
) -> None:
    practice_make(author=world.ann, title="Draft idea", status=Practice.Status.DRAFT)
    practice_make(author=world.bob, title="In review", status=Practice.Status.IN_REVIEW)
    ledger_sync(organisation=world.org)
    assert points_balance(person=world.ann) == 0
    assert points_balance(person=world.bob) == 10


def test_sync_is_idempotent(world: World) -> None:
    practice = practice_make(author=world.ann, title="Ask for the close")
    adoption_make(practice=practice, person=world.bob, on=date(2026, 2, 1))
    first = ledger_sync(organisation=world.org)
    second = ledger_sync(organisation=world.org)
    assert first.appended == 3
    assert second.appended == 0
    assert PointsEntry.objects.filter(organisation=world.org).count() == 3


def test_balances_are_the_sums_of_the_entries(world: World) -> None:
    practice = practice_make(author=world.ann, title="Mutual plan", contributors=[world.art])
    for person in (world.bob, world.gil, world.mia):
        adoption_make(practice=practice, person=person, on=date(2026, 1, 15))
    for giver in (world.bob, world.gil, world.lou):
        _kudos(giver, world.art)
    ledger_sync(organisation=world.org)
    entry = PointsEntry.objects.filter(person=world.ann).order_by("pk").first()
    assert entry is not None
    points_entry_reverse(entry=entry, by=world.ada, reason="Counted twice by mistake")

    balances = points_balances(organisation=world.org)
    sums = {
        row["person_id"]: row["total"]
        for row in PointsEntry.objects.values("person_id").annotate(total=Sum("points"))
    }
    assert balances == sums
    assert sum(balances.values()) == sum(PointsEntry.objects.values_list("points", flat=True))
    for person_id, balance in balances.items():
        from uplift.orgs.models import Person

        assert points_balance(person=Person.objects.get(pk=person_id)) == balance


def test_a_reversal_is_a_new_row_pointing_at_the_original(world: World) -> None:
    _kudos(world.bob, world.ann)
    ledger_sync(organisation=world.org)
    original = PointsEntry.objects.get(person=world.ann)

    reversal = points_entry_reverse(entry=original, by=world.ada, reason="Duplicate kudos")

    assert reversal.points == -original.points
    assert reversal.reverses == original
    assert PointsEntry.objects.get(pk=original.pk).points == 2  # the original is untouched
    assert points_balance(person=world.ann) == 0
    with pytest.raises(Invalid, match="already reversed"):
        points_entry_reverse(entry=original, by=world.ada, reason="Again")
    with pytest.raises(Invalid, match="cannot itself be reversed"):
        points_entry_reverse(entry=reversal, by=world.ada, reason="Undo the undo")
    with pytest.raises(Invalid, match="Say why"):
        points_entry_reverse(entry=original, by=world.ada, reason="  ")
    # the next sync does not award the reversed event again
    assert ledger_sync(organisation=world.org).appended == 0
    assert points_balance(person=world.ann) == 0


def test_entries_cannot_be_changed_or_deleted(world: World) -> None:
    _kudos(world.bob, world.ann)
    ledger_sync(organisation=world.org)
    entry = PointsEntry.objects.get(person=world.ann)
    entry.points = 1000
    with pytest.raises(LedgerIsAppendOnlyError):
        entry.save()
    with pytest.raises(LedgerIsAppendOnlyError):
        entry.delete()
    with pytest.raises(LedgerIsAppendOnlyError):
        PointsEntry.objects.filter(pk=entry.pk).update(points=1000)
    with pytest.raises(LedgerIsAppendOnlyError):
        PointsEntry.objects.filter(pk=entry.pk).delete()
    assert PointsEntry.objects.get(pk=entry.pk).points == 2


def test_caps_limit_awards_per_person_and_period(world: World) -> None:
    points_rules_ensure(organisation=world.org)
    rule = PointsRule.objects.get(organisation=world.org, event=Event.KUDOS_RECEIVED)
    rule.cap, rule.cap_period = 2, PointsRule.Period.WEEK
    rule.save()
    monday = timezone.now() - timedelta(days=timezone.now().weekday() + 7)
    for giver in (world.bob, world.gil, world.art, world.mia):
        _kudos(giver, world.ann, monday)
    _kudos(world.lou, world.ann, monday + timedelta(days=7))  # the next week

    result = ledger_sync(organisation=world.org)

    assert points_balance(person=world.ann) == 3 * 2
    assert result.capped == 2
    assert ledger_sync(organisation=world.org).appended == 0


def test_people_of_another_organisation_never_get_points(world: World) -> None:
    practice = practice_make(author=world.ann, title="Cross-org")
    adoption_make(practice=practice, person=world.otto, on=date(2026, 1, 1))
    ledger_sync(organisation=world.org)
    ledger_sync(organisation=world.other_org)
    assert points_balance(person=world.otto) == 0
    assert not PointsEntry.objects.filter(organisation=world.other_org).exists()
