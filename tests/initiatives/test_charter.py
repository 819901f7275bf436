"""The charter: launching with a frozen baseline, inviting the proposed stars, answering in the app
with quarterly commitments, closing with a retrospective, and the history kept."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail

from tests.conftest import World
from tests.initiatives.builders import analysed, launched, partnered
from uplift.core.refusals import Conflict, Invalid, NotAllowed
from uplift.initiatives.kinds import Kind
from uplift.initiatives.models import Commitment, InitiativeEvent, Partner
from uplift.initiatives.proposal import stars_proposed
from uplift.initiatives.services import (
    CharterInput,
    initiative_close,
    initiative_launch,
    invitation_answer,
    leader_commitments_set,
    partners_invite,
)

pytestmark = pytest.mark.django_db

START = date(2026, 1, 15)


def test_launch_freezes_the_gap_of_the_analysis_as_baseline(world: World) -> None:
    initiative = launched(world, starts_on=START, quarters=4, close_fraction=0.25)
    baseline = initiative.baseline
    assert baseline["as_of"] == "2026-03-31"
    assert baseline["primary_metric"] == "win_rate"
    assert baseline["label"] == "Win rate"
    assert baseline["gap_pct"] == pytest.approx(0.8)  # stars 0.45 vs core 0.25
    assert initiative.target_metric == "win_rate"
    assert initiative.ends_on == date(2027, 1, 14)  # four quarters from the start
    assert initiative.events.get().kind == InitiativeEvent.Kind.LAUNCHED


def test_a_team_too_small_for_a_gap_of_its_own_says_the_organisation_stands_in(
    world: World,
) -> None:
    initiative = launched(world, scope_team=world.north)  # Art and Bob (stars), Ann (core)
    assert initiative.baseline["scope"] == "organisation"
    assert initiative.baseline["gap_pct"] == pytest.approx(0.8)
    assert "North has too few ranked stars or core reps" in initiative.baseline["note"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "  "}, "name"),
        ({"purpose": ""}, "purpose"),
        ({"sponsor": "mia"}, "sponsor"),
        ({"owner": "lou"}, "owner"),
        ({"scope_team": "rival"}, "scope_team"),
        ({"quarters": 0}, "quarters"),
        ({"close_fraction": 1.5}, "close_fraction"),
    ],
)
def test_a_charter_that_does_not_hold_is_refused_on_its_field(
    world: World, change: dict[str, object], field: str
) -> None:
    values = {
        k: getattr(world, v) if isinstance(v, str) and hasattr(world, v) else v
        for k, v in change.items()
    }
    with pytest.raises(Invalid) as refused:
        launched(world, **values)
    assert refused.value.field == field


def test_only_a_leader_launches_and_only_after_an_analysis(world: World) -> None:
    charter = CharterInput(
        name="X", purpose="Y", sponsor=world.lou, owner=world.ada, scope_team=None, starts_on=START
    )
    with pytest.raises(NotAllowed):
        initiative_launch(launched_by=world.mia, charter=charter, run=analysed(world))
    with pytest.raises(Invalid, match="run the analysis first"):
        initiative_launch(launched_by=world.lou, charter=charter, run=None)


def test_the_stars_of_the_analysis_are_proposed_and_invited_by_e_mail(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    run = analysed(world)
    initiative = launched(world, run=run)
    stars = stars_proposed(organisation=world.org, scope_team=None, run=run)
    assert [s.name for s in stars] == ["Art Test", "Bob Test"]  # the likeliest star first
    people = [world.art, world.bob]
    with pytest.raises(NotAllowed):
        partners_invite(initiative=initiative, invited_by=world.lea, people=people)
    with django_capture_on_commit_callbacks(execute=True):
        invited = partners_invite(
            initiative=initiative,
            invited_by=world.lou,
            people=people,
            evidence={s.person_id: s.evidence("2026-03-31") for s in stars},
        )
    assert {p.person for p in invited} == set(people)
    assert invited[0].evidence["segment"] == "star"
    assert sorted(m.to[0] for m in mail.outbox) == ["art@acme.test", "bob@acme.test"]
    # inviting again changes nothing
    assert partners_invite(initiative=initiative, invited_by=world.lou, people=people) == []


def test_a_star_accepts_with_quarterly_commitments_for_the_rest_of_the_period(
    world: World,
) -> None:
    initiative = launched(world, starts_on=START, quarters=4)
    today = date(2026, 5, 1)  # in the second quarter
    partnered(initiative, world.art, {Kind.DEBRIEFS: 1, Kind.SESSIONS_HOSTED: 2}, today=today)
    commitments = Commitment.objects.filter(person=world.art).order_by("kind", "starts_on")
    quarters = [(c.kind, c.target, c.starts_on, c.ends_on) for c in commitments]
    assert quarters == [
        ("debriefs", 1, date(2026, 4, 15), date(2026, 7, 14)),
        ("debriefs", 1, date(2026, 7, 15), date(2026, 10, 14)),
        ("debriefs", 1, date(2026, 10, 15), date(2027, 1, 14)),
        ("sessions_hosted", 2, date(2026, 4, 15), date(2026, 7, 14)),
        ("sessions_hosted", 2, date(2026, 7, 15), date(2026, 10, 14)),
        ("sessions_hosted", 2, date(2026, 10, 15), date(2027, 1, 14)),
    ]
    kinds = list(initiative.events.values_list("kind", flat=True))
    assert kinds[:2] == [InitiativeEvent.Kind.ACCEPTED, InitiativeEvent.Kind.INVITED]


def test_an_answer_is_given_once_by_the_person_invited(world: World) -> None:
    initiative = launched(world)
    [partner] = partners_invite(initiative=initiative, invited_by=world.lou, people=[world.bob])
    with pytest.raises(NotAllowed):
        invitation_answer(partner=partner, actor=world.art, accept=False)
    with pytest.raises(Invalid, match="at least one"):
        invitation_answer(partner=partner, actor=world.bob, accept=True, counts={})
    with pytest.raises(Invalid) as too_many:
        invitation_answer(partner=partner, actor=world.bob, accept=True, counts={Kind.DEBRIEFS: 99})
    assert too_many.value.field == "debriefs_per_quarter"
    declined = invitation_answer(partner=partner, actor=world.bob, accept=False, note="Busy Q1")
    assert declined.status == Partner.Status.DECLINED
    assert not Commitment.objects.filter(person=world.bob).exists()
    with pytest.raises(Conflict):
        invitation_answer(partner=partner, actor=world.bob, accept=True, counts={Kind.DEBRIEFS: 1})


def test_leaders_commit_to_spotlights_events_and_sessions_attended(world: World) -> None:
    initiative = launched(world, starts_on=START, quarters=4)
    leader_commitments_set(
        initiative=initiative,
        leader=world.lea,
        counts={Kind.SPOTLIGHTS: 2, Kind.EVENTS: 1, Kind.SESSIONS_ATTENDED: 1},
        today=START,
    )
    mine = Commitment.objects.filter(person=world.lea)
    assert mine.filter(kind=Kind.SPOTLIGHTS).count() == 12  # one a month
    assert mine.filter(kind=Kind.EVENTS).count() == 1  # the year
    assert mine.filter(kind=Kind.SESSIONS_ATTENDED).count() == 4
    with pytest.raises(NotAllowed):
        leader_commitments_set(
            initiative=initiative, leader=world.mia, counts={Kind.SPOTLIGHTS: 1}, today=START
        )
    with pytest.raises(Invalid):
        leader_commitments_set(
            initiative=initiative, leader=world.lea, counts={Kind.DEBRIEFS: 1}, today=START
        )


def test_closing_needs_a_retrospective_and_keeps_the_history(world: World) -> None:
    initiative = launched(world, starts_on=START, quarters=4)
    partnered(initiative, world.art, {Kind.DEBRIEFS: 1}, today=START)
    with pytest.raises(Invalid) as short:
        initiative_close(initiative=initiative, actor=world.lou, retrospective="Done.")
    assert short.value.field == "retrospective"
    with pytest.raises(NotAllowed):
        initiative_close(initiative=initiative, actor=world.art, retrospective="x" * 30)
    closed = initiative_close(
        initiative=initiative,
        actor=world.lou,
        retrospective="Debriefs worked; sessions drifted in the summer. Next: smaller groups.",
        today=date(2026, 5, 1),
    )
    assert not closed.is_running
    assert closed.ends_on == date(2026, 5, 1)
    remaining = Commitment.objects.filter(person=world.art).order_by("starts_on")
    assert [(c.starts_on, c.ends_on) for c in remaining] == [
        (date(2026, 1, 15), date(2026, 4, 14)),
        (date(2026, 4, 15), date(2026, 5, 1)),
    ]
    assert closed.events.first().kind == InitiativeEvent.Kind.CLOSED  # type: ignore[union-attr]
    with pytest.raises(Conflict):
        partners_invite(initiative=closed, invited_by=world.lou, people=[world.bob])
    assert START + timedelta(days=1) > START  # the history stays: nothing was deleted
    assert closed.partners.count() == 1
