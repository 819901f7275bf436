"""The demo's practice library: cards from what the stars do, most approved by a sponsor, two in
review and a draft; versions, conversations, and the back-filled adoptions moved on without
duplicates; running it again changes nothing."""

from __future__ import annotations

import pytest

from uplift.analytics.behaviour.catalogue import CYCLE, MEETINGS
from uplift.demo.practice_cards import CARDS, DemoCard
from uplift.demo.practices import practice_adoptions_seed, practice_cards_seed
from uplift.demo.steps import DemoState, demo_steps
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import drivers_of
from uplift.practices.models import Adoption, Practice, PracticeComment, PracticeVersion

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot(org: object) -> tuple[object, ...]:
    adoptions = Adoption.objects.filter(practice__organisation=org)
    return (
        sorted(Practice.objects.filter(organisation=org).values_list("title", "status", "version")),
        PracticeComment.objects.filter(practice__organisation=org).count(),
        PracticeVersion.objects.filter(practice__organisation=org).count(),
        sorted(adoptions.values_list("person_id", "practice_id", "stage")),
    )


def test_the_demo_seeds_the_library_once() -> None:
    state = DemoState(seed=7)
    for label, step in demo_steps()[:4]:  # export, import, analyse, logins
        assert label
        step(state)
    org = state.organisation
    imported = Adoption.objects.filter(practice__organisation=org).count()
    practice_cards_seed(state)
    practice_adoptions_seed(state)
    first = _snapshot(org)
    practice_cards_seed(state)
    practice_adoptions_seed(state)
    assert _snapshot(org) == first
    cards = {p.title: p for p in Practice.objects.filter(organisation=org)}
    for card in CARDS:
        assert cards[card.title].status == card.status
    approved = [p for p in cards.values() if p.status == Practice.Status.APPROVED]
    assert len(approved) == 5
    for practice in approved:
        assert practice.sponsor is not None
        assert practice.sponsor.role == "leader"
        assert practice.contributors.exists()
        assert practice.approved_at is not None
        assert practice.approved_at > practice.created_at
    # Each card cites rows the analysis just produced: its behaviours' star and core numbers.
    run = analysis_latest(organisation=org)
    drivers = drivers_of(run)
    assert drivers is not None
    compared = {d["behavior"]: d for d in drivers.drivers}
    for card in CARDS:
        rows = list(cards[card.title].evidence.values_list("behavior", "star", "core", "q_value"))
        assert rows, f"{card.title!r} cites no evidence"
        for behavior, star, core, q_value in rows:
            assert behavior in card.behaviour_keys
            driver = compared[behavior]
            assert (star, core, q_value) == (driver["star"], driver["core"], driver["q_value"])
    multi = cards["Multi-thread every deal above 50k"]
    assert multi.version == 2
    assert multi.evidence.filter(behavior="contacts_per_opportunity").exists()
    row = multi.evidence.get(behavior="contacts_per_opportunity")
    assert row.star > row.core  # the generator plants multi-threading in its stars
    assert multi.comments.filter(parent__isnull=False).exists()
    adoptions = Adoption.objects.filter(practice__organisation=org)
    assert adoptions.filter(source="import").count() == imported  # moved on, not duplicated
    assert adoptions.filter(stage=Adoption.Stage.DEMONSTRATED).exists()
    habitual = adoptions.filter(stage=Adoption.Stage.HABITUAL)
    assert habitual.exists()
    for adoption in habitual:
        assert adoption.habitual_basis in ("metric", "manager")
        assert adoption.demonstrated_on is not None
        assert adoption.practising_on is not None
        assert adoption.practising_on <= adoption.demonstrated_on <= adoption.habitual_on
    assert adoptions.filter(source="app", stage=Adoption.Stage.PLANNED).exists()


def test_a_demo_card_refuses_an_outcome_as_evidence() -> None:
    with pytest.raises(ValueError, match="sales_cycle_days"):
        DemoCard(
            title="Close faster",
            problem="",
            when_to_use="",
            steps="",
            talk_tracks="",
            stage_tags=("closing",),
            competency_tags=("closing",),
            behaviours=(MEETINGS, CYCLE),
            status="draft",
        )
