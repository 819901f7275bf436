"""Events: nominating with evidence from Uplift's records, shortlisting, deciding, and who sees
what."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.awards.conftest import Stage
from tests.conftest import World
from uplift.awards import access as award_access
from uplift.awards import selectors, services
from uplift.awards.evidence import evidence_options
from uplift.awards.models import AwardEvent, Nomination
from uplift.core.refusals import Invalid
from uplift.practices.models import Practice


def nominate(stage: Stage, world: World, nominator=None, keys=None, category=0):  # type: ignore[no-untyped-def]
    category_id = list(stage.event.categories.all())[category].pk
    return services.nomination_create(
        event=stage.event,
        category_id=category_id,
        nominee=world.ann,
        nominator=nominator or world.bob,
        reason="Her multi-threading practice changed how our whole team runs proposals.",
        evidence_keys=keys if keys is not None else [f"practice:{stage.practice.pk}"],
    )


def test_evidence_lists_the_nominees_practices_adopters_and_kudos(
    stage: Stage, world: World
) -> None:
    options = {o.key: o for o in evidence_options(viewer=world.bob, nominee=world.ann)}
    practice = options[f"practice:{stage.practice.pk}"]
    assert practice.label == "Shared “Multi-thread before the proposal”"
    assert practice.detail == "Approved; adopted by 2 colleagues (Art Test, Bob Test)"
    kudos = options[f"kudos:{stage.kudos.pk}"]
    assert kudos.label == "Kudos from Gil Test"
    assert "discovery call plan" in kudos.detail


def test_a_nomination_stores_the_picked_evidence_as_it_read(stage: Stage, world: World) -> None:
    nomination = nominate(
        stage, world, keys=[f"practice:{stage.practice.pk}", f"kudos:{stage.kudos.pk}"]
    )
    assert [item["key"] for item in nomination.evidence] == [
        f"practice:{stage.practice.pk}",
        f"kudos:{stage.kudos.pk}",
    ]
    assert nomination.evidence[0]["detail"].startswith("Approved; adopted by 2")


def test_evidence_as_of_a_day_leaves_out_what_came_after(stage: Stage, world: World) -> None:
    # The practice was approved and adopted (1 March) before 10 March; the kudos came today.
    Practice.objects.filter(pk=stage.practice.pk).update(
        created_at=datetime(2026, 2, 1, tzinfo=UTC),
        submitted_at=datetime(2026, 2, 2, tzinfo=UTC),
        approved_at=datetime(2026, 3, 20, tzinfo=UTC),
    )
    then = {
        o.key: o
        for o in evidence_options(viewer=world.bob, nominee=world.ann, until=date(2026, 3, 10))
    }
    assert f"kudos:{stage.kudos.pk}" not in then
    practice = then[f"practice:{stage.practice.pk}"]
    assert practice.detail.startswith("In review; adopted by 2 colleagues")  # approved later
    with pytest.raises(Invalid, match="Pick evidence from the list"):
        services.nomination_create(
            event=stage.event,
            category_id=stage.event.categories.first().pk,  # type: ignore[union-attr]
            nominee=world.ann,
            nominator=world.bob,
            reason="Her multi-threading practice changed how our whole team runs proposals.",
            evidence_keys=[f"kudos:{stage.kudos.pk}"],
            evidence_as_of=date(2026, 3, 10),
        )
    before = evidence_options(viewer=world.bob, nominee=world.ann, until=date(2026, 1, 31))
    assert before == []  # nothing of hers was recorded yet


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"keys": ["practice:999999"]}, "Pick evidence from the list"),
        ({"keys": []}, "at least one piece of evidence"),
        ({"nominator": "ann"}, "cannot nominate yourself"),
    ],
)
def test_bad_nominations_are_refused_with_a_reason(
    stage: Stage, world: World, change: dict[str, object], message: str
) -> None:
    kwargs = dict(change)
    if kwargs.get("nominator") == "ann":
        kwargs["nominator"] = world.ann
    with pytest.raises(Invalid, match=message):
        nominate(stage, world, **kwargs)  # type: ignore[arg-type]
    assert Nomination.objects.count() == 0


def test_the_same_nomination_twice_is_refused(stage: Stage, world: World) -> None:
    nominate(stage, world)
    with pytest.raises(Invalid, match="already nominated Ann Test"):
        nominate(stage, world)


def test_a_short_reason_is_refused(stage: Stage, world: World) -> None:
    with pytest.raises(Invalid, match="at least 20 characters"):
        services.nomination_create(
            event=stage.event,
            category_id=stage.event.categories.first().pk,  # type: ignore[union-attr]
            nominee=world.ann,
            nominator=world.bob,
            reason="great",
            evidence_keys=["points"],
        )


def test_shortlist_and_decide(stage: Stage, world: World) -> None:
    first = nominate(stage, world)
    second = nominate(stage, world, nominator=world.mia)
    with pytest.raises(Invalid, match="once nominations have closed"):
        services.nomination_shortlist_set(nomination=first, shortlisted=True)
    services.award_event_advance(event=stage.event, to="shortlisting")
    with pytest.raises(Invalid, match="must be on its shortlist"):
        services.award_winners_decide(
            event=stage.event,
            decided_by=world.lou,
            choices=[services.WinnerChoice(first.category_id, world.ann.pk, "For sharing.")],
        )
    services.nomination_shortlist_set(nomination=first, shortlisted=True)
    second.refresh_from_db()
    assert second.shortlisted  # one place on the shortlist per person and award
    with pytest.raises(Invalid, match="Write the citation"):
        services.award_winners_decide(
            event=stage.event,
            decided_by=world.lou,
            choices=[services.WinnerChoice(first.category_id, world.ann.pk, "  ")],
        )
    services.award_winners_decide(
        event=stage.event,
        decided_by=world.lou,
        choices=[services.WinnerChoice(first.category_id, world.ann.pk, "For sharing.")],
    )
    stage.event.refresh_from_db()
    assert stage.event.status == AwardEvent.Status.DECIDED
    assert stage.event.decided_at is not None
    with pytest.raises(Invalid, match="closed"):
        nominate(stage, world, nominator=world.gil)


def test_nominations_are_seen_by_leaders_and_their_nominator_only(
    stage: Stage, world: World
) -> None:
    nominate(stage, world, nominator=world.bob)
    nominate(stage, world, nominator=world.mia)
    seen = {
        person.full_name: award_access.nominations_visible(person, stage.event).count()
        for person in (world.lou, world.lea, world.bob, world.mia, world.ann, world.ada)
    }
    assert seen == {
        "Lou Test": 2,
        "Lea Test": 2,
        "Bob Test": 1,
        "Mia Test": 1,
        "Ann Test": 0,
        "Ada Test": 0,
    }


def test_winners_are_shown_only_once_decided(stage: Stage, world: World) -> None:
    nomination = nominate(stage, world)
    services.award_event_advance(event=stage.event, to="shortlisting")
    services.nomination_shortlist_set(nomination=nomination, shortlisted=True)
    views = selectors.event_categories(viewer=world.gil, event=stage.event)
    assert all(v.winner is None and v.finalists == [] for v in views)
    services.award_winners_decide(
        event=stage.event,
        decided_by=world.lou,
        choices=[services.WinnerChoice(nomination.category_id, world.ann.pk, "For sharing.")],
    )
    stage.event.refresh_from_db()
    views = selectors.event_categories(viewer=world.gil, event=stage.event)
    assert views[0].winner is not None
    assert views[0].winner.nominee == world.ann
    assert views[0].finalists == [world.ann]
    assert views[0].groups == []  # Gil still does not see the nominations themselves


def test_an_event_needs_a_name_and_categories(world: World) -> None:
    with pytest.raises(Invalid, match="at least one award category"):
        services.award_event_create(
            organisation=world.org,
            created_by=world.lou,
            name="Empty",
            held_on=date(2026, 1, 1),
            categories=[],
        )
    with pytest.raises(Invalid, match="same name"):
        services.award_event_create(
            organisation=world.org,
            created_by=world.lou,
            name="Twice",
            held_on=date(2026, 1, 1),
            categories=[services.CategorySpec("A"), services.CategorySpec("a")],
        )
